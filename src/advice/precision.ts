/**
 * Precision-driven sampling (issue 19.3): when to stop simulating.
 *
 * `--precision P` asks for two things of every figure the decision rests on:
 *  - every architecture's monthly cost: the 95% interval's relative half-width (the report's
 *    `monthlyCost.interval`, from the standard error of the mean cost per execution) is at most P;
 *  - every share of executions above a limit (the report's `exceedProbabilityInterval`, a Wilson
 *    interval): it is clear of the 0.1% feasibility threshold T, or it straddles T by at most
 *    P × T, i.e. min(T − low, high − T) ≤ P × T. So P is relative everywhere: near the threshold
 *    the share is pinned to T ± P·T (0.1% ± 0.001% at P = 1%), a share right at T can never be
 *    settled, and such a run goes on to the cap. A share known exactly (every execution shares the
 *    value) is never in doubt.
 *
 * The run is checked at block boundaries only (BLOCK_SAMPLES, in block order, never before
 * MIN_PRECISION_SAMPLES), from the merged Σ, Σ² and counts: the same floating-point sums the
 * report is computed from, so the stop is deterministic and the report's own figures meet the target.
 */
import { MATERIAL_EXCEED_PROBABILITY } from '../limits/quotas.js';
import type { PreparedArchitecture } from '../architectures/index.js';
import { relativeHalfWidth, straddlesThreshold, wilsonInterval } from './confidence.js';
import { standardErrorOfMean } from '../engine/quantiles.js';

/** Samples between two checks: 32 blocks to a chunk of the simulation (CHUNK_SAMPLES = 65,536). */
export const BLOCK_SAMPLES = 2_048;
/**
 * The fewest samples a precision-driven run takes (4 blocks): a standard error from fewer values
 * of a heavy-tailed cost is itself too uncertain to stop on, and a share of 0 executions above a
 * limit needs about 3,840 samples before its Wilson interval is clear of 0.1%.
 */
export const MIN_PRECISION_SAMPLES = 4 * BLOCK_SAMPLES;
/** The sample cap of a precision-driven run when --samples does not give one. */
export const DEFAULT_PRECISION_CAP = 1_000_000;

/** Why a precision-driven run stopped. */
export const STOP_REASONS = ['precision', 'cap'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** The merged figures at a block boundary (per architecture; limits flattened, architectures in order). */
export interface PrecisionView {
  readonly samples: number;
  /** Σ and Σ² of the cost per execution, per architecture. */
  readonly costSums: Float64Array;
  readonly costSquares: Float64Array;
  /** Executions above each limit, every architecture's limits in order. */
  readonly exceeded: Float64Array;
}

/** The relative half-width of the 95% interval of a mean, from n, Σx and Σx² (as QuantileSketch computes it). */
export function meanRelativeHalfWidth(n: number, sum: number, squares: number): number {
  return n === 0 ? 0 : relativeHalfWidth(sum / n, standardErrorOfMean(n, sum, squares));
}

/** How far a Wilson interval of `exceeded` of `n` reaches across the 0.1% threshold on its shorter side (0 when clear of it). */
export function thresholdStraddle(exceeded: number, n: number): number {
  const interval = wilsonInterval(exceeded, n);
  const threshold = MATERIAL_EXCEED_PROBABILITY;
  return straddlesThreshold(interval) ? Math.min(threshold - interval.low, interval.high - threshold) : 0;
}

/** The stop rule of a run with precision target `target` over `architectures`. */
export class PrecisionRule {
  /** Per flattened limit: whether its share is sampled (not a constant every execution shares). */
  private readonly sampledLimits: boolean[];

  constructor(
    readonly target: number,
    architectures: readonly PreparedArchitecture[],
  ) {
    if (!(target > 0 && target < 1)) throw new Error(`internal: precision ${target} is not in (0, 1)`);
    this.sampledLimits = architectures.flatMap((a) => a.limits.map((limit) => limit.shares !== 'constant'));
  }

  /** Whether the run may stop here: past the minimum, and every figure as precise as asked. */
  settled(view: PrecisionView): boolean {
    const n = view.samples;
    if (n < MIN_PRECISION_SAMPLES) return false;
    for (let a = 0; a < view.costSums.length; a++) {
      if (meanRelativeHalfWidth(n, view.costSums[a]!, view.costSquares[a]!) > this.target) return false;
    }
    const tolerance = this.target * MATERIAL_EXCEED_PROBABILITY;
    for (let l = 0; l < this.sampledLimits.length; l++) {
      if (this.sampledLimits[l] && thresholdStraddle(view.exceeded[l]!, n) > tolerance) return false;
    }
    return true;
  }
}

/**
 * A --precision value: a number in (0, 1) ("0.01") or a percentage ("1%"); undefined when it is not one.
 */
export function parsePrecision(text: string): number | undefined {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const digits = percent ? trimmed.slice(0, -1).trim() : trimmed;
  if (!/^(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(digits)) return undefined;
  const value = Number(digits) / (percent ? 100 : 1);
  return value > 0 && value < 1 ? value : undefined;
}
