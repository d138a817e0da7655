/**
 * What was observed → the values to write into the workload, each with the comment that says
 * where it came from and how many observations it rests on. Pure.
 *
 * Which source wins, per value:
 *  - a task's duration: its Lambda logs (REPORT durations are what Lambda bills), else the
 *    histories (TaskStarted → end per attempt), else — only for a state with no duration at all —
 *    the Power Tuning curve at the task's memory;
 *  - memoryMb, cold starts and timeouts: the logs; failure rates: the histories (attempts as Step
 *    Functions saw them, retries included), else the logs when they show how invocations ended;
 *  - Wait, callback, Choice, Map and poll values, and the volume: the histories;
 *  - durationByMemory: Power Tuning.
 * Anything the sources say nothing about is left as the user wrote it.
 */
import { fitCount, fitDuration, FIT_METHOD_LABELS, type Fit, type FitMethod } from './fit.js';
import { count, percent, plural, shortDuration, yamlDuration, yamlProbability } from './format.js';
import type { HistoryStats, StateStats } from './history.js';
import type { LambdaLogStats } from './lambda-logs.js';
import type { PowerTuningResult } from './power-tuning.js';
import { printable, SourceProblem } from './problems.js';
import type { Target, WorkloadTargets, YamlPath } from './targets.js';
import { curveDurationMs, LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB } from '../workload/memory-curve.js';
import { LAMBDA_MAX_TIMEOUT_MS, MAX_INIT_MS } from '../workload/values.js';
import { formatDurationMs } from '../workload/units.js';

/** A list of numbers written as one flow sequence (wrapped over lines). */
export class Samples {
  constructor(readonly values: readonly number[]) {}
}

export type YamlValue = string | number | Samples | { readonly [key: string]: YamlValue };

export interface Edit {
  /** The map the value goes in. */
  readonly at: YamlPath;
  readonly key: string;
  readonly value: YamlValue;
  /** Written next to the value, after "# ". */
  readonly comment: string;
  /** For the summary: "steps.charge-card.duration". */
  readonly field: string;
  /** The value, short ("p50 412ms, p95 1.2s", "2.1%"). */
  readonly shown: string;
  readonly source: string;
  readonly observations: number;
  readonly method?: FitMethod;
  readonly ks?: number;
}

export interface BoundSource {
  readonly label: string;
  readonly logs: LambdaLogStats;
  readonly powerTuning: PowerTuningResult | undefined;
}

export interface CalibrationInput {
  readonly targets: WorkloadTargets;
  /** The workload as written (for the values it has now). */
  readonly data: unknown;
  readonly histories: { readonly stats: HistoryStats; readonly label: string } | undefined;
  readonly bound: ReadonlyMap<string, BoundSource>;
  readonly volumeFromHistory: boolean;
}

export interface Calibration {
  readonly edits: readonly Edit[];
  /** Things the user should know (sources that disagree, values kept). */
  readonly notes: readonly string[];
  /** Targets no source said anything about (left as written). */
  readonly unobserved: readonly string[];
}

/** An average month: 365.25 / 12 days. */
export const MONTH_MS = (365.25 / 12) * 86_400_000;

type Raw = Record<string, unknown>;

export function calibrate(input: CalibrationInput): Calibration {
  const edits: Edit[] = [];
  const notes: string[] = [];
  const unobserved: string[] = [];
  const h = input.histories;
  const historySource = h ? `${h.label}, ${plural(h.stats.executions, 'execution')}` : '';

  if (input.volumeFromHistory) {
    if (!h) throw new SourceProblem('--volume-from-history needs execution histories', 'add --from with the histories');
    edits.push(volumeEdit(h.stats, historySource));
  }

  for (const target of input.targets.targets) {
    const before = edits.length;
    const stats = h?.stats.states.get(target.name);
    const bound = input.bound.get(target.name);
    const current = valueAt(input.data, target.at);
    const seen = (stats !== undefined && stats.entered > 0) || bound !== undefined;
    switch (target.kind) {
      case 'task':
        calibrateTask(target, current, stats, bound, historySource, input.targets.form, edits, notes);
        break;
      case 'wait':
        if (stats && stats.duration.count > 0) edits.push(distributionEdit(target, 'duration', fitDuration(stats.duration), plural(stats.duration.count, 'Wait'), historySource));
        break;
      case 'callback-wait':
        if (stats && stats.tokenWait.count > 0) {
          edits.push(distributionEdit(target, 'duration', fitDuration(stats.tokenWait), `${plural(stats.tokenWait.count, 'callback')}, TaskScheduled → token back,`, historySource));
        }
        break;
      case 'poll-wait':
        if (stats && stats.pollLoop.count > 0) {
          const rounds = stats.pollRounds;
          edits.push(
            distributionEdit(
              target,
              'duration',
              fitDuration(stats.pollLoop),
              `${plural(stats.pollLoop.count, 'polling loop')}, median ${count(Math.round(rounds.quantile(0.5)))} rounds,`,
              historySource,
            ),
          );
        }
        break;
      case 'choice':
        if (stats && stats.next.total > 0) calibrateChoice(target, input.targets.form, stats, historySource, edits, notes);
        break;
      case 'map':
        if (stats && stats.items.count > 0) {
          const fit = fitCount(stats.items);
          edits.push({
            at: target.at,
            key: 'items',
            value: countValue(fit),
            comment: fitComment(`${plural(stats.items.count, 'Map run')}, MapStateStarted.length,`, historySource, fit, formatCount),
            field: `${target.label}.items`,
            shown: shownFit(fit, (n) => count(Math.round(n))),
            source: historySource,
            observations: stats.items.count,
            method: fit.method,
            ks: fit.ks,
          });
        }
        break;
      case 'parallel':
      case 'fixed-wait':
      case 'other':
        break;
    }
    if (edits.length === before && !seen) unobserved.push(target.label);
  }
  return { edits, notes, unobserved };
}

function calibrateTask(
  target: Extract<Target, { kind: 'task' }>,
  current: Raw | undefined,
  stats: StateStats | undefined,
  bound: BoundSource | undefined,
  historySource: string,
  form: WorkloadTargets['form'],
  edits: Edit[],
  notes: string[],
): void {
  const logs = bound && bound.logs.reports > 0 ? bound.logs : undefined;
  let memoryMb = target.memoryMb;

  // Duration: the logs, else the histories, else (a state with none) the Power Tuning curve.
  if (logs) {
    const [[logMemory, reports]] = logs.memorySizes.ranked() as [[number, number]];
    const durations = logs.durationByMemory.get(logMemory)!;
    if (logs.memorySizes.counts.size > 1) {
      notes.push(
        `${target.label}: the logs show ${logs.memorySizes.counts.size} memory sizes; the duration is fitted to the ${count(reports)} invocations at ${count(logMemory)} MB, the most common`,
      );
    }
    const what = `the ${reportKind(logs)} of ${plural(durations.count, 'invocation')}`;
    edits.push(distributionEdit(target, 'duration', fitDuration(durations), what, bound!.label));
    if (stats && stats.call.count > 0) notes.push(`${target.label}: duration from its Lambda logs (${bound!.label}); the histories' task times, which add Step Functions' own latency, were not used`);
    // The duration holds at the memory it was measured at: pin it.
    if (logMemory < LAMBDA_MIN_MEMORY_MB || logMemory > LAMBDA_MAX_MEMORY_MB) {
      notes.push(`${target.label}: the logs give a Memory Size of ${count(logMemory)} MB, which Lambda does not have; memoryMb was left as it is`);
    } else if (current?.['memoryMb'] !== logMemory) {
      edits.push(plainEdit(target, 'memoryMb', logMemory, `the Memory Size of ${plural(reports, 'invocation')}`, bound!.label, reports, `${count(logMemory)} MB`));
    }
    memoryMb = logMemory;
    if (!target.pollCheck) {
      if (logs.coldStarts > 0 && (logs.init.quantile(0.5) > MAX_INIT_MS || logs.init.mean > MAX_INIT_MS)) {
        notes.push(`${target.label}: the logs' Init Duration has a median above 10 s, longer than on-demand INIT can take (provisioned concurrency or SnapStart?); coldStarts was left as it is`);
      } else if (logs.coldStarts > 0) {
        const init = fitDuration(logs.init);
        const probability = yamlProbability(logs.coldStarts / logs.reports);
        edits.push({
          at: target.at,
          key: 'coldStarts',
          value: { probability, init: durationValue(init) },
          comment: `calibrated from ${count(logs.coldStarts)} of ${plural(logs.reports, 'invocation')} with an Init Duration (${printable(bound!.label)}); init ${FIT_METHOD_LABELS[init.method]}${init.method === 'empirical' ? `, ${init.values.length} values kept` : ''}; KS distance ${init.ks}`,
          field: `${target.label}.coldStarts`,
          shown: `${percent(probability)} cold, init ${shownFit(init, shortDuration)}`,
          source: bound!.label,
          observations: logs.coldStarts,
          method: init.method,
          ks: init.ks,
        });
      }
      const [timeout] = logs.timeoutSeconds.ranked();
      if (timeout && timeout[0] > 0 && timeout[0] * 1000 <= LAMBDA_MAX_TIMEOUT_MS) {
        const text = yamlDuration(timeout[0] * 1000);
        if (current?.['timeout'] !== text) {
          edits.push(plainEdit(target, 'timeout', text, `${plural(logs.timedOutLines, '"Task timed out after …" line')}`, bound!.label, logs.timedOutLines, text));
        }
      }
    }
  } else if (stats && stats.call.count > 0) {
    const what =
      target.pattern === 'callback'
        ? `${plural(stats.call.count, 'attempt')}, TaskStarted → TaskSubmitted,`
        : `${plural(stats.call.count, 'attempt')}, ${target.pattern === 'sync' ? 'the whole job' : 'TaskStarted → end'},`;
    edits.push(distributionEdit(target, 'duration', fitDuration(stats.call), what, historySource));
  } else if (bound?.powerTuning && !target.hasDuration) {
    const ms = curveDurationMs(bound.powerTuning.points, memoryMb);
    const text = yamlDuration(ms);
    edits.push(plainEdit(target, 'duration', text, `the Power Tuning curve at ${count(memoryMb)} MB`, bound.label, bound.powerTuning.points.length, text));
  }

  if (target.pollCheck) return;

  // Callback tasks of a machine: how long until the token came back.
  if (form === 'states' && (target.pattern === 'callback' || target.pattern === 'activity') && stats && stats.callbackWait.count > 0) {
    const what = `${plural(stats.callbackWait.count, 'callback')}, ${target.pattern === 'activity' ? 'ActivityScheduled' : 'TaskSubmitted'} → token back,`;
    edits.push(distributionEdit(target, 'callbackWait', fitDuration(stats.callbackWait), what, historySource));
  }

  // Failures: per attempt, as Step Functions saw them; else from the logs, where they show them.
  const existingRate = (current?.['failureRate'] as number | undefined) ?? 0;
  if (stats && stats.attempts > 0) {
    const rate = yamlProbability(stats.failedAttempts / stats.attempts);
    if (rate > 0 || existingRate !== rate) {
      const retries = stats.retries > 0 ? `, ${plural(stats.retries, 'retry', 'retries')}` : '';
      edits.push(
        plainEdit(target, 'failureRate', rate, `${count(stats.failedAttempts)} of ${plural(stats.attempts, 'attempt')} failed${retries}`, historySource, stats.attempts, percent(rate)),
      );
    }
    if (form === 'states' && stats.failedAttempts > 0) {
      const ranked = stats.errors.ranked();
      const [top] = ranked;
      if (top && current?.['error'] !== top[0]) {
        const shares = ranked.slice(0, 3).map(([name, n]) => `${printable(name, 60)} ${percent(n / stats.failedAttempts)}`).join(', ');
        edits.push(plainEdit(target, 'error', top[0], `the errors of ${plural(stats.failedAttempts, 'failed attempt')}: ${shares}`, historySource, stats.failedAttempts, printable(top[0], 60)));
      }
    }
  } else if (logs && (logs.everyReportHasStatus || logs.failures > 0)) {
    const rate = yamlProbability(Math.min(logs.failures, logs.reports) / logs.reports);
    if (rate > 0 || existingRate !== rate) {
      edits.push(plainEdit(target, 'failureRate', rate, `${count(logs.failures)} of ${plural(logs.reports, 'invocation')} failed or timed out`, bound!.label, logs.reports, percent(rate)));
    }
  }

  // The duration-versus-memory curve.
  const tuning = bound?.powerTuning;
  if (tuning) {
    const curve: Record<string, string> = {};
    for (const p of tuning.points) curve[String(p.memoryMb)] = yamlDuration(p.durationMs);
    const range = `${count(tuning.points[0]!.memoryMb)}–${count(tuning.points.at(-1)!.memoryMb)} MB`;
    edits.push({
      at: target.at,
      key: 'durationByMemory',
      value: curve,
      comment: `calibrated from AWS Lambda Power Tuning: average duration at ${plural(tuning.points.length, 'power value')}, ${range} (${printable(bound!.label)}${tuning.from === 'visualization' ? ', read from its visualization URL' : ''})${tuning.bestMemoryMb ? `; it recommends ${count(tuning.bestMemoryMb)} MB` : ''}`,
      field: `${target.label}.durationByMemory`,
      shown: tuning.points.map((p) => `${count(p.memoryMb)} MB ${shortDuration(p.durationMs)}`).join(', '),
      source: bound!.label,
      observations: tuning.points.length,
    });
  }
}

function calibrateChoice(target: Extract<Target, { kind: 'choice' }>, form: WorkloadTargets['form'], stats: StateStats, source: string, edits: Edit[], notes: string[]): void {
  const firsts = new Set(target.branches.map((b) => b.first));
  const ranked = stats.next.ranked();
  const strangers = ranked.filter(([name]) => !firsts.has(name));
  if (form === 'states' && strangers.length > 0) {
    throw new SourceProblem(
      `after Choice "${printable(target.name, 60)}" the histories enter "${printable(strangers[0]![0], 60)}", which is not one of its targets (${target.branches.map((b) => printable(b.first, 40)).join(', ')})`,
      'check that the workload and the histories are of the same version of the state machine',
    );
  }
  const known = ranked.filter(([name]) => firsts.has(name));
  const total = known.reduce((sum, [, n]) => sum + n, 0);
  if (strangers.length > 0) {
    notes.push(`${target.label}: ${plural(stats.next.total - total, 'execution')} went on to states that begin none of its branches (${strangers.slice(0, 3).map(([n]) => printable(n, 40)).join(', ')}); they were not counted`);
  }
  if (total === 0) return;
  const what = `${plural(total, 'pass', 'passes')} through the Choice`;
  const shares = known.map(([name, n]) => `${printable(name, 40)} ${percent(n / total)}`).join(', ');
  if (form === 'states') {
    const next: Record<string, number> = {};
    let assigned = 0;
    known.forEach(([name, n], i) => {
      const p = i === known.length - 1 ? yamlProbability(1 - assigned) : yamlProbability(n / total);
      next[name] = p;
      assigned += p;
    });
    edits.push({
      at: target.at,
      key: 'next',
      value: next,
      comment: `calibrated from ${what} (${printable(source)})`,
      field: `${target.label}.next`,
      shown: shares,
      source,
      observations: total,
    });
    return;
  }
  // A step tree: one probability per branch, the last absorbing the rounding.
  const probabilities = target.branches.map((b) => (stats.next.counts.get(b.first) ?? 0) / total);
  let assigned = 0;
  const rounded = probabilities.map((p, i) => {
    if (i < probabilities.length - 1) {
      const r = yamlProbability(p);
      assigned += r;
      return r;
    }
    return yamlProbability(Math.max(0, 1 - assigned));
  });
  target.branches.forEach((branch, i) => {
    const n = stats.next.counts.get(branch.first) ?? 0;
    edits.push({
      at: branch.at!,
      key: 'probability',
      value: rounded[i]!,
      comment: `calibrated: ${count(n)} of ${what} went to ${printable(branch.first, 60)} (${printable(source)})`,
      field: `${target.label}.branches[${i}].probability`,
      shown: percent(rounded[i]!),
      source,
      observations: total,
    });
  });
}

function volumeEdit(stats: HistoryStats, source: string): Edit {
  const span = stats.lastStartMs - stats.firstStartMs;
  if (stats.executions < 2 || !(span > 0)) {
    throw new SourceProblem(
      `--volume-from-history needs at least two executions started at different times (found ${plural(stats.executions, 'execution')})`,
      'give the histories of a longer period, or set executionsPerMonth yourself',
    );
  }
  // n starts spread over [first, last]: n − 1 intervals, the rate of a steady stream.
  const perMonth = Math.max(1, Math.round(((stats.executions - 1) / span) * MONTH_MS));
  return {
    at: [],
    key: 'executionsPerMonth',
    value: perMonth,
    comment: `calibrated from ${plural(stats.executions, 'execution')} started over ${formatDurationMs(span)} (ExecutionStarted, ${printable(source)}), scaled to a month of 30.4 days`,
    field: 'executionsPerMonth',
    shown: `${count(perMonth)}/month`,
    source,
    observations: stats.executions,
  };
}

function reportKind(logs: LambdaLogStats): string {
  const [top] = logs.formats.ranked();
  return top?.[0] === 'platform.report' ? 'platform.report records' : 'REPORT lines';
}

function plainEdit(target: Target, key: string, value: string | number, what: string, source: string, observations: number, shown: string): Edit {
  return { at: target.at, key, value, comment: `calibrated from ${what} (${printable(source)})`, field: `${target.label}.${key}`, shown, source, observations };
}

function distributionEdit(target: Target, key: string, fit: Fit, what: string, source: string): Edit {
  return {
    at: target.at,
    key,
    value: durationValue(fit),
    comment: fitComment(what, source, fit, shortDuration),
    field: `${target.label}.${key}`,
    shown: shownFit(fit, shortDuration),
    source,
    observations: fit.observed.count,
    method: fit.method,
    ks: fit.ks,
  };
}

function fitComment(what: string, source: string, fit: Fit, format: (n: number) => string): string {
  const base = `calibrated from ${what.replace(/,$/, '')} (${printable(source)})`;
  switch (fit.method) {
    case 'empirical':
      return `${base}: empirical, ${fit.values.length} values kept (means of equal slices); KS distance ${fit.ks}`;
    case 'lognormal':
      return `${base}: log-normal on p50/p95 (fewer than 200 observations); KS distance ${fit.ks}; observed p99 ${format(fit.observed.p99)}`;
    case 'fixed':
      return `${base}: ${fit.observed.count === 1 || fit.observed.max === fit.value ? 'every observation the same' : 'fixed at the mean (median 0)'}; KS distance ${fit.ks}`;
    case 'poisson':
      return `${base}: Poisson on the mean (median 0); KS distance ${fit.ks}`;
  }
}

function shownFit(fit: Fit, format: (n: number) => string): string {
  const o = fit.observed;
  return fit.method === 'fixed' ? format(fit.value) : `p50 ${format(o.p50)}, p95 ${format(o.p95)}, p99 ${format(o.p99)}`;
}

function formatCount(n: number): string {
  return count(Math.round(n * 10) / 10);
}

function durationValue(fit: Fit): YamlValue {
  switch (fit.method) {
    case 'empirical':
      return { samples: new Samples(fit.values) };
    case 'lognormal':
      return { p50: yamlDuration(fit.p50), p95: yamlDuration(fit.p95) };
    case 'fixed':
      return yamlDuration(fit.value);
    case 'poisson':
      return yamlDuration(fit.mean);
  }
}

function countValue(fit: Fit): YamlValue {
  switch (fit.method) {
    case 'empirical':
      return { samples: new Samples(fit.values) };
    case 'lognormal':
      return { p50: fit.p50, p95: fit.p95 };
    case 'fixed':
      return fit.value;
    case 'poisson':
      return { mean: fit.mean };
  }
}

/** The map at `path` in the workload data, if there is one. */
function valueAt(data: unknown, path: YamlPath): Raw | undefined {
  let node: unknown = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Raw) : undefined;
}
