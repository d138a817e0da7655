/** Bounded observations (exact, then a histogram), the bounded empirical sample, and the fitting rule. */
import { describe, expect, it } from 'vitest';
import { EMPIRICAL_SAMPLE_SIZE, fitCount, fitDuration } from '../../src/calibrate/fit.js';
import { EXACT_VALUES, Observations } from '../../src/calibrate/observations.js';
import { timestampMs } from '../../src/calibrate/timestamps.js';
import { Rng } from './generator.js';

function logNormals(n: number, p50: number, p95: number, seed = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.logNormal({ p50, p95 }));
}

function observe(values: readonly number[]): Observations {
  const obs = new Observations();
  for (const v of values) obs.add(v);
  return obs;
}

function exactQuantile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return v[lo]! + (h - lo) * (v[Math.min(v.length - 1, lo + 1)]! - v[lo]!);
}

describe('Observations', () => {
  it('is exact up to EXACT_VALUES values', () => {
    const values = logNormals(EXACT_VALUES, 100, 400);
    const obs = observe(values);
    expect(obs.isExact).toBe(true);
    for (const p of [0, 0.5, 0.95, 0.99, 1]) expect(obs.quantile(p)).toBe(exactQuantile(values, p));
  });

  it('past that, gives every quantile within 0.3% from a histogram whose size does not grow with the count', () => {
    const values = logNormals(200_000, 100, 4_000, 7);
    const obs = observe(values);
    expect(obs.isExact).toBe(false);
    for (const p of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const want = exactQuantile(values, p);
      expect(Math.abs(obs.quantile(p) - want) / want).toBeLessThan(0.003);
    }
    expect(obs.count).toBe(200_000);
    expect(obs.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it('keeps zeros and negative clock skew as 0', () => {
    const obs = observe([0, 0, -3, 5, 10]);
    expect(obs.min).toBe(0);
    expect(obs.quantile(0.5)).toBe(0);
    expect(obs.cdf(0)).toBe(0.6);
  });

  it('slice means keep the mean exactly and are in order, exact or from the histogram', () => {
    for (const n of [1_000, 100_000]) {
      const values = logNormals(n, 2 * 3_600_000, 20 * 3_600_000, n); // a heavy tail: σ = 1.4
      const obs = observe(values);
      const sample = obs.sliceMeans(EMPIRICAL_SAMPLE_SIZE);
      expect(sample).toHaveLength(EMPIRICAL_SAMPLE_SIZE);
      for (let i = 1; i < sample.length; i++) expect(sample[i]!).toBeGreaterThanOrEqual(sample[i - 1]! * (1 - 1e-9));
      const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
      expect(Math.abs(mean - obs.mean) / obs.mean).toBeLessThan(obs.isExact ? 1e-9 : 0.003);
    }
  });

  it('a frequency sample gives each whole number its share of 200', () => {
    const values = [...Array<number>(500).fill(1), ...Array<number>(300).fill(2), ...Array<number>(200).fill(7)];
    const sample = observe(values).frequencySample(200)!;
    expect(sample.filter((v) => v === 1)).toHaveLength(100);
    expect(sample.filter((v) => v === 2)).toHaveLength(60);
    expect(sample.filter((v) => v === 7)).toHaveLength(40);
  });
});

describe('fitDuration', () => {
  it('fewer than 200 observations: a log-normal on the observed p50 and p95, with a small KS distance when it is one', () => {
    const values = logNormals(150, 400, 1_200, 3);
    const fit = fitDuration(observe(values));
    expect(fit.method).toBe('lognormal');
    if (fit.method !== 'lognormal') return;
    expect(fit.p50).toBeCloseTo(exactQuantile(values, 0.5), 1);
    expect(fit.p95).toBeCloseTo(exactQuantile(values, 0.95), 1);
    expect(fit.ks).toBeLessThan(0.12);
  });

  it('the KS distance shows when a log-normal is a poor fit (two modes)', () => {
    const values = [...logNormals(75, 100, 120, 4), ...logNormals(75, 5_000, 6_000, 5)];
    const fit = fitDuration(observe(values));
    expect(fit.method).toBe('lognormal');
    expect(fit.ks).toBeGreaterThan(0.2);
  });

  it('200 or more: an empirical sample of 200 values, whatever the number of observations', () => {
    for (const n of [200, 50_000]) {
      const fit = fitDuration(observe(logNormals(n, 400, 1_200, n)));
      expect(fit.method).toBe('empirical');
      if (fit.method !== 'empirical') return;
      expect(fit.values).toHaveLength(200);
      expect(fit.ks).toBeLessThan(0.01);
      expect(fit.observed.count).toBe(n);
    }
  });

  it('one value, or all the same: fixed', () => {
    expect(fitDuration(observe([120, 120, 120]))).toMatchObject({ method: 'fixed', value: 120, ks: 0 });
    expect(fitDuration(observe(Array<number>(500).fill(40)))).toMatchObject({ method: 'fixed', value: 40 });
  });
});

describe('fitCount', () => {
  it('few counts: a log-normal on p50/p95 (the model rounds what it draws)', () => {
    expect(fitCount(observe([3, 4, 4, 5, 6, 9]))).toMatchObject({ method: 'lognormal' });
  });

  it('a median of 0: Poisson on the mean', () => {
    expect(fitCount(observe([0, 0, 0, 1, 2]))).toMatchObject({ method: 'poisson', mean: 0.6 });
  });

  it('many counts: each count at its frequency', () => {
    const rng = new Rng(9);
    const values = Array.from({ length: 1_000 }, () => rng.poisson(4));
    const fit = fitCount(observe(values));
    expect(fit.method).toBe('empirical');
    if (fit.method !== 'empirical') return;
    const mean = fit.values.reduce((a, b) => a + b, 0) / fit.values.length;
    expect(Math.abs(mean - values.reduce((a, b) => a + b, 0) / values.length)).toBeLessThan(0.05);
    expect(fit.ks).toBeLessThan(0.01);
  });
});

describe('timestampMs', () => {
  it('reads both forms AWS gives and they agree', () => {
    const epoch = timestampMs(1712567843.827)!;
    expect(epoch).toBeCloseTo(Date.UTC(2024, 3, 8, 9, 17, 23, 827), 3);
    expect(timestampMs('2024-04-08T11:17:23.827000+02:00')).toBeCloseTo(epoch, 3);
    expect(timestampMs('2024-04-08T09:17:23.827Z')).toBeCloseTo(epoch, 3);
    expect(timestampMs('2024-04-08T04:17:23.827-0500')).toBeCloseTo(epoch, 3);
    expect(timestampMs(1712567843827)).toBe(1712567843827); // already milliseconds
  });

  it('keeps fractions below a millisecond', () => {
    expect(timestampMs('2024-04-08T09:17:23.827450Z')! - timestampMs('2024-04-08T09:17:23.827Z')!).toBeCloseTo(0.45, 3); // doubles hold a 2026 epoch in ms to about 0.0004 ms
  });

  it('refuses what is not a timestamp', () => {
    for (const bad of ['yesterday', '2024-13-01T00:00:00Z', '', -5, null, undefined]) expect(timestampMs(bad as never)).toBeUndefined();
  });
});
