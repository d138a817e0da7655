/**
 * Issue 14.3: a Retry with a huge MaxAttempts and back-off is stopped at the retry horizon (the
 * longest any architecture keeps an execution), so it runs in bounded time with finite numbers,
 * as a step tree and as an imported state machine alike, in both engines.
 */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render-json.js';
import { renderTable } from '../../src/report/render-table.js';
import { RETRY_HORIZON_MS, retriesWithinHorizon, retryWaitMs } from '../../src/engine/retry-horizon.js';
import { expectedWorkloadVisits } from '../../src/engine/work-estimate.js';
import type { Retrier } from '../../src/workload/graph.js';
import { join } from 'node:path';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { analyzeYaml, arch, catalog, workload } from '../helpers.js';

const DAY = 86_400_000;
const retrier = (over: Partial<Retrier>): Retrier => ({
  errorEquals: ['States.ALL'],
  maxAttempts: 3,
  intervalMs: 1000,
  backoffRate: 2,
  maxDelayMs: Infinity,
  fullJitter: false,
  ...over,
});

describe('retry horizon arithmetic', () => {
  it('is the longest execution any architecture allows: 366 days', () => {
    expect(RETRY_HORIZON_MS).toBe(366 * DAY);
  });

  it('sums the delays exactly while they grow, and in closed form once they stop growing', () => {
    expect(retryWaitMs(retrier({}), 3)).toBe(1000 + 2000 + 4000);
    expect(retryWaitMs(retrier({ maxDelayMs: 3000 }), 5)).toBe(1000 + 2000 + 3000 + 3000 + 3000);
    expect(retryWaitMs(retrier({ backoffRate: 1 }), 1e8)).toBe(1e11);
    expect(retryWaitMs(retrier({ intervalMs: 0 }), 1e8)).toBe(0);
    // 2^k seconds: past 366 days after 25 retries, and never Infinity
    expect(retryWaitMs(retrier({}), 99_999_999)).toBeGreaterThan(RETRY_HORIZON_MS);
    expect(Number.isFinite(retryWaitMs(retrier({ intervalMs: 1e30, backoffRate: 1 }), 99_999_999))).toBe(true);
  });

  it('counts the retries that fit before the horizon (FULL jitter halves the delays)', () => {
    // Σ 2^k s for k < 25 = 2^25 - 1 s = 388 days > 366 days: the 25th retry is the last
    expect(retriesWithinHorizon(retrier({ maxAttempts: 99_999_999 }))).toBe(25);
    expect(retriesWithinHorizon(retrier({ maxAttempts: 99_999_999, fullJitter: true }))).toBe(26);
    expect(retriesWithinHorizon(retrier({ maxAttempts: 10 }))).toBe(10);
    // one second apart: 31,622,401 delays fit in 366 days
    expect(retriesWithinHorizon(retrier({ maxAttempts: 99_999_999, maxDelayMs: 1000 }))).toBe(31_622_401);
    expect(retriesWithinHorizon(retrier({ maxAttempts: 99_999_999, intervalMs: 0 }))).toBe(99_999_999);
  });
});

const STEPS = `
name: endless
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: a
    duration: 100ms
    failureRate: 1
    retry: { maxAttempts: 99999999, interval: 1s, backoffRate: 2 }
`;

describe('a task that always fails with 99,999,999 retries and back-off ×2', () => {
  it('costs about 26 attempts to simulate, so the work bound lets it run', () => {
    expect(expectedWorkloadVisits(workload(STEPS))).toBe(26);
  });

  const reports = (['compiled', 'interpreted'] as const).map((engine) => analyzeYaml(STEPS, { samples: 1_000, engine }));

  it('stops retrying past the horizon: finite durations just past 366 days, and a note saying so', () => {
    const [report] = reports;
    const standard = arch(report!, 'sfn-standard');
    // 25 retries: 2^25 - 1 seconds of delays and 26 attempts of 100 ms
    expect(standard.durationMs.max).toBe((2 ** 25 - 1) * 1000 + 26 * 100);
    expect(standard.durationMs.max).toBeGreaterThan(RETRY_HORIZON_MS);
    expect(standard.limits.find((l) => l.id === 'standard-execution-time')!.exceedProbability).toBe(1);
    expect(report!.simulation.failureProbability).toBe(1);
    expect(report!.simulation.notes.join('\n')).toMatch(/"a" can go on retrying for longer than 366 days .*stops its retries there/);
  });

  it('prints no non-finite number in the JSON or the table', () => {
    const json = renderJson(reports[0]!);
    expect(json).not.toMatch(/Infinity|NaN/);
    expect(renderTable(reports[0]!, { color: false })).not.toMatch(/Infinity|NaN/);
  });

  it('gives the same report in the compiled and the interpreted engine', () => {
    expect(renderJson(reports[0]!)).toBe(renderJson(reports[1]!));
  });

  it('does the same for an imported state machine (one model)', () => {
    const machine = loadWorkloadFile(join(import.meta.dirname, '..', 'fixtures', 'retry-horizon', 'endless.machine.yaml'));
    expect(expectedWorkloadVisits(machine)).toBe(26);
    const report = analyze(machine, catalog, { samples: 1_000, seed: 1, freeTier: false });
    // 1,000 ms × 2^k: the same 25 retries as the step tree
    expect(arch(report, 'sfn-standard').durationMs.max).toBe((2 ** 25 - 1) * 1000 + 26 * 100);
    expect(renderJson(report)).not.toMatch(/Infinity|NaN/);
  });
});
