/**
 * `--vary PARAM=FROM..TO`: which parameter of the normalized workload a sweep changes, and how.
 * Pure: parsing returns a spec or throws FlowcostError (exit 2) with a hint; applying returns a new
 * Workload, the original untouched.
 */
import { FlowcostError, closest } from '../errors/problem.js';
import { formatPercent } from '../report/format.js';
import { formatDurationMs, parseDurationMs } from '../workload/units.js';
import { MAX_EXECUTIONS_PER_MONTH } from '../workload/values.js';
import { allSteps } from '../workload/walk.js';
import type { Distribution, LambdaSettings, Step, Workload } from '../workload/types.js';

export type SweepParameter =
  | { readonly kind: 'executionsPerMonth' }
  /** A task's or a wait's duration: the distribution is scaled so that its median is the value. */
  | { readonly kind: 'duration'; readonly step: string; readonly stepKind: 'task' | 'wait'; readonly fixed: boolean }
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
  '(e.g. --vary executionsPerMonth=100k..10M or --vary steps.charge-card.duration=1s..20m)';

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
  const match = /^steps\.(.+)\.(duration|memoryMb|failureRate|items)$/.exec(path);
  if (!match) throw usage(`--vary: unknown parameter "${path}"`, PARAMETERS_HINT, path);
  const name = match[1]!;
  const field = match[2]!;
  const steps = [...allSteps(workload.steps)];
  const step = steps.find((s) => s.name === name);
  if (!step) {
    const suggestion = closest(name, steps.map((s) => s.name));
    throw usage(`--vary: no step named "${name}" in workload "${workload.name}"`, suggestion ? `did you mean steps.${suggestion}.${field}?` : `steps are: ${steps.map((s) => s.name).join(', ')}`, name);
  }
  const need = (kinds: readonly Step['kind'][]) => {
    if (!kinds.includes(step.kind)) {
      const fitting = steps.filter((s) => kinds.includes(s.kind)).map((s) => s.name);
      throw usage(
        `--vary: step "${name}" is a ${step.kind}; ${field} applies to ${kinds.join(' and ')} steps`,
        fitting.length > 0 ? `try one of: ${fitting.map((n) => `steps.${n}.${field}`).join(', ')}` : `this workload has no ${kinds.join(' or ')} step`,
        path,
      );
    }
  };
  switch (field) {
    case 'duration':
      need(['task', 'wait']);
      return { kind: 'duration', step: name, stepKind: step.kind === 'wait' ? 'wait' : 'task', fixed: (step as { duration: Distribution }).duration.kind === 'fixed' };
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
      if (value > MAX_EXECUTIONS_PER_MONTH) throw bad(`at most ${MAX_EXECUTIONS_PER_MONTH.toLocaleString('en-US')} executions a month (the most a workload may give)`);
      return value;
    }
    case 'duration': {
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
      return formatDurationMs(value);
    case 'memoryMb':
      return `${Math.round(value).toLocaleString('en-US')} MB`;
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
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return { ...workload, executionsPerMonth: value };
    case 'memoryMb': {
      if (parameter.step !== undefined) {
        const name = parameter.step;
        return mapSteps(workload, (s) => (s.kind === 'task' && s.name === name ? { ...s, lambda: { ...s.lambda, memoryMb: value } } : s));
      }
      const old = workload.singleFunction.memoryMb;
      const withMemory = (lambda: LambdaSettings) => (lambda.memoryMb === old ? { ...lambda, memoryMb: value } : lambda);
      return {
        ...mapSteps(workload, (s) => (s.kind === 'task' ? { ...s, lambda: withMemory(s.lambda) } : s)),
        singleFunction: { ...workload.singleFunction, memoryMb: value },
      };
    }
    case 'failureRate':
      return mapSteps(workload, (s) => (s.kind === 'task' && s.name === parameter.step ? { ...s, failureRate: value } : s));
    case 'items':
      return mapSteps(workload, (s) =>
        s.kind === 'map' && s.name === parameter.step ? { ...s, items: { dist: { kind: 'fixed', value: Math.round(value) }, min: 0, max: Number.MAX_SAFE_INTEGER } } : s,
      );
    case 'duration':
      return mapSteps(workload, (s) => ((s.kind === 'task' || s.kind === 'wait') && s.name === parameter.step ? { ...s, duration: withMedian(s.duration, value) } : s));
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

function mapSteps(workload: Workload, f: (step: Step) => Step): Workload {
  const walk = (steps: readonly Step[]): Step[] =>
    steps.map((original) => {
      const step = f(original);
      switch (step.kind) {
        case 'parallel':
          return { ...step, branches: step.branches.map(walk) };
        case 'map':
          return { ...step, steps: walk(step.steps) };
        case 'choice':
          return { ...step, branches: step.branches.map((b) => ({ ...b, steps: walk(b.steps) })) };
        case 'wait':
          return step.poll ? { ...step, poll: { ...step.poll, check: f(step.poll.check) as typeof step.poll.check } } : step;
        case 'task':
          return step;
      }
    });
  return { ...workload, steps: walk(workload.steps) };
}
