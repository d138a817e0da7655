/**
 * Remedies (issue 15, capability 2): for a limit an architecture breaks, what change would make it
 * fit, with numbers. A rule is about one limit; an architecture module holds the rules of its own
 * limits (`ArchitectureModel.remedies`), this file those of the limits several share (a task's
 * timeout, the state payload, the definition size, TimeoutSeconds, HeartbeatSeconds, Standard's
 * history) and the helpers every rule uses. Pure: the report's figures and the workload in, words out.
 */
import { QUOTAS, type LimitId } from '../limits/quotas.js';
import { displayMonthlyTotal, formatCount, formatDurationMs, formatLimitValue, formatUsd } from '../report/format.js';
import type { ArchitectureReport, LimitResult } from '../report/model.js';
import { Random, toSampler } from '../engine/random.js';
import { states, type MapState, type PollState, type State, type TaskState } from '../workload/graph.js';
import type { Distribution, Workload } from '../workload/types.js';

/** What a remedy rule knows: the workload, the report's architectures, the limit's observations. */
export interface RemedyContext {
  readonly workload: Workload;
  /** The architecture that breaks the limit (as reported, without remedies). */
  readonly architecture: Omit<ArchitectureReport, 'remedies'>;
  /** Every architecture of the report (which others fit, and at what cost). */
  readonly architectures: readonly Omit<ArchitectureReport, 'remedies'>[];
  /** The value of this limit's observation that a share `q` of the executions stay at or under. */
  observed(q: number): number;
}

/** Sentences (each a change that would make the architecture fit), or none when no change would. */
export type RemedyRule = (limit: LimitResult, context: RemedyContext) => readonly string[];
export type RemedyRules = Partial<Record<LimitId, RemedyRule>>;

/** A limit is broken when 0.1% of executions or more pass it: a fix must bring p99.9 under it. */
export const FIT_QUANTILE = 0.999;
/** A timeout flowcost suggests for one state leaves 1 run in 10,000 above it (room for the noise of the tail). */
const TIMEOUT_QUANTILE = 0.9999;
const MINUTE_MS = 60_000;
const LAMBDA_MAX_TIMEOUT_MS = QUOTAS['lambda-timeout'].value;

/** `name` in backticks (the words are escaped by each renderer). */
export const code = (name: string): string => `\`${name}\``;

/** "9 minutes", "1 minute", "45 seconds": a timeout as people set it. */
export function timeoutText(ms: number): string {
  if (ms >= MINUTE_MS && ms % MINUTE_MS === 0) return `${ms / MINUTE_MS} minute${ms === MINUTE_MS ? '' : 's'}`;
  const seconds = Math.ceil(ms / 1000);
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** The timeout to set so that `ms` fits: whole minutes from a minute up, whole seconds below. */
export function timeoutFor(ms: number): number {
  return ms >= 50_000 ? Math.ceil(ms / MINUTE_MS) * MINUTE_MS : Math.max(1000, Math.ceil(ms / 1000) * 1000);
}

const QUANTILE_DRAWS = 20_001;
const drawn = new WeakMap<Distribution, Float64Array>();

/**
 * The q-quantile of a distribution: exact for a fixed value, a log-normal, a uniform and observed
 * values; from 20,001 draws of a fixed seed for a truncated normal and a Poisson (deterministic; a
 * remedy's numbers need two significant digits, not more).
 */
export function quantileOf(dist: Distribution, q: number): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'lognormal':
      return Math.exp(dist.mu + dist.sigma * normalQuantile(q));
    case 'uniform':
      return dist.min + q * (dist.max - dist.min);
    case 'empirical':
      return nearestRank([...dist.values].sort((a, b) => a - b), q);
    default: {
      let sorted = drawn.get(dist);
      if (!sorted) {
        const random = new Random(1);
        const sampler = toSampler(dist);
        sorted = Float64Array.from({ length: QUANTILE_DRAWS }, () => random.sample(sampler)).sort();
        drawn.set(dist, sorted);
      }
      return nearestRank(sorted, q);
    }
  }
}

function nearestRank(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/**
 * The standard normal's quantile: P. J. Acklam's rational approximation (relative error below
 * 1.2e-9), https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (r: number) => (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Every state of the graph, nested scopes included, in graph order. */
const allStates = (workload: Workload): State[] => [...states(workload.graph)];

/** Lambda tasks (the poll checks of a step tree included), with their own timeout. */
export function lambdaTasks(workload: Workload): { name: string; duration: Distribution; timeoutMs: number }[] {
  const out: { name: string; duration: Distribution; timeoutMs: number }[] = [];
  for (const s of allStates(workload)) {
    if (s.kind === 'task' && s.integration === 'lambda') out.push({ name: s.name, duration: s.duration, timeoutMs: s.lambda.timeoutMs });
    if (s.kind === 'poll') out.push({ name: s.check.name, duration: s.check.duration, timeoutMs: s.check.lambda.timeoutMs });
  }
  return out;
}

/** The states that wait (timers, callbacks, activities, `.sync` jobs, polling loops), with how long. */
export function waitingStates(workload: Workload): { name: string; duration: Distribution; state: State }[] {
  const out: { name: string; duration: Distribution; state: State }[] = [];
  for (const s of allStates(workload)) {
    if (s.kind === 'wait' || s.kind === 'poll') out.push({ name: s.name, duration: s.duration, state: s });
    else if (s.kind === 'task' && s.wait) out.push({ name: s.name, duration: s.wait, state: s });
  }
  return out;
}

/** "`manager-approval` (p50 2h)", the longest waits first (at most three). */
export function longWaitsText(workload: Workload, atLeastMs: number): string | undefined {
  const waits = waitingStates(workload)
    .map((w) => ({ ...w, p50: quantileOf(w.duration, 0.5), p99: quantileOf(w.duration, 0.99) }))
    .filter((w) => w.p99 >= atLeastMs)
    .sort((a, b) => b.p50 - a.p50 || a.name.localeCompare(b.name));
  if (waits.length === 0) return undefined;
  return listText(waits.slice(0, 3).map((w) => `${code(w.name)} (p50 ${formatDurationMs(w.p50)})`));
}

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "Standard + Express children ($257.26 a month)": the cheapest other architectures that fit (at most `count`). */
export function fittingAlternatives(context: RemedyContext, count = 2): string | undefined {
  const fitting = context.architectures
    .filter((a) => a.feasible && a.id !== context.architecture.id)
    .sort((a, b) => a.monthlyCost.total - b.monthlyCost.total)
    .slice(0, count);
  if (fitting.length === 0) return undefined;
  return listText(fitting.map((a) => `${a.label} (${formatUsd(displayMonthlyTotal(a.monthlyCost.lines))} a month)`));
}

/** The same, as a sentence to append: " Standard + Express children ($257.26 a month) fits as it is." */
export function fitsAsItIs(context: RemedyContext): string {
  const others = fittingAlternatives(context);
  if (!others) return '';
  const several = others.includes(' and ');
  return ` ${others} ${several ? 'fit' : 'fits'} as ${several ? 'they are' : 'it is'}.`;
}

/**
 * Lambda tasks that run past `limitMs` (their own timeout when undefined) in more than 1 run in
 * 10,000, longest first; when none does by the distributions alone but the simulation found the
 * limit broken (`broken`), the one closest to it.
 */
function tasksOver(workload: Workload, limitMs?: number, broken = false) {
  const tasks = lambdaTasks(workload)
    .map((t) => ({ ...t, p99: quantileOf(t.duration, 0.99), tail: quantileOf(t.duration, TIMEOUT_QUANTILE) }))
    .map((t) => ({ ...t, ratio: t.tail / (limitMs ?? t.timeoutMs) }))
    .sort((a, b) => b.ratio - a.ratio || a.name.localeCompare(b.name));
  const over = tasks.filter((t) => t.ratio > 1);
  return over.length > 0 || !broken ? over : tasks.slice(0, 1);
}

/** "Split `transform` (p99 22m) into steps under 15 minutes" for each task longer than a function may run. */
export function splitLongTasks(workload: Workload, underMs: number = LAMBDA_MAX_TIMEOUT_MS): string[] {
  return tasksOver(workload, underMs).map(
    (t) => `Split ${code(t.name)} (p99 ${formatDurationMs(t.p99)}) into steps that each run under ${timeoutText(underMs)}.`,
  );
}

/** A task (a Task state's busy time: its call and what it waits for) and its TimeoutSeconds / HeartbeatSeconds. */
function busyQuantile(state: TaskState, q: number): number {
  return quantileOf(state.duration, q) + (state.wait ? quantileOf(state.wait, q) : 0);
}

const taskStates = (workload: Workload): TaskState[] => allStates(workload).filter((s): s is TaskState => s.kind === 'task');
const inlineMaps = (workload: Workload): MapState[] => allStates(workload).filter((s): s is MapState => s.kind === 'map' && !s.distributed);
const polls = (workload: Workload): PollState[] => allStates(workload).filter((s): s is PollState => s.kind === 'poll');

/** Step Functions writes 9 history events per round of a polling loop (run.ts). */
const HISTORY_PER_POLL_ROUND = 9;

/** Rules of the limits several architectures share. */
export const SHARED_REMEDIES: RemedyRules = {
  'task-timeout': (_limit, { workload }) =>
    tasksOver(workload, undefined, true).map((t) =>
      t.tail <= LAMBDA_MAX_TIMEOUT_MS
        ? `Raise ${code(t.name)}'s timeout from ${timeoutText(t.timeoutMs)} to ${timeoutText(timeoutFor(t.tail))}: 99.99% of its invocations finish within ${formatDurationMs(t.tail)}.`
        : `Split ${code(t.name)} (p99 ${formatDurationMs(t.p99)}) into steps that each run under 15 minutes: no Lambda invocation runs longer.`,
    ),

  'state-payload': (limit) => [
    `Keep the state under 256 KB: put the ${formatLimitValue(limit.observedP99, 'KB')} payload in Amazon S3 and pass its key between states.`,
  ],

  'lambda-payload-sync': (limit) => [
    `Pass a reference instead of the ${formatLimitValue(limit.observedP99, 'KB')} input (an Amazon S3 key): a synchronous invocation carries at most 6 MB.`,
  ],

  'lambda-payload-async': (limit) => [
    `Pass a reference instead of the ${formatLimitValue(limit.observedP99, 'KB')} event (an Amazon S3 key): an asynchronous event carries at most 1 MB.`,
  ],

  'definition-size': (limit) => [
    `Move parts of the ${formatLimitValue(limit.observedP99, 'KB')} definition into nested state machines (states:startExecution.sync), so each stays under 1 MB.`,
  ],

  'state-timeout': (_limit, context) => {
    const { workload, architecture } = context;
    const out: string[] = [];
    const machine = workload.graph.timeoutMs;
    const p999 = architecture.durationQuantiles?.find((d) => d.q === FIT_QUANTILE)?.ms ?? architecture.durationMs.p99;
    if (Number.isFinite(machine) && p999 > machine) {
      out.push(`Raise the state machine's TimeoutSeconds from ${Math.round(machine / 1000)} to ${Math.ceil(timeoutFor(p999) / 1000)}: 99.9% of executions take up to ${formatDurationMs(p999)}.`);
    }
    const timed = taskStates(workload)
      .filter((s) => Number.isFinite(s.timeoutMs))
      .map((s) => ({ s, busy: busyQuantile(s, TIMEOUT_QUANTILE) }))
      .sort((a, b) => b.busy / b.s.timeoutMs - a.busy / a.s.timeoutMs || a.s.name.localeCompare(b.s.name));
    const over = timed.filter((t) => t.busy > t.s.timeoutMs);
    for (const { s, busy } of over.length > 0 || out.length > 0 ? over : timed.slice(0, 1)) {
      out.push(`Raise TimeoutSeconds of ${code(s.name)} from ${Math.round(s.timeoutMs / 1000)} to ${Math.ceil(timeoutFor(busy) / 1000)}: 99.99% of its runs take up to ${formatDurationMs(busy)}.`);
    }
    return out;
  },

  'task-heartbeat': (_limit, { workload }) => {
    const beating = taskStates(workload)
      .filter((s) => Number.isFinite(s.heartbeatMs))
      .map((s) => ({ s, busy: busyQuantile(s, TIMEOUT_QUANTILE) }))
      .sort((a, b) => b.busy / b.s.heartbeatMs - a.busy / a.s.heartbeatMs || a.s.name.localeCompare(b.s.name));
    const over = beating.filter((t) => t.busy > t.s.heartbeatMs);
    return (over.length > 0 ? over : beating.slice(0, 1)).map(
      ({ s, busy }) =>
        `Send heartbeats from ${code(s.name)} (SendTaskHeartbeat) at least every ${Math.round(s.heartbeatMs / 1000)} seconds, ` +
        `or raise its HeartbeatSeconds from ${Math.round(s.heartbeatMs / 1000)} to ${Math.ceil(timeoutFor(busy) / 1000)}.`,
    );
  },

  'standard-history-events': (limit, context) => {
    const { workload } = context;
    const events = limit.observedP99;
    const out = inlineMaps(workload)
      .map((m) => ({ m, items: Math.min(m.items.max, Math.round(quantileOf(m.items.dist, 0.99))) }))
      .filter(({ items }) => items > 40)
      .sort((a, b) => b.items - a.items)
      .map(
        ({ m, items }) =>
          `Use a Distributed Map for ${code(m.name)} (p99 ${formatCount(items)} items; the execution writes p99 ${formatLimitValue(events, 'events')}, over 25,000): ` +
          `each child execution of a Distributed Map keeps a history of its own.`,
      );
    const other = Math.max(0, events - polls(workload).reduce((n, p) => n + HISTORY_PER_POLL_ROUND * (quantileOf(p.duration, 0.99) / p.intervalMs), 0));
    for (const p of polls(workload)) {
      const roundsLeft = (QUOTAS['standard-history-events'].value * 0.9 - other) / HISTORY_PER_POLL_ROUND;
      if (roundsLeft <= 0) continue;
      const intervalMs = timeoutFor(quantileOf(p.duration, 0.99) / roundsLeft);
      if (intervalMs > p.intervalMs) {
        out.push(`Poll ${code(p.name)} less often: every ${formatDurationMs(intervalMs)} instead of every ${formatDurationMs(p.intervalMs)} keeps the history under 25,000 events (9 events a round).`);
      }
    }
    if (out.length === 0) {
      out.push(`Start child executions for part of the work (p99 ${formatLimitValue(events, 'events')}, over 25,000): each keeps a history of its own, and Express children keep none.`);
    }
    return out;
  },

  'standard-execution-time': () => [
    'Split the work into executions of under a year each: when one is near its end, it starts a new execution with the state so far.',
  ],

  'express-child-duration': (limit, { workload }) =>
    allStates(workload)
      .filter((s): s is MapState => s.kind === 'map' && s.distributed && s.childType === 'EXPRESS')
      .map(
        (m) =>
          `Use STANDARD child executions for the Distributed Map ${code(m.name)}, or batch fewer items per child: ` +
          `a child runs p99 ${formatDurationMs(limit.observedP99)}, and an EXPRESS child stops at 5 minutes.`,
      ),
};
