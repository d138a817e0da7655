/**
 * `--vary PARAM=FROM..TO`: which parameter of the normalized workload a sweep changes, and how.
 * Pure: parsing returns a spec or throws FlowcostError (exit 2) with a hint; applying returns a new
 * Workload, the original untouched.
 */
import { FlowcostError, closest } from '../errors/problem.js';
import { formatPercent } from '../report/format.js';
import { formatDurationMs, parseDurationMs } from '../workload/units.js';
import { states as graphStates, type Scope, type State } from '../workload/graph.js';
import { MAX_EXECUTIONS_PER_MONTH } from '../workload/values.js';
import type { Distribution, LambdaSettings, Workload } from '../workload/types.js';
import { distributionMean } from '../workload/distributions.js';
import { localeNumber } from '../report/locale-number.js';

/**
 * What a sweep varies. `step` names a state of the workload's graph: a step of a step tree
 * (`steps.<name>.…`) or a state of an imported definition (`states.<name>.…`); either prefix
 * reaches either kind of workload, as both are one state graph.
 */
export type SweepParameter =
  | { readonly kind: 'executionsPerMonth' }
  /** A task's or a wait's duration (a callback wait's: the wait): scaled so that its median is the value. */
  | { readonly kind: 'duration'; readonly step: string; readonly stepKind: 'task' | 'wait'; readonly fixed: boolean }
  /** How long a task waits for its callback, activity worker or `.sync` job. */
  | { readonly kind: 'callbackWait'; readonly step: string; readonly fixed: boolean }
  /** `lambda.memoryMb` (no step): the single function and every task that ran at its memory. */
  | { readonly kind: 'memoryMb'; readonly step: string | undefined }
  | { readonly kind: 'failureRate'; readonly step: string }
  /** A Map's item count, fixed at the value. */
  | { readonly kind: 'items'; readonly step: string };

export interface VarySpec {
  readonly path: string;
  readonly parameter: SweepParameter;
  readonly from: number;
  readonly to: number;
}

const PARAMETERS_HINT =
  'vary one of: executionsPerMonth, lambda.memoryMb, steps.<name>.duration, steps.<name>.memoryMb, steps.<name>.failureRate, steps.<name>.items ' +
  '(states.<name>.… for an imported state machine, also states.<name>.callbackWait; ' +
  'e.g. --vary executionsPerMonth=100k..10M or --vary steps.charge-card.duration=1s..20m)';

/** A state as a sweep sees it: a step-tree poll's check is a task of its own ("<poll> (check)"). */
interface Variable {
  readonly name: string;
  readonly kind: 'task' | 'wait' | 'parallel' | 'map' | 'choice' | 'pass' | 'succeed' | 'fail';
  readonly duration: Distribution | undefined;
  readonly callbackWait: Distribution | undefined;
}

function variables(workload: Workload): Variable[] {
  const out: Variable[] = [];
  for (const state of graphStates(workload.graph)) {
    switch (state.kind) {
      case 'task': {
        const asWait = state.written === 'wait';
        out.push({
          name: state.name,
          kind: asWait ? 'wait' : 'task',
          duration: asWait ? state.wait : state.duration,
          callbackWait: asWait ? undefined : state.wait,
        });
        break;
      }
      case 'wait':
        out.push({ name: state.name, kind: 'wait', duration: state.duration, callbackWait: undefined });
        break;
      case 'poll':
        out.push({ name: state.name, kind: 'wait', duration: state.duration, callbackWait: undefined });
        out.push({ name: state.check.name, kind: 'task', duration: state.check.duration, callbackWait: undefined });
        break;
      default:
        out.push({ name: state.name, kind: state.kind, duration: undefined, callbackWait: undefined });
    }
  }
  return out;
}

/**
 * The workload's most decisive duration, for the HTML report's decision map: the step with the
 * longest mean duration (a task's run, or what it waits for: a callback, a .sync job, a Wait, a
 * polling loop). That is the duration that moves an execution against the time limits (15 minutes
 * for one function, 5 for Express) and the bills that grow with time (one function, Express) the
 * most. From a tenth of its median to ten times it; undefined when the workload has no such step.
 */
export function decisiveDuration(workload: Workload): VarySpec | undefined {
  const prefix = workload.graph.origin.kind === 'steps' ? 'steps' : 'states';
  let best: { name: string; field: 'duration' | 'callbackWait'; mean: number; dist: Distribution; stepKind: 'task' | 'wait' } | undefined;
  for (const v of variables(workload)) {
    if (v.kind !== 'task' && v.kind !== 'wait') continue;
    for (const [field, dist] of [['duration', v.duration], ['callbackWait', v.callbackWait]] as const) {
      if (!dist) continue;
      const mean = distributionMean(dist);
      if (best === undefined || mean > best.mean) best = { name: v.name, field, mean, dist, stepKind: v.kind };
    }
  }
  if (!best || !(best.mean > 0)) return undefined;
  const median = medianOf(best.dist);
  const fixed = best.dist.kind === 'fixed';
  const parameter: SweepParameter =
    best.field === 'duration'
      ? { kind: 'duration', step: best.name, stepKind: best.stepKind, fixed }
      : { kind: 'callbackWait', step: best.name, fixed };
  return { path: `${prefix}.${best.name}.${best.field}`, parameter, from: Math.max(1, median / 10), to: Math.max(10, median * 10) };
}

/** The workload's own value of a parameter (where "this workload" sits on a map); undefined when it has none. */
export function currentValue(workload: Workload, parameter: SweepParameter): number | undefined {
  if (parameter.kind === 'executionsPerMonth') return workload.executionsPerMonth;
  if (parameter.kind === 'memoryMb' && parameter.step === undefined) return workload.singleFunction.memoryMb;
  for (const state of graphStates(workload.graph)) {
    if (parameter.kind === 'memoryMb' && state.kind === 'poll' && state.check.name === parameter.step) return state.check.lambda.memoryMb;
    if (parameter.kind === 'duration' && state.kind === 'poll' && state.check.name === parameter.step) return medianOf(state.check.duration);
    if (state.name !== parameter.step) continue;
    switch (parameter.kind) {
      case 'duration':
        if (state.kind === 'task') return medianOf(state.written === 'wait' && state.wait ? state.wait : state.duration);
        if (state.kind === 'wait' || state.kind === 'poll') return medianOf(state.duration);
        return undefined;
      case 'callbackWait':
        return state.kind === 'task' && state.wait ? medianOf(state.wait) : undefined;
      case 'memoryMb':
        return state.kind === 'task' ? state.lambda.memoryMb : undefined;
      case 'failureRate':
        return state.kind === 'task' ? state.failureRate : undefined;
      case 'items':
        return state.kind === 'map' ? Math.min(state.items.max, Math.max(state.items.min, medianOf(state.items.dist))) : undefined;
    }
  }
  return undefined;
}

/** The median a sweep scales a distribution to (withMedian's inverse). */
function medianOf(dist: Distribution): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'lognormal':
      return Math.exp(dist.mu);
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'normal':
    case 'poisson':
      return dist.mean;
    case 'empirical': {
      const sorted = [...dist.values].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? 0;
    }
  }
}

function usage(message: string, hint: string, actual?: string): FlowcostError {
  return new FlowcostError([{ code: 'usage', message, hint, ...(actual === undefined ? {} : { actual }) }]);
}

export function parseVary(text: string, workload: Workload): VarySpec {
  const eq = text.indexOf('=');
  const range = eq === -1 ? '' : text.slice(eq + 1);
  const dots = range.indexOf('..');
  if (eq === -1 || dots === -1) throw usage(`--vary must look like PARAM=FROM..TO (got "${text}")`, PARAMETERS_HINT, text);
  const path = text.slice(0, eq).trim();
  const parameter = parseParameter(path, workload);
  const from = parseValue(parameter, range.slice(0, dots).trim(), path);
  const to = parseValue(parameter, range.slice(dots + 2).trim(), path);
  if (!(from < to)) throw usage(`--vary ${path}: FROM must be less than TO (got ${range})`, `write the smaller value first, e.g. ${path}=${range.slice(dots + 2)}..${range.slice(0, dots)}`, range);
  return { path, parameter, from, to };
}

function parseParameter(path: string, workload: Workload): SweepParameter {
  if (path === 'executionsPerMonth') return { kind: 'executionsPerMonth' };
  if (path === 'lambda.memoryMb') return { kind: 'memoryMb', step: undefined };
  const match = /^(steps|states)\.(.+)\.(duration|callbackWait|memoryMb|failureRate|items)$/.exec(path);
  if (!match) throw usage(`--vary: unknown parameter "${path}"`, PARAMETERS_HINT, path);
  const prefix = match[1]!;
  const name = match[2]!;
  const field = match[3]!;
  const noun = prefix === 'steps' ? 'step' : 'state';
  const all = variables(workload);
  const found = all.find((s) => s.name === name);
  if (!found) {
    const suggestion = closest(name, all.map((s) => s.name));
    throw usage(
      `--vary: no ${noun} named "${name}" in workload "${workload.name}"`,
      suggestion ? `did you mean ${prefix}.${suggestion}.${field}?` : `${noun}s are: ${all.map((s) => s.name).join(', ')}`,
      name,
    );
  }
  const need = (kinds: readonly Variable['kind'][], fits: (v: Variable) => boolean = () => true) => {
    if (!kinds.includes(found.kind) || !fits(found)) {
      const fitting = all.filter((s) => kinds.includes(s.kind) && fits(s)).map((s) => s.name);
      throw usage(
        `--vary: ${noun} "${name}" is a ${found.kind}; ${field} applies to ${kinds.join(' and ')} ${noun}s${field === 'callbackWait' ? ' that wait for a callback, an activity or a .sync job' : ''}`,
        fitting.length > 0 ? `try one of: ${fitting.map((n) => `${prefix}.${n}.${field}`).join(', ')}` : `this workload has no such ${noun}`,
        path,
      );
    }
  };
  switch (field) {
    case 'duration':
      need(['task', 'wait']);
      return { kind: 'duration', step: name, stepKind: found.kind === 'wait' ? 'wait' : 'task', fixed: found.duration?.kind === 'fixed' };
    case 'callbackWait':
      need(['task'], (v) => v.callbackWait !== undefined);
      return { kind: 'callbackWait', step: name, fixed: found.callbackWait?.kind === 'fixed' };
    case 'memoryMb':
      need(['task']);
      return { kind: 'memoryMb', step: name };
    case 'failureRate':
      need(['task']);
      return { kind: 'failureRate', step: name };
    default:
      need(['map']);
      return { kind: 'items', step: name };
  }
}

const COUNT_SUFFIX: Readonly<Record<string, number>> = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9 };

function parseValue(parameter: SweepParameter, text: string, path: string): number {
  const bad = (expected: string) => usage(`--vary ${path}: "${text}" is not ${expected}`, `write it like ${example(parameter)}`, text);
  switch (parameter.kind) {
    case 'executionsPerMonth': {
      const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kKmMbB]?)$/.exec(text);
      const value = m ? Number(m[1]) * COUNT_SUFFIX[m[2]!]! : NaN;
      if (!(value > 0 && Number.isFinite(value))) throw bad('a positive number of executions');
      // The same cap as a workload's own executionsPerMonth.
      if (value > MAX_EXECUTIONS_PER_MONTH) throw bad(`at most ${localeNumber(MAX_EXECUTIONS_PER_MONTH)} executions a month (the most a workload may give)`);
      return value;
    }
    case 'duration':
    case 'callbackWait': {
      const ms = parseDurationMs(text);
      if (ms === undefined || !(ms > 0)) throw bad('a positive duration');
      return ms;
    }
    case 'memoryMb': {
      const value = Number(text);
      if (!(Number.isInteger(value) && value >= 128 && value <= 10_240)) throw bad('a whole number of MB from 128 to 10240');
      return value;
    }
    case 'failureRate': {
      const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
      if (!(text !== '' && value >= 0 && value < 1)) throw bad('a probability from 0 to below 1');
      return value;
    }
    case 'items': {
      const value = Number(text);
      if (!(Number.isInteger(value) && value >= 0)) throw bad('a whole number of items');
      return value;
    }
  }
}

function example(parameter: SweepParameter): string {
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return 'executionsPerMonth=100k..10M';
    case 'duration':
      return `steps.${parameter.step}.duration=1s..20m`;
    case 'callbackWait':
      return `states.${parameter.step}.callbackWait=1m..7d`;
    case 'memoryMb':
      return `${parameter.step ? `steps.${parameter.step}` : 'lambda'}.memoryMb=128..3008`;
    case 'failureRate':
      return `steps.${parameter.step}.failureRate=0..0.5 (or 0%..50%)`;
    case 'items':
      return `steps.${parameter.step}.items=1..100`;
  }
}

/** Whole-number parameters are swept and bisected on integers. */
export function isInteger(parameter: SweepParameter): boolean {
  return parameter.kind === 'memoryMb' || parameter.kind === 'items';
}

/** "3.2M executions/month", "11m 40s", "1,536 MB", "12%", "23 items". */
export function formatParameterValue(parameter: SweepParameter, value: number): string {
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return `${formatCompact(value)} executions/month`;
    case 'duration':
    case 'callbackWait':
      return formatDurationMs(value);
    case 'memoryMb':
      return `${localeNumber(Math.round(value))} MB`;
    case 'failureRate':
      return formatPercent(value);
    case 'items':
      return `${Math.round(value)} items`;
  }
}

/** "above 3.2M executions/month", "when enrich takes longer than 11m 40s". */
export function abovePhrase(parameter: SweepParameter, value: number): string {
  const v = formatParameterValue(parameter, value);
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return `above ${v}`;
    case 'duration':
      if (!parameter.fixed) return `when the median duration of ${parameter.step} passes ${v}`;
      return parameter.stepKind === 'wait' ? `when the wait ${parameter.step} lasts longer than ${v}` : `when ${parameter.step} takes longer than ${v}`;
    case 'callbackWait':
      return parameter.fixed ? `when ${parameter.step} waits longer than ${v}` : `when the median wait of ${parameter.step} passes ${v}`;
    case 'memoryMb':
      return parameter.step === undefined ? `above ${v} of Lambda memory` : `when ${parameter.step} has more than ${v}`;
    case 'failureRate':
      return `when ${parameter.step} fails more than ${v} of its attempts`;
    case 'items':
      return `when ${parameter.step} has more than ${v}`;
  }
}

/** "3.2M", "450k", "12". */
export function formatCompact(n: number): string {
  for (const [size, suffix] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (n >= size) return `${Number((n / size).toPrecision(2))}${suffix}`;
  }
  return String(Number(n.toPrecision(2)));
}

/** The workload with the parameter set to `value`. */
export function applyParameter(workload: Workload, parameter: SweepParameter, value: number): Workload {
  const name = parameter.kind === 'executionsPerMonth' ? undefined : parameter.step;
  const named = (state: State) => state.name === name;
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return { ...workload, executionsPerMonth: value };
    case 'memoryMb': {
      if (parameter.step !== undefined) {
        return mapStates(workload, (s) => {
          if (s.kind === 'task' && named(s)) return { ...s, lambda: { ...s.lambda, memoryMb: value } };
          if (s.kind === 'poll' && s.check.name === name) return { ...s, check: { ...s.check, lambda: { ...s.check.lambda, memoryMb: value } } };
          return s;
        });
      }
      const old = workload.singleFunction.memoryMb;
      const withMemory = (lambda: LambdaSettings) => (lambda.memoryMb === old ? { ...lambda, memoryMb: value } : lambda);
      return {
        ...mapStates(workload, (s) =>
          s.kind === 'task' && s.integration === 'lambda'
            ? { ...s, lambda: withMemory(s.lambda) }
            : s.kind === 'poll'
              ? { ...s, check: { ...s.check, lambda: withMemory(s.check.lambda) } }
              : s,
        ),
        singleFunction: { ...workload.singleFunction, memoryMb: value },
      };
    }
    case 'failureRate':
      return mapStates(workload, (s) => (s.kind === 'task' && named(s) ? { ...s, failureRate: value } : s));
    case 'items':
      return mapStates(workload, (s) =>
        s.kind === 'map' && named(s) ? { ...s, items: { dist: { kind: 'fixed', value: Math.round(value) }, min: 0, max: Number.MAX_SAFE_INTEGER } } : s,
      );
    case 'callbackWait':
      return mapStates(workload, (s) => (s.kind === 'task' && named(s) && s.wait ? { ...s, wait: withMedian(s.wait, value) } : s));
    case 'duration':
      return mapStates(workload, (s) => {
        if (s.kind === 'task' && named(s)) return s.written === 'wait' && s.wait ? { ...s, wait: withMedian(s.wait, value) } : { ...s, duration: withMedian(s.duration, value) };
        if ((s.kind === 'wait' || s.kind === 'poll') && named(s)) return { ...s, duration: withMedian(s.duration, value) };
        if (s.kind === 'poll' && s.check.name === name) return { ...s, check: { ...s.check, duration: withMedian(s.check.duration, value) } };
        return s;
      });
  }
}

/** The distribution scaled so that its median is `medianMs` (same shape: the spread scales with it). */
export function withMedian(dist: Distribution, medianMs: number): Distribution {
  switch (dist.kind) {
    case 'fixed':
      return { kind: 'fixed', value: medianMs };
    case 'lognormal':
      return { kind: 'lognormal', mu: Math.log(medianMs), sigma: dist.sigma };
    case 'uniform': {
      const f = medianMs / ((dist.min + dist.max) / 2 || 1);
      return { kind: 'uniform', min: dist.min * f, max: dist.max * f };
    }
    case 'normal': {
      const f = medianMs / (dist.mean || 1);
      return { kind: 'normal', mean: medianMs, stddev: dist.stddev * f };
    }
    case 'poisson':
      return { kind: 'poisson', mean: medianMs };
    case 'empirical': {
      const sorted = [...dist.values].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] || 1;
      return { kind: 'empirical', values: dist.values.map((v) => (v * medianMs) / median) };
    }
  }
}

/** The workload with `f` applied to every state of its graph (nested scopes included). */
function mapStates(workload: Workload, f: (state: State) => State): Workload {
  const walk = (scope: Scope): Scope => ({
    startAt: scope.startAt,
    states: scope.states.map((original) => {
      const state = f(original);
      if (state.kind === 'parallel') return { ...state, branches: state.branches.map(walk) };
      if (state.kind === 'map') return { ...state, processor: walk(state.processor) };
      return state;
    }),
  });
  return { ...workload, graph: { ...workload.graph, root: walk(workload.graph.root) } };
}
