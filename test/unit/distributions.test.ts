import { describe, expect, it } from 'vitest';
import { distributionMean, fitLogNormal, logNormalQuantile, Z_P95, Z_P99 } from '../../src/workload/distributions.js';
import { Random, toSampler } from '../../src/engine/random.js';
import type { Distribution } from '../../src/workload/types.js';

function sampleQuantile(dist: Distribution, q: number, n = 200_000, seed = 7): number {
  const random = new Random(seed);
  const values = Float64Array.from({ length: n }, () => random.sample(toSampler(dist))).sort();
  return values[Math.floor(q * n)]!;
}

describe('log-normal fitting', () => {
  it('reproduces the given p50 and p95', () => {
    const dist = fitLogNormal(400, 1_200, Z_P95);
    if (dist.kind !== 'lognormal') throw new Error('expected log-normal');
    expect(logNormalQuantile(dist.mu, dist.sigma, 0)).toBeCloseTo(400, 9);
    expect(logNormalQuantile(dist.mu, dist.sigma, Z_P95)).toBeCloseTo(1_200, 9);
    // sigma = ln(3) / 1.6449
    expect(dist.sigma).toBeCloseTo(Math.log(3) / 1.6448536269514722, 12);
  });

  it('reproduces the given p50 and p99', () => {
    const dist = fitLogNormal(2 * 3_600_000, 20 * 3_600_000, Z_P99);
    if (dist.kind !== 'lognormal') throw new Error('expected log-normal');
    expect(logNormalQuantile(dist.mu, dist.sigma, Z_P99)).toBeCloseTo(72_000_000, 3);
  });

  it('sampled values land on the fitted percentiles', () => {
    const dist = fitLogNormal(400, 1_200, Z_P95);
    expect(sampleQuantile(dist, 0.5) / 400).toBeCloseTo(1, 1);
    expect(sampleQuantile(dist, 0.95) / 1_200).toBeCloseTo(1, 1);
  });

  it('equal percentiles mean a fixed value', () => {
    expect(fitLogNormal(100, 100, Z_P95)).toEqual({ kind: 'fixed', value: 100 });
  });
});

describe('sampling', () => {
  it('uniform, truncated normal, Poisson and empirical have the right means', () => {
    const cases: [Distribution, number][] = [
      [{ kind: 'uniform', min: 10, max: 30 }, 20],
      [{ kind: 'normal', mean: 100, stddev: 10 }, 100],
      [{ kind: 'poisson', mean: 5 }, 5],
      [{ kind: 'poisson', mean: 200 }, 200],
      [{ kind: 'empirical', values: [1, 2, 3, 10] }, 4],
    ];
    for (const [dist, mean] of cases) {
      const random = new Random(3);
      let sum = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) sum += random.sample(toSampler(dist));
      expect(sum / n / mean).toBeCloseTo(1, 1);
      expect(distributionMean(dist)).toBeCloseTo(mean, 6);
    }
  });

  it('a normal truncated at 0 never goes negative, and its mean shifts up', () => {
    const dist: Distribution = { kind: 'normal', mean: 10, stddev: 20 };
    const random = new Random(5);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = random.sample(toSampler(dist));
      expect(x).toBeGreaterThanOrEqual(0);
      sum += x;
    }
    expect(sum / 50_000).toBeCloseTo(distributionMean(dist), 0);
    expect(distributionMean(dist)).toBeGreaterThan(10);
  });

  it('the same seed gives the same stream; another seed another stream', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });
});
