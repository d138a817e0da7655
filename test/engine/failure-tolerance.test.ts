/**
 * Issue 14.8: a Distributed Map's ToleratedFailurePercentage and ToleratedFailureCount. The Map
 * Run fails only when the failed items exceed the threshold
 * (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html), with
 * States.ExceedToleratedFailureThreshold; without a threshold any failed child fails it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { catalog } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'flowcost-tolerance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Distributed Map of `items` items, each a Lambda task failing with probability 0.3, then a Catch on the threshold's error. */
function failureProbability(threshold: Record<string, number>, items: number, catchThreshold = false): number {
  const definition = {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', End: true } },
        },
        ...threshold,
        ...(catchThreshold ? { Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Too many failed' }] } : {}),
        End: true,
      },
      ...(catchThreshold ? { 'Too many failed': { Type: 'Pass', End: true } } : {}),
    },
  };
  const name = `m${Object.entries(threshold).flat().join('-')}-${items}-${catchThreshold}`;
  writeFileSync(join(dir, `${name}.asl.json`), JSON.stringify(definition));
  writeFileSync(
    join(dir, `${name}.yaml`),
    `name: tolerance\nregion: us-east-1\nexecutionsPerMonth: 1000\nstateMachine:\n  definition: ./${name}.asl.json\n` +
      `states:\n  Fan out: { items: ${items} }\n  Work: { duration: 100ms, failureRate: 0.3 }\n`,
  );
  const workload = loadWorkloadFile(join(dir, `${name}.yaml`), { root: dir });
  return analyze(workload, catalog, { samples: 20_000, seed: 7, freeTier: false, architectures: ['sfn-standard'] }).simulation.failureProbability;
}

/** P(X > k) for X ~ Binomial(n, p). */
function binomialAbove(n: number, p: number, k: number): number {
  let term = Math.pow(1 - p, n);
  let atMost = 0;
  for (let i = 0; i <= k; i++) {
    atMost += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return 1 - atMost;
}

describe('a Distributed Map of 40 items, each failing 30% of the time', () => {
  it('fails whenever an item fails without a threshold, or with 0%', () => {
    expect(failureProbability({}, 40)).toBeCloseTo(1 - Math.pow(0.7, 40), 3);
    expect(failureProbability({ ToleratedFailurePercentage: 0 }, 40)).toBeCloseTo(1 - Math.pow(0.7, 40), 3);
  });

  it('fails only when more than the tolerated share of items failed', () => {
    // more than 30% of 40 items: 13 or more
    expect(failureProbability({ ToleratedFailurePercentage: 30 }, 40)).toBeCloseTo(binomialAbove(40, 0.3, 12), 1);
    expect(Math.abs(failureProbability({ ToleratedFailurePercentage: 30 }, 40) - binomialAbove(40, 0.3, 12))).toBeLessThan(0.015);
    expect(failureProbability({ ToleratedFailurePercentage: 50 }, 40)).toBeLessThan(0.01);
    expect(failureProbability({ ToleratedFailurePercentage: 100 }, 40)).toBe(0);
  });

  it('fails when more than the tolerated count failed, and when either threshold is exceeded', () => {
    expect(Math.abs(failureProbability({ ToleratedFailureCount: 10 }, 40) - binomialAbove(40, 0.3, 10))).toBeLessThan(0.015);
    expect(failureProbability({ ToleratedFailureCount: 40 }, 40)).toBe(0);
    const both = failureProbability({ ToleratedFailureCount: 10, ToleratedFailurePercentage: 100 }, 40);
    expect(Math.abs(both - binomialAbove(40, 0.3, 10))).toBeLessThan(0.015);
  });

  it('raises States.ExceedToleratedFailureThreshold, which a Catch can take', () => {
    expect(failureProbability({ ToleratedFailurePercentage: 30 }, 40, true)).toBe(0);
  });

  it('orders thresholds as AWS does: 0%, 30%, 50%, 100% fail less and less often', () => {
    const shares = [0, 30, 50, 100].map((p) => failureProbability({ ToleratedFailurePercentage: p }, 40));
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    expect(new Set(shares).size).toBe(4);
  });
});

describe('a Distributed Map of 10,000 items (a sample of its children stands for all)', () => {
  it('judges the threshold on the sample: 50% tolerated of a 30% failure rate never fails, 10% nearly always does', () => {
    expect(failureProbability({ ToleratedFailurePercentage: 50 }, 10_000)).toBeLessThan(0.01);
    expect(failureProbability({ ToleratedFailurePercentage: 10 }, 10_000)).toBeGreaterThan(0.99);
  });
});
