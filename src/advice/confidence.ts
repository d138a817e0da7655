/**
 * How sure the Monte Carlo figures are (issue 15, capability 3): 95% intervals, and the words for
 * where the uncertainty touches the decision.
 *
 *  - A share of executions that break a limit (k of n): the Wilson score interval, which stays
 *    inside [0, 1] and is honest at k = 0 (the normal approximation would claim [0, 0]); Wilson,
 *    "Probable inference, the law of succession, and statistical inference", JASA 22 (1927).
 *  - A mean (cost per execution): mean ± 1.96 standard errors, the standard error from the sketch's
 *    Σx and Σx² (central limit theorem; 1,000 samples at least, so it holds for any bill's spread).
 *  - A monthly total: the same relative width as the mean it is priced from (tiers apply to the
 *    mean's usage, and a marginal rate is at most the average one, so this errs on the wide side).
 */
import { MATERIAL_EXCEED_PROBABILITY } from '../limits/quotas.js';
import type { Interval } from '../report/model.js';

/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (!(n > 0)) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: successes <= 0 ? 0 : Math.max(0, center - half),
    high: successes >= n ? 1 : Math.min(1, center + half),
  };
}

/** A point "interval": a figure every execution shares (a payload size, a definition size). */
export const exactly = (value: number): Interval => ({ low: value, high: value });

/** `value` ± the relative half-width `relative` (never below zero). */
export function relativeInterval(value: number, relative: number): Interval {
  return { low: Math.max(0, value * (1 - relative)), high: value * (1 + relative) };
}

/** The relative half-width of the 95% interval of a mean, from its standard error. */
export function relativeHalfWidth(mean: number, standardError: number): number {
  return mean > 0 ? (Z_95 * standardError) / mean : 0;
}

/** Whether the interval leaves it open which side of the 0.1% feasibility threshold the share is on. */
export function straddlesThreshold(interval: Interval): boolean {
  return interval.low < MATERIAL_EXCEED_PROBABILITY && interval.high >= MATERIAL_EXCEED_PROBABILITY;
}

/**
 * The samples with which an observed share `p` would have a Wilson interval clear of the 0.1%
 * threshold, as a round number (1, 2 or 5 × 10^k), at most `maxSamples`; undefined when even that
 * would not settle it (a share right at the threshold).
 */
export function samplesToSettle(p: number, maxSamples: number): number | undefined {
  for (let exponent = 3; ; exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const n = mantissa * 10 ** exponent;
      if (n > maxSamples) return undefined;
      if (!straddlesThreshold(wilsonInterval(Math.round(p * n), n))) return n;
    }
  }
}

/** Whether two intervals share any value. */
export function overlap(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}
