/**
 * Distributions as users write them, fitted to the normalized `Distribution` model, plus their
 * closed-form summaries (mean, quantiles) used by tests and reports.
 */
import type { Distribution } from './types.js';

/** Standard normal quantiles for the percentiles a user may give. */
export const Z_P95 = 1.6448536269514722;
export const Z_P99 = 2.3263478740408408;

/** Log-normal whose median is `p50` and whose `upper` quantile (z-score `z`) is `pUpper`. */
export function fitLogNormal(p50: number, pUpper: number, z: number): Distribution {
  if (pUpper === p50) return { kind: 'fixed', value: p50 };
  return { kind: 'lognormal', mu: Math.log(p50), sigma: (Math.log(pUpper) - Math.log(p50)) / z };
}

export function distributionMean(dist: Distribution): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'lognormal':
      return Math.exp(dist.mu + (dist.sigma * dist.sigma) / 2);
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'normal': {
      // Mean of a normal truncated below at 0.
      if (dist.stddev === 0) return dist.mean;
      const alpha = -dist.mean / dist.stddev;
      return dist.mean + (dist.stddev * normalPdf(alpha)) / (1 - normalCdf(alpha));
    }
    case 'poisson':
      return dist.mean;
    case 'empirical':
      return dist.values.reduce((sum, v) => sum + v, 0) / dist.values.length;
  }
}

/** Quantile of a log-normal distribution (used to check fitting). */
export function logNormalQuantile(mu: number, sigma: number, z: number): number {
  return Math.exp(mu + sigma * z);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
