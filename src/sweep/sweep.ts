/**
 * sweep: the analysis across a range of one parameter, and where the answer changes.
 *
 *   1. grid:       FROM..TO in `steps` points (linear or log); `analyze` at each, same seed
 *   2. crossovers: between neighbouring points where two architectures swap places in cost, or
 *                  one starts or stops fitting, bisect (re-running `analyze`) to locate the change
 *   3. words:      each crossover as a sentence
 *
 * Pure: the engine is `analyze` itself. Common random numbers: every point has the same seed, and
 * each execution draws from a stream of its own (simulate.ts, executionSeed), so execution i of
 * every point draws the same numbers whatever the executions before it drew. The monthly
 * volume changes no execution, only the bill: a volume sweep simulates once and prices that one
 * simulation at every point (the points are those `analyze` gives at each volume).
 */
import { analyze, finishAnalysis, planAnalysis, type AnalyzeOptions } from '../analyze.js';
import { learnKnownNumbers } from '../engine/generated-functions.js';
import { sharedSources, simulate, type SimulationResult } from '../engine/simulate.js';
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import { FlowcostError } from '../errors/problem.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Report } from '../report/model.js';
import type { Workload } from '../workload/types.js';
import { arithmeticMidpoint, bisect, geometricMidpoint, integerMidpoint } from './bisect.js';
import { abovePhrase, applyParameter, isInteger, type SweepParameter, type VarySpec } from './parameter.js';

export const SWEEP_SCALES = ['linear', 'log'] as const;
export type SweepScale = (typeof SWEEP_SCALES)[number];

export interface SweepOptions {
  readonly steps: number;
  readonly scale: SweepScale;
  readonly analyze: AnalyzeOptions;
  /** Runs of `analyze` done and planned so far (the plan grows once crossovers are known). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepArchitecturePoint {
  readonly id: ArchitectureId;
  readonly monthlyUsd: number;
  readonly costPerExecutionUsd: number;
  readonly feasible: boolean;
  /** Ids of the limits this architecture exceeds at this point. */
  readonly exceeded: readonly string[];
}

export interface SweepPoint {
  readonly value: number;
  readonly architectures: readonly SweepArchitecturePoint[];
  readonly recommendation: ArchitectureId | null;
}

export interface Crossover {
  readonly kind: 'cost' | 'feasibility';
  /** Where the change happens (bisected between two grid points). */
  readonly value: number;
  /** cost: the architecture that is cheaper above `value`; feasibility: the one that changes. */
  readonly architecture: ArchitectureId;
  /** cost: the one it becomes cheaper than. */
  readonly other?: ArchitectureId;
  /** feasibility: whether it fits above `value`. */
  readonly feasibleAbove?: boolean;
  /** feasibility: the limits it exceeds on the side where it does not fit. */
  readonly limits?: readonly string[];
  readonly sentence: string;
}

export interface SweepResult {
  readonly workload: { readonly name: string; readonly region: string };
  readonly parameter: { readonly path: string; readonly from: number; readonly to: number; readonly scale: SweepScale };
  readonly simulation: { readonly samples: number; readonly seed: number };
  readonly labels: Readonly<Record<ArchitectureId, string>>;
  readonly points: readonly SweepPoint[];
  readonly crossovers: readonly Crossover[];
}

const BISECTION_STEPS = 10;

/** Names as they read mid-sentence, from each architecture's module. */
const inSentence = (id: ArchitectureId): string => ARCHITECTURES[id].identity.inSentence;

/**
 * The analysis options of every point of a sweep or cell of a decision map: points differ in
 * numbers only, so they share one compiled simulation (the engine `compiled-shared`, simulate.ts);
 * the same figures as `compiled`, sooner over many points.
 */
export function pointOptions(options: AnalyzeOptions): AnalyzeOptions {
  return { ...options, engine: options.engine === 'interpreted' ? 'interpreted' : 'compiled-shared' };
}

/** The first and the last of `values` (one of them if they are one, none if there is none): the ends of a swept range. */
export function ends<T>(values: readonly T[]): T[] {
  return values.length <= 1 ? [...values] : [values[0]!, values[values.length - 1]!];
}

/**
 * Teaches this thread's engine `compiled-shared` which numbers of the generated code are the same
 * at every point of a sweep (generated-functions.ts, learnKnownNumbers): those `variants` (the
 * workload at the ends of each swept range) agree on. A point whose number differs after all is
 * still right: it reads that number from its table, in code of its own. Only speed depends on it,
 * never a figure; a variant that cannot be analyzed is skipped (its point reports why).
 */
export function learnSharedNumbers(variants: readonly (() => Workload)[], catalog: PricingCatalog, options: AnalyzeOptions): void {
  if (options.engine !== 'compiled-shared') return;
  learnKnownNumbers(
    variants.flatMap((variant) => {
      try {
        const varied = variant();
        return sharedSources(varied, planAnalysis(varied, catalog, options).architectures);
      } catch {
        return [];
      }
    }),
  );
}

export function sweep(workload: Workload, catalog: PricingCatalog, vary: VarySpec, sweepOptions: SweepOptions): SweepResult {
  const options = { ...sweepOptions, analyze: pointOptions(sweepOptions.analyze) };
  const { parameter } = vary;
  if (options.scale === 'log' && vary.from <= 0) {
    throw new FlowcostError([
      { code: 'usage', message: `--scale log needs FROM above 0 (got ${vary.from})`, hint: 'start the range above 0, or use --scale linear' },
    ]);
  }
  const grid = gridValues(vary.from, vary.to, options.steps, options.scale, isInteger(parameter));
  let done = 0;
  let planned = grid.length;
  const cache = new Map<number, SweepPoint>();
  let oneSimulation: SimulationResult | undefined;
  const analyzeAt = (varied: Workload): Report => {
    if (parameter.kind !== 'executionsPerMonth') return analyze(varied, catalog, options.analyze);
    const plan = planAnalysis(varied, catalog, options.analyze);
    oneSimulation ??= simulate(varied, plan.architectures, {
      samples: plan.samples,
      seed: options.analyze.seed,
      pilot: plan.pilot,
      ...(options.analyze.engine ? { engine: options.analyze.engine } : {}),
    });
    return finishAnalysis(plan, oneSimulation, catalog, options.analyze);
  };
  const at = (value: number): SweepPoint => {
    const cached = cache.get(value);
    if (cached) return cached;
    const report = analyzeAt(applyParameter(workload, parameter, value));
    const point = toPoint(value, report);
    cache.set(value, point);
    options.onProgress?.(++done, Math.max(planned, done));
    return point;
  };

  // 1. grid
  if (parameter.kind !== 'executionsPerMonth') {
    learnSharedNumbers(ends(grid).map((value) => () => applyParameter(workload, parameter, value)), catalog, options.analyze);
  }
  const points = grid.map(at);
  const ids = points[0]?.architectures.map((a) => a.id) ?? [];
  // The labels analyze uses (issue 15.14).
  const labels = Object.fromEntries(ids.map((id) => [id, ARCHITECTURES[id].identity.label])) as Record<ArchitectureId, string>;

  // 2. crossovers: find the brackets first so that progress can count the bisections
  type Bracket = { lo: number; hi: number; side: (p: SweepPoint) => string; make: (lo: SweepPoint, hi: SweepPoint, value: number) => Crossover };
  const brackets: Bracket[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const lo = points[k]!;
    const hi = points[k + 1]!;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i]!;
        const b = ids[j]!;
        const side = (p: SweepPoint) => String(Math.sign(cost(p, a) - cost(p, b)));
        if (side(lo) === '0' || side(hi) === '0' || side(lo) === side(hi)) continue;
        brackets.push({
          lo: lo.value,
          hi: hi.value,
          side,
          make: (_l, h, value) => {
            const cheaper = cost(h, a) < cost(h, b) ? a : b;
            const dearer = cheaper === a ? b : a;
            const misfits = [cheaper, dearer].filter((id) => !arch(h, id).feasible);
            const note = misfits.length > 0 ? ` (though ${misfits.map(inSentence).join(' and ')} ${misfits.length > 1 ? 'do' : 'does'} not fit there)` : '';
            return {
              kind: 'cost',
              value,
              architecture: cheaper,
              other: dearer,
              sentence: `${capitalize(inSentence(cheaper))} becomes cheaper than ${inSentence(dearer)} ${abovePhrase(parameter, value)}${note}.`,
            };
          },
        });
      }
    }
    for (const id of ids) {
      const side = (p: SweepPoint) => String(arch(p, id).feasible);
      if (side(lo) === side(hi)) continue;
      brackets.push({
        lo: lo.value,
        hi: hi.value,
        side,
        make: (l, h, value) => {
          const feasibleAbove = arch(h, id).feasible;
          const limits = (feasibleAbove ? arch(l, id) : arch(h, id)).exceeded;
          const subject = id === 'lambda' ? 'The single function' : capitalize(inSentence(id));
          return {
            kind: 'feasibility',
            value,
            architecture: id,
            feasibleAbove,
            limits,
            sentence: `${subject} ${feasibleAbove ? 'starts' : 'stops'} being feasible ${abovePhrase(parameter, value)}${limits.length > 0 ? ` (${limits.join(', ')})` : ''}.`,
          };
        },
      });
    }
  }
  planned = points.length + brackets.length * BISECTION_STEPS;

  const integer = isInteger(parameter);
  const midpoint = integer ? integerMidpoint : options.scale === 'log' ? geometricMidpoint : arithmeticMidpoint;
  const crossovers = brackets.map((b) => {
    const found = bisect(b.lo, b.hi, (v) => b.side(at(v)), {
      midpoint,
      iterations: BISECTION_STEPS,
      done: (lo, hi) => (integer ? hi - lo <= 1 : (hi - lo) / Math.max(Math.abs(hi), 1e-12) < 1e-3),
    });
    // Integers: the change happens going from lo to lo + 1 ("more than lo").
    const value = integer ? found.lo : (found.lo + found.hi) / 2;
    return b.make(at(found.lo), at(found.hi), value);
  });
  crossovers.sort((x, y) => x.value - y.value || x.sentence.localeCompare(y.sentence));
  options.onProgress?.(planned, planned);

  return {
    workload: { name: workload.name, region: workload.region },
    parameter: { path: vary.path, from: vary.from, to: vary.to, scale: options.scale },
    simulation: { samples: options.analyze.samples, seed: options.analyze.seed },
    labels,
    points,
    crossovers,
  };
}

/** FROM..TO in `steps` points; integers are rounded and deduplicated. */
export function gridValues(from: number, to: number, steps: number, scale: SweepScale, integer: boolean): number[] {
  const n = Math.max(2, Math.floor(steps));
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const v = scale === 'log' ? from * Math.pow(to / from, t) : from + (to - from) * t;
    values.push(i === n - 1 ? to : integer ? Math.round(v) : Number(v.toPrecision(12)));
  }
  return [...new Set(values)];
}

export function toPoint(value: number, report: Report): SweepPoint {
  return {
    value,
    architectures: report.architectures.map((a) => ({
      id: a.id,
      monthlyUsd: a.monthlyCost.total,
      costPerExecutionUsd: a.costPerExecution.mean,
      feasible: a.feasible,
      exceeded: a.limits.filter((l) => l.status === 'exceeded').map((l) => l.id),
    })),
    recommendation: report.recommendation.architecture,
  };
}

function arch(point: SweepPoint, id: ArchitectureId): SweepArchitecturePoint {
  const found = point.architectures.find((a) => a.id === id);
  if (!found) throw new Error(`internal: no ${id} at ${point.value}`);
  return found;
}

function cost(point: SweepPoint, id: ArchitectureId): number {
  return arch(point, id).monthlyUsd;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type { SweepParameter };
