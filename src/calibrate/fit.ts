/**
 * Observations → the distribution the workload will sample, with how well it matches them.
 *
 * Rule (issue 17): with at least EMPIRICAL_MIN_OBSERVATIONS observations the distribution is
 * empirical: a bounded sample of EMPIRICAL_SAMPLE_SIZE values, each the mean of one of 200 equal
 * slices of the observations in order, so the shape, the mean and the weight of the tail are
 * kept whatever the number of observations (item counts: each observed count in proportion to
 * its frequency, when there are at most 200 different ones). With fewer it is a log-normal fitted to the observed p50 and p95
 * (the form users write by hand), or a fixed value when every observation is the same.
 *
 * Goodness of fit: the Kolmogorov–Smirnov distance D = sup |F_observed − F_model| between the
 * observations and the distribution written (0 = identical, 1 = disjoint). For an empirical sample
 * it measures what keeping only 200 values loses (at most about 1/400 plus the histogram's error).
 */
import { fitLogNormal, normalCdf, Z_P95 } from '../workload/distributions.js';
import type { Observations } from './observations.js';

export const EMPIRICAL_MIN_OBSERVATIONS = 200;
export const EMPIRICAL_SAMPLE_SIZE = 200;

export interface ObservedSummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export type Fit =
  | { readonly method: 'empirical'; readonly values: readonly number[]; readonly ks: number; readonly observed: ObservedSummary }
  | { readonly method: 'lognormal'; readonly p50: number; readonly p95: number; readonly ks: number; readonly observed: ObservedSummary }
  | { readonly method: 'fixed'; readonly value: number; readonly ks: number; readonly observed: ObservedSummary }
  /** Counts whose median is 0 (a log-normal needs a positive median): Poisson with the observed mean. */
  | { readonly method: 'poisson'; readonly mean: number; readonly ks: number; readonly observed: ObservedSummary };

export type FitMethod = Fit['method'];

export const FIT_METHOD_LABELS = {
  empirical: 'empirical',
  lognormal: 'log-normal on p50/p95',
  fixed: 'fixed',
  poisson: 'Poisson on the mean',
} as const satisfies Record<FitMethod, string>;

export function summarize(obs: Observations): ObservedSummary {
  return { count: obs.count, mean: obs.mean, p50: obs.quantile(0.5), p95: obs.quantile(0.95), p99: obs.quantile(0.99), max: obs.max };
}

/** Durations in ms (kept sample rounded to 0.01 ms, as REPORT lines give them). */
export function fitDuration(obs: Observations): Fit {
  const observed = summarize(obs);
  if (obs.count >= EMPIRICAL_MIN_OBSERVATIONS && obs.min !== obs.max) {
    const values = obs.sliceMeans(EMPIRICAL_SAMPLE_SIZE).map(roundMs);
    return { method: 'empirical', values, ks: ksAgainstSample(obs, values), observed };
  }
  if (obs.min === obs.max || !(observed.p50 > 0) || !(observed.p95 > observed.p50)) {
    // One value, or (almost) all the same, or a median of 0 ms: a fixed duration at the mean.
    const exact = obs.min === obs.max ? obs.min : observed.mean;
    // The goodness of fit of the value itself (the written value is rounded to 0.01 ms).
    return { method: 'fixed', value: roundMs(exact), ks: ksAgainst(obs, (x) => (x >= exact ? 1 : 0), [exact]), observed };
  }
  const p50 = roundMs(observed.p50);
  const p95 = roundMs(observed.p95);
  const fitted = fitLogNormal(p50, p95, Z_P95);
  const cdf = fitted.kind === 'lognormal' ? logNormalCdf(fitted.mu, fitted.sigma) : (x: number) => (x >= p50 ? 1 : 0);
  return { method: 'lognormal', p50, p95, ks: ksAgainst(obs, cdf, []), observed };
}

/**
 * Item counts: sampled values are rounded to whole numbers by the engine, so the model's CDF at k
 * is the continuous CDF at k + ½.
 */
export function fitCount(obs: Observations): Fit {
  const observed = summarize(obs);
  const integers = integerPoints(obs);
  if (obs.count >= EMPIRICAL_MIN_OBSERVATIONS && obs.min !== obs.max) {
    const values = obs.frequencySample(EMPIRICAL_SAMPLE_SIZE) ?? obs.sliceMeans(EMPIRICAL_SAMPLE_SIZE).map((v) => Math.round(v));
    return { method: 'empirical', values, ks: ksAgainstSample(obs, values, integers), observed };
  }
  if (obs.min === obs.max) {
    const value = Math.round(obs.min);
    return { method: 'fixed', value, ks: ksAgainst(obs, (x) => (x >= value ? 1 : 0), [value, ...integers]), observed };
  }
  if (!(observed.p50 >= 1)) {
    const mean = roundTo(observed.mean, 4);
    return { method: 'poisson', mean, ks: ksAgainst(obs, poissonCdf(mean), integers), observed };
  }
  const p50 = roundTo(observed.p50, 3);
  const p95 = roundTo(Math.max(observed.p95, observed.p50), 3);
  const fitted = fitLogNormal(p50, p95, Z_P95);
  const continuous = fitted.kind === 'lognormal' ? logNormalCdf(fitted.mu, fitted.sigma) : (x: number) => (x >= p50 ? 1 : 0);
  return { method: 'lognormal', p50, p95, ks: ksAgainst(obs, (x) => continuous(Math.floor(x) + 0.5), integers), observed };
}

function logNormalCdf(mu: number, sigma: number): (x: number) => number {
  return (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
}

function poissonCdf(mean: number): (x: number) => number {
  return (x) => {
    if (x < 0) return 0;
    const k = Math.floor(x);
    let term = Math.exp(-mean);
    let sum = term;
    for (let i = 1; i <= k && term > 1e-300; i++) {
      term *= mean / i;
      sum += term;
    }
    return Math.min(1, sum);
  };
}

/** Whole numbers from 0 to the largest observation (capped), where a count distribution steps. */
function integerPoints(obs: Observations): number[] {
  const top = Math.min(Math.ceil(obs.max), 10_000);
  return Array.from({ length: top + 1 }, (_, k) => k);
}

/** KS distance between the observations and a model CDF, over the observations' steps and `extra` points. */
function ksAgainst(obs: Observations, model: (x: number) => number, extra: readonly number[]): number {
  let d = 0;
  for (const x of [...obs.stepPoints(), ...extra]) {
    const fx = model(x);
    d = Math.max(d, Math.abs(obs.cdf(x) - fx), Math.abs(obs.cdfBelow(x) - modelBelow(model, x)));
  }
  return roundTo(Math.min(1, d), 4);
}

/** A model's CDF just below x (its left limit), for step-function models. */
function modelBelow(model: (x: number) => number, x: number): number {
  return model(x - Math.max(1e-9, Math.abs(x) * 1e-12));
}

/** KS distance between the observations and the step CDF of a sample of them. */
function ksAgainstSample(obs: Observations, sample: readonly number[], extra: readonly number[] = []): number {
  const sorted = [...sample].sort((a, b) => a - b);
  const n = sorted.length;
  const atMost = (x: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / n;
  };
  return ksAgainst(obs, atMost, [...sorted, ...extra]);
}

function roundMs(ms: number): number {
  return ms >= 100_000 ? Math.round(ms) : roundTo(ms, 2);
}

export function roundTo(value: number, digits: number): number {
  const factor = Math.pow(10, digits);
  return Math.round(value * factor) / factor;
}
