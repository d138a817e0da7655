/**
 * Issue 15, capability 3: Monte Carlo figures carry their uncertainty — Wilson intervals for the
 * shares of executions that break a limit, normal intervals for means and monthly totals (from the
 * sketch's sum of squares) — and say so where it touches the decision.
 */
import { describe, expect, it } from 'vitest';
import { samplesToSettle, straddlesThreshold, wilsonInterval } from '../../src/advice/confidence.js';
import { QuantileSketch } from '../../src/engine/quantiles.js';
import { analyzeYaml, arch } from '../helpers.js';

describe('Wilson score interval', () => {
  it('matches the textbook values (10 of 100: 5.52%–17.44%)', () => {
    const { low, high } = wilsonInterval(10, 100);
    expect(low).toBeCloseTo(0.0552, 4);
    expect(high).toBeCloseTo(0.1744, 4);
  });

  it('is honest at 0 and at n: [0, z²/(n + z²)] and its mirror', () => {
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 10_000)).toEqual({ low: 0, high: expect.closeTo(z2 / (10_000 + z2), 12) });
    expect(wilsonInterval(10_000, 10_000).high).toBe(1);
    expect(wilsonInterval(10_000, 10_000).low).toBeCloseTo(10_000 / (10_000 + z2), 12);
  });

  it('straddles 0.1% at 7 in 10,000, and the samples that would settle it are a round number that does', () => {
    expect(straddlesThreshold(wilsonInterval(7, 10_000))).toBe(true);
    expect(straddlesThreshold(wilsonInterval(0, 10_000))).toBe(false);
    expect(straddlesThreshold(wilsonInterval(30, 10_000))).toBe(false);
    const n = samplesToSettle(0.0007, 10_000_000)!;
    expect([1, 2, 5]).toContain(n / 10 ** Math.floor(Math.log10(n)));
    expect(straddlesThreshold(wilsonInterval(Math.round(0.0007 * n), n))).toBe(false);
    expect(samplesToSettle(0.001, 10_000_000)).toBeUndefined();
  });
});

describe('the sketch variance', () => {
  it('is the sample variance, and merging chunks gives the very same bits as one sketch', () => {
    const one = new QuantileSketch();
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const values = [1, 2, 3, 4, 0.1, 1e-4, 17, 3.25];
    values.forEach((v, i) => {
      one.add(v);
      (i < 3 ? a : b).add(v);
    });
    const merged = new QuantileSketch();
    merged.merge(a.toState());
    merged.merge(b.toState());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(one.variance).toBeCloseTo(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1), 10);
    expect(Object.is(merged.variance, one.variance) || merged.variance === one.variance).toBe(true);
    expect(merged.toState().squares).toBe(a.toState().squares + b.toState().squares);
  });

  it('is 0, never negative, when every value is the same', () => {
    const s = new QuantileSketch();
    s.addRepeated(0.1 + 0.2, 1000);
    expect(s.variance).toBe(0);
    expect(s.standardError).toBe(0);
  });
});

const workload = (extra: string) => `name: c
region: us-east-1
executionsPerMonth: 10000000
steps:
  - task: a
    duration: { p50: 80ms, p95: 400ms }
${extra}`;

describe('intervals in the report', () => {
  const report = analyzeYaml(workload(''), { samples: 5_000 });

  it('monthlyCost.interval and costPerExecution.meanInterval hold the figure, at the same relative width', () => {
    for (const a of report.architectures) {
      const { low, high } = a.monthlyCost.interval;
      expect(low).toBeLessThanOrEqual(a.monthlyCost.total);
      expect(high).toBeGreaterThanOrEqual(a.monthlyCost.total);
      const m = a.costPerExecution.meanInterval;
      expect(m.low).toBeLessThanOrEqual(a.costPerExecution.mean);
      expect(m.high / a.costPerExecution.mean).toBeCloseTo(high / a.monthlyCost.total, 9);
    }
    // The single function's bill follows the spread of durations: a visible interval, not a point.
    const lambda = arch(report, 'lambda').monthlyCost;
    expect(lambda.interval.high - lambda.interval.low).toBeGreaterThan(0.01 * lambda.total);
    expect(lambda.interval.high - lambda.interval.low).toBeLessThan(0.2 * lambda.total);
  });

  it('more samples give a narrower interval (about 1/√n)', () => {
    const more = analyzeYaml(workload(''), { samples: 20_000 });
    const width = (r: typeof report) => {
      const { low, high } = arch(r, 'lambda').monthlyCost.interval;
      return (high - low) / arch(r, 'lambda').monthlyCost.total;
    };
    expect(width(more) / width(report)).toBeGreaterThan(0.35);
    expect(width(more) / width(report)).toBeLessThan(0.65);
  });

  it('a value every execution shares (the payload) has a point interval', () => {
    const payload = arch(report, 'sfn-standard').limits.find((l) => l.id === 'state-payload')!;
    expect(payload.exceedProbabilityInterval).toEqual({ low: 0, high: 0 });
    const timeout = arch(report, 'lambda').limits.find((l) => l.id === 'lambda-timeout')!;
    expect(timeout.exceedProbabilityInterval.low).toBe(0);
    expect(timeout.exceedProbabilityInterval.high).toBeCloseTo(wilsonInterval(0, 5_000).high, 12);
  });

  it('a limit decision that rests on too few samples says so and suggests --samples', () => {
    // About 0.1% of executions reach a callback, which Express (the cheapest here) cannot run.
    const close = analyzeYaml(
      workload(`  - choice: rare
    branches:
      - { probability: 0.0011, steps: [ { wait: approval, mode: callback, duration: 1h } ] }
      - { probability: 0.9989, steps: [ { task: b, duration: 10ms } ] }
`),
      { samples: 10_000 },
    );
    const callback = arch(close, 'sfn-express').limits.find((l) => l.id === 'express-callback')!;
    expect(straddlesThreshold(callback.exceedProbabilityInterval)).toBe(true);
    const words = close.recommendation.reasons.find((r) => r.startsWith('Whether Step Functions Express fits rests on few samples'));
    expect(words).toMatch(/\(95% interval [\d.]+%–[\d.]+%\) break "Express does not support .waitForTaskToken callbacks", from 10,000 simulated executions/);
    expect(words).toMatch(/run with --samples [125]0*(,000)+ to settle it\.$/);
  });
});
