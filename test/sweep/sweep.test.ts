import { describe, expect, it } from 'vitest';
import { analyze, regionPrices } from '../../src/analyze.js';
import { volumeCurve } from '../../src/report/volume.js';
import { FlowcostError } from '../../src/errors/problem.js';
import { lookupPrice } from '../../src/pricing/catalog.js';
import { applyParameter, parseVary, withMedian } from '../../src/sweep/parameter.js';
import { gridValues, sweep, type Crossover } from '../../src/sweep/sweep.js';
import { catalog, workload } from '../helpers.js';

const prices = regionPrices(catalog, 'us-east-1');
const price = (key: Parameters<typeof lookupPrice>[1]) => lookupPrice(prices, key).tiers[0]!.usd;
const options = (freeTier = false) => ({ samples: 400, seed: 1, freeTier });

function find(crossovers: readonly Crossover[], kind: Crossover['kind'], architecture: string, other?: string): Crossover {
  const found = crossovers.find((c) => c.kind === kind && c.architecture === architecture && (other === undefined || c.other === other));
  if (!found) throw new Error(`no ${kind} crossover for ${architecture}: ${crossovers.map((c) => c.sentence).join(' | ')}`);
  return found;
}

// Fixed durations, no failures: every cost is exactly linear, so break-evens have closed forms.
const fixed = (waitMs: string) =>
  workload(
    'name: fixed\nregion: us-east-1\nexecutionsPerMonth: 1000000\nlambda: { memoryMb: 1024, architecture: x86_64 }\n' +
      `steps:\n  - task: work\n    duration: 100ms\n  - wait: pause\n    duration: ${waitMs}\n`,
  );

describe('volume sweeps simulate once', () => {
  it('every point equals a full analysis at that volume (tiers and free tier included)', () => {
    // Log-normal durations, retries and a Map: nothing here is linear, so only the same
    // executions priced at each volume can give the same numbers.
    const w = workload(
      'name: volume\nregion: us-east-1\nexecutionsPerMonth: 1000000\nsteps:\n' +
        '  - task: a\n    duration: { p50: 200ms, p95: 900ms }\n    failureRate: 0.1\n    retry: { maxAttempts: 2 }\n' +
        '  - map: m\n    items: { min: 1, max: 8 }\n    steps: [ { task: b, duration: { p50: 3s, p95: 9s } } ]\n',
    );
    const result = sweep(w, catalog, parseVary('executionsPerMonth=100k..5e9', w), { steps: 6, scale: 'log', analyze: options(true) });
    expect(result.points.length).toBe(6);
    for (const point of result.points) {
      const report = analyze(applyParameter(w, parseVary(`executionsPerMonth=${point.value}..${point.value * 2}`, w).parameter, point.value), catalog, options(true));
      expect(point.recommendation).toBe(report.recommendation.architecture);
      point.architectures.forEach((a, i) => {
        const full = report.architectures[i]!;
        expect(a.id).toBe(full.id);
        expect(a.monthlyUsd).toBe(full.monthlyCost.total);
        expect(a.costPerExecutionUsd).toBe(full.costPerExecution.mean);
        expect(a.feasible).toBe(full.feasible);
      });
    }
    // The volume range crosses Express's GB-hour tiers (1,000 and 5,000 GB-hours a month): its cost
    // per execution falls from one point to the next at the top of the range.
    const expressAt = (i: number) => result.points[i]!.architectures.find((a) => a.id === 'sfn-express')!.costPerExecutionUsd;
    expect(expressAt(5)).toBeLessThan(expressAt(4));
    expect(expressAt(4)).toBeLessThan(expressAt(3));
  });
});

describe('sweep crossovers against hand calculations', () => {
  it('a wait: Standard becomes cheaper than one function when the wait passes 2 transitions’ worth of GB-s', () => {
    // One function: (100 ms + W) × 1 GB × p per execution (+ 1 request).
    // Standard: 2 transitions × t + the task alone (1 request + 100 ms × 1 GB × p).
    // Equal when W × p = 2t  →  W* = 2t / p seconds.
    const expectedMs = ((2 * price('stepFunctions.standardTransitions')) / price('lambda.duration.x86_64')) * 1000;
    expect(expectedMs).toBeGreaterThan(2990);
    expect(expectedMs).toBeLessThan(3010);
    const w = fixed('1s');
    const result = sweep(w, catalog, parseVary('steps.pause.duration=1s..10s', w), { steps: 10, scale: 'linear', analyze: options() });
    const c = find(result.crossovers, 'cost', 'sfn-standard', 'lambda');
    // Billed ms round up per invocation (≤ 1 ms); bisection stops within 0.1% of the value.
    expect(Math.abs(c.value - expectedMs)).toBeLessThan(5);
    expect(c.sentence).toBe('Step Functions Standard becomes cheaper than one Lambda function when the wait pause lasts longer than 3s.');
  });

  it('executions per month with the free tier: Express becomes cheaper than one function above V*', () => {
    // Per execution: one function 10.1 GB-s and 1 request; Express 1 request, 10.1 s × 64 MB, plus
    // the task's 0.1 GB-s and 1 request. Between 39.6k (400,000 free GB-s ÷ 10.1) and 1M executions
    // only the function's GB-s and all of Express's own charges are billed:
    //   p × (10.1 V − 400,000) = V × (r + 10.1/3600 h × 64/1024 GB × g)
    const p = price('lambda.duration.x86_64');
    const express = price('stepFunctions.expressRequests') + (10.1 / 3600) * (64 / 1024) * price('stepFunctions.expressDuration');
    const expected = (400_000 * p) / (10.1 * p - express);
    expect(expected).toBeGreaterThan(39_604);
    expect(expected).toBeLessThan(1_000_000);
    const w = fixed('10s');
    const result = sweep(w, catalog, parseVary('executionsPerMonth=10k..200k', w), { steps: 8, scale: 'log', analyze: options(true) });
    const c = find(result.crossovers, 'cost', 'sfn-express', 'lambda');
    expect(Math.abs(c.value - expected) / expected).toBeLessThan(0.002);
    expect(c.sentence).toMatch(/^Step Functions Express becomes cheaper than one Lambda function above 4\d(\.\d)?k executions\/month\.$/);
    // The HTML volume chart re-prices one report instead of re-simulating: same break-even.
    const report = analyze(w, catalog, options(true));
    const breakEven = volumeCurve(report, prices).breakEvens.find((b) => b.cheaperAbove === 'sfn-express' && b.cheaperBelow === 'lambda');
    expect(breakEven).toBeDefined();
    expect(Math.abs(breakEven!.executionsPerMonth - expected) / expected).toBeLessThan(1e-6);
  });

  it('feasibility: the single function stops fitting when the task passes its 15-minute timeout', () => {
    const w = fixed('1s');
    const result = sweep(w, catalog, parseVary('steps.work.duration=1m..20m', w), { steps: 5, scale: 'linear', analyze: options() });
    const c = find(result.crossovers, 'feasibility', 'lambda');
    // The function's wall time is work + 1 s of wait: it breaks 900 s when work > 899 s.
    expect(Math.abs(c.value - 899_000) / 899_000).toBeLessThan(0.002);
    expect(c.feasibleAbove).toBe(false);
    expect(c.sentence).toBe('The single function stops being feasible when work takes longer than 14m 59s (lambda-timeout).');
    expect(result.points[0]!.architectures.find((a) => a.id === 'lambda')!.feasible).toBe(true);
    expect(result.points.at(-1)!.architectures.find((a) => a.id === 'lambda')!.feasible).toBe(false);
  });

  it('integer parameters bisect to whole numbers (Map items)', () => {
    const w = workload(
      'name: m\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - map: fan\n    items: 5\n    maxConcurrency: 1\n    steps: [ { task: one, duration: 20s } ]\n',
    );
    // Express stops at 5 minutes: 15 items × 20 s = 300 s is the last that fits.
    const result = sweep(w, catalog, parseVary('steps.fan.items=1..40', w), { steps: 6, scale: 'linear', analyze: options() });
    const c = find(result.crossovers, 'feasibility', 'sfn-express');
    expect(c.value).toBe(15);
    expect(c.sentence).toBe('Step Functions Express stops being feasible when fan has more than 15 items (express-duration).');
  });
});

describe('sweep parameters', () => {
  const w = fixed('1s');

  it.each([
    ['steps.pause.duration', 'must look like PARAM=FROM..TO'],
    ['steps.pasue.duration=1s..2s', 'no step named "pasue"'],
    ['steps.pause.memoryMb=128..256', 'is a wait; memoryMb applies to task steps'],
    ['steps.pause.duration=2s..1s', 'FROM must be less than TO'],
    ['steps.work.failureRate=0..1.5', 'is not a probability'],
    ['memory=1..2', 'unknown parameter "memory"'],
  ])('rejects --vary %s with a hint', (text, message) => {
    try {
      parseVary(text, w);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FlowcostError);
      const problem = (error as FlowcostError).problems[0]!;
      expect(problem.message).toContain(message);
      expect(problem.hint).toBeTruthy();
    }
  });

  it('suggests the closest step name', () => {
    expect(() => parseVary('steps.pasue.duration=1s..2s', w)).toThrow(FlowcostError);
    try {
      parseVary('steps.pasue.duration=1s..2s', w);
    } catch (error) {
      expect((error as FlowcostError).problems[0]!.hint).toBe('did you mean steps.pause.duration?');
    }
  });

  it('reads units: 100k..3.2M, 1m..20m, 5%..50%', () => {
    expect(parseVary('executionsPerMonth=100k..3.2M', w)).toMatchObject({ from: 100_000, to: 3_200_000 });
    expect(parseVary('steps.work.duration=1m..20m', w)).toMatchObject({ from: 60_000, to: 1_200_000 });
    expect(parseVary('steps.work.failureRate=5%..50%', w)).toMatchObject({ from: 0.05, to: 0.5 });
  });

  it('applies a value without touching the original; memory follows the tasks that ran at the function’s memory', () => {
    const spec = parseVary('lambda.memoryMb=128..2048', w);
    const changed = applyParameter(w, spec.parameter, 2048);
    expect(changed.singleFunction.memoryMb).toBe(2048);
    expect(changed.graph.root.states[changed.graph.root.startAt]).toMatchObject({ kind: 'task', lambda: { memoryMb: 2048 } });
    expect(w.singleFunction.memoryMb).toBe(1024);
    expect(w.graph.root.states[w.graph.root.startAt]).toMatchObject({ lambda: { memoryMb: 1024 } });
  });

  it('scales a distribution to a new median, keeping its shape', () => {
    expect(withMedian({ kind: 'lognormal', mu: Math.log(400), sigma: 0.7 }, 1000)).toEqual({ kind: 'lognormal', mu: Math.log(1000), sigma: 0.7 });
    expect(withMedian({ kind: 'uniform', min: 10, max: 30 }, 40)).toEqual({ kind: 'uniform', min: 20, max: 60 });
  });

  it('builds linear, log and integer grids that end exactly at TO', () => {
    expect(gridValues(1, 10, 4, 'linear', false)).toEqual([1, 4, 7, 10]);
    expect(gridValues(1000, 1e6, 4, 'log', false)).toEqual([1000, 10_000, 100_000, 1e6]);
    expect(gridValues(1, 3, 5, 'linear', true)).toEqual([1, 2, 3]);
  });
});
