/**
 * Duration versus memory: a function's `durationByMemory` curve (mean durations measured at some
 * memory sizes, e.g. by AWS Lambda Power Tuning) and the scaling of a task's duration along it.
 * A leaf module: pure, imported by the normalizers and the engine, importing only types and units.
 *
 * The task's `duration` holds at the memory it was measured at (`referenceMemoryMb`, the task's
 * memoryMb when the workload was read). At memory M the whole distribution is multiplied by
 * curve(M) / curve(reference), so its shape (tails included) is kept and only its scale moves.
 *
 * Between two measured points the curve is a straight line in log(memory)–log(duration)
 * (a power law, which is how CPU-bound code behaves: Lambda's CPU share grows in proportion to
 * memory, https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 * Outside the measured range:
 *  - above the largest measured memory the duration stays at its value there (no further
 *    speed-up is assumed: more memory has stopped helping, or was not measured);
 *  - below the smallest it grows along the first measured segment's slope, clamped between flat
 *    and 1/memory (the duration of code that gets a CPU share proportional to its memory).
 */
import type { DataPath, SemanticProblem } from './problems.js';
import { states } from './graph.js';
import type { Distribution, MemoryCurve, Workload } from './types.js';
import { parseDurationMs } from './units.js';
import { localeNumber } from '../report/locale-number.js';

/** Lambda memory sizes (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10_240;

type Point = MemoryCurve['points'][number];

/** `durationByMemory` as written ({ "512": "310ms", … }, schema-checked) → a curve, or undefined when absent. */
export function memoryCurveFrom(
  raw: unknown,
  referenceMemoryMb: number,
  path: DataPath,
  problems: SemanticProblem[],
): MemoryCurve | undefined {
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const problemsBefore = problems.length;
  const points: Point[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const memoryMb = Number(key);
    if (!(Number.isInteger(memoryMb) && memoryMb >= LAMBDA_MIN_MEMORY_MB && memoryMb <= LAMBDA_MAX_MEMORY_MB)) {
      problems.push({
        path: [...path, key],
        message: `${key} is not a Lambda memory size`,
        expected: `a whole number of MB from ${LAMBDA_MIN_MEMORY_MB} to ${LAMBDA_MAX_MEMORY_MB}`,
        actual: key,
        hint: 'key each measured duration by the memory size it was measured at, e.g. 512: 310ms',
      });
      continue;
    }
    const durationMs = typeof value === 'string' ? parseDurationMs(value) : undefined;
    if (durationMs === undefined || !(durationMs > 0)) {
      problems.push({
        path: [...path, key],
        message: `${String(value)} is not a positive duration`,
        expected: 'a duration above zero, e.g. 310ms',
        actual: String(value),
        hint: 'give the mean duration measured at this memory size',
      });
      continue;
    }
    points.push({ memoryMb, durationMs });
  }
  if (points.length < 2) {
    if (problems.length === problemsBefore) {
      problems.push({
        path,
        message: 'a duration-versus-memory curve needs at least two memory sizes',
        expected: 'e.g. { 512: 310ms, 1024: 160ms }',
        hint: 'run AWS Lambda Power Tuning with several powerValues, or remove durationByMemory',
      });
    }
    return undefined;
  }
  points.sort((a, b) => a.memoryMb - b.memoryMb);
  return { points, referenceMemoryMb };
}

/** The curve's duration at `memoryMb` (interpolated, extrapolated as the module comment says). */
export function curveDurationMs(points: readonly Point[], memoryMb: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (memoryMb >= last.memoryMb) return last.durationMs;
  if (memoryMb <= first.memoryMb) {
    const second = points[1]!;
    const slope = Math.min(0, Math.max(-1, logSlope(first, second)));
    return first.durationMs * Math.pow(memoryMb / first.memoryMb, slope);
  }
  let i = 1;
  while (points[i]!.memoryMb < memoryMb) i++;
  const lower = points[i - 1]!;
  const upper = points[i]!;
  return lower.durationMs * Math.pow(memoryMb / lower.memoryMb, logSlope(lower, upper));
}

function logSlope(a: Point, b: Point): number {
  return Math.log(b.durationMs / a.durationMs) / Math.log(b.memoryMb / a.memoryMb);
}

/** How much longer (> 1) or shorter (< 1) the task runs at `memoryMb` than at its reference memory. */
export function durationScale(curve: MemoryCurve, memoryMb: number): number {
  if (memoryMb === curve.referenceMemoryMb) return 1;
  return curveDurationMs(curve.points, memoryMb) / curveDurationMs(curve.points, curve.referenceMemoryMb);
}

/** The distribution of `factor` × X. */
export function scaleDistribution(dist: Distribution, factor: number): Distribution {
  if (factor === 1) return dist;
  switch (dist.kind) {
    case 'fixed':
      return { kind: 'fixed', value: dist.value * factor };
    case 'lognormal':
      return { kind: 'lognormal', mu: dist.mu + Math.log(factor), sigma: dist.sigma };
    case 'uniform':
      return { kind: 'uniform', min: dist.min * factor, max: dist.max * factor };
    case 'normal':
      return { kind: 'normal', mean: dist.mean * factor, stddev: dist.stddev * factor };
    case 'poisson':
      // A Poisson scaled is no longer Poisson; durations are never Poisson, so keep the mean right.
      return { kind: 'poisson', mean: dist.mean * factor };
    case 'empirical':
      return { kind: 'empirical', values: dist.values.map((v) => v * factor) };
  }
}

/** A task's duration distribution when it runs at `memoryMb` (unchanged without a curve). */
export function durationAtMemory(duration: Distribution, curve: MemoryCurve | undefined, memoryMb: number): Distribution {
  return curve === undefined ? duration : scaleDistribution(duration, durationScale(curve, memoryMb));
}

/** For the normalizers: `{ memoryCurve }` when `durationByMemory` is given, `{}` otherwise. */
export function memoryCurveField(
  raw: unknown,
  referenceMemoryMb: number,
  path: DataPath,
  problems: SemanticProblem[],
): { memoryCurve?: MemoryCurve } {
  const curve = memoryCurveFrom(raw, referenceMemoryMb, path, problems);
  return curve ? { memoryCurve: curve } : {};
}

/** A Lambda task as the notes below need it. */
export interface MemoryTask {
  readonly name: string;
  readonly memoryMb: number;
  readonly hasCurve: boolean;
}

/** Every Lambda task of a workload (steps, poll checks, or the Lambda tasks of an imported machine). */
export function lambdaTasksOf(workload: Pick<Workload, 'graph'>): MemoryTask[] {
  const tasks: MemoryTask[] = [];
  for (const state of states(workload.graph)) {
    if (state.kind === 'task' && state.integration === 'lambda') {
      tasks.push({ name: state.name, memoryMb: state.lambda.memoryMb, hasCurve: state.memoryCurve !== undefined });
    }
    if (state.kind === 'poll') tasks.push({ name: state.check.name, memoryMb: state.check.lambda.memoryMb, hasCurve: false });
  }
  return tasks;
}

const HOW_TO_MEASURE = 'measure one with AWS Lambda Power Tuning and add it with `flowcost calibrate WORKLOAD --from NAME=result.json`';

/**
 * Report note (analyze): the single function runs every task at its own memory, but a task
 * without a curve keeps the duration it has at its own memory. Undefined when nothing differs.
 */
export function singleFunctionMemoryNote(tasks: readonly MemoryTask[], singleFunctionMemoryMb: number): string | undefined {
  const unscaled = tasks.filter((t) => !t.hasCurve && t.memoryMb !== singleFunctionMemoryMb);
  if (unscaled.length === 0) return undefined;
  return (
    `Durations do not change with memory: in the single function (${formatMb(singleFunctionMemoryMb)}) ` +
    `${listNames(unscaled.map((t) => `${t.name} (${formatMb(t.memoryMb)})`))} ` +
    `${unscaled.length === 1 ? 'runs as long as at its' : 'run as long as at their'} own memory, ` +
    `because ${unscaled.length === 1 ? 'it has' : 'they have'} no durationByMemory curve; ${HOW_TO_MEASURE}.`
  );
}

/** Sweep note (`--vary lambda.memoryMb` or `steps.<name>.memoryMb`): the varied tasks that keep their duration. */
export function sweepMemoryNote(varied: readonly MemoryTask[]): string | undefined {
  const unscaled = varied.filter((t) => !t.hasCurve);
  if (unscaled.length === 0) return undefined;
  return (
    `Durations do not change with memory: ${listNames(unscaled.map((t) => t.name))} ` +
    `${unscaled.length === 1 ? 'takes' : 'take'} as long at every memory size of this sweep, ` +
    `because ${unscaled.length === 1 ? 'it has' : 'they have'} no durationByMemory curve; ${HOW_TO_MEASURE}.`
  );
}

function formatMb(mb: number): string {
  return `${localeNumber(mb)} MB`;
}

function listNames(names: readonly string[]): string {
  const shown = names.length > 6 ? [...names.slice(0, 5), `${names.length - 5} more`] : names;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
