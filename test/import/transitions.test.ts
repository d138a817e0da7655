/**
 * Transitions counted the way AWS bills them, on small hand-made machines, against hand
 * calculations: every state entered is one transition, each retry again; inline Map iterations
 * free but their states counted; Distributed Map one per child execution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMatches } from '../../src/workload/graph.js';
import { arch } from '../helpers.js';
import { fixtures, machineWorkload, perExecution, run } from './helpers.js';

describe('Retry and Catch (retry-catch.asl.json)', () => {
  const call = (annotation: string) => perExecution(run(machineWorkload('retry-catch.asl.json', `  Call: ${annotation}\n`), 1_000));

  it('a matching retrier: first attempt + MaxAttempts 2 retries, then the States.TaskFailed catcher', () => {
    // Call ×3 (1 + 2 retries of the first retrier; the Custom.Error one never sees the error) + Fallback = 4.
    // Time: 3 × 100 ms + retry intervals 1 s + 2 s (BackoffRate 2).
    const r = call('{ failureRate: 1, error: Lambda.ServiceException }');
    expect(r).toMatchObject({ transitions: 4, invocations: 3, failed: 0 });
    expect(r.durationMs).toBeCloseTo(3_300, 6);
  });

  it('a retrier further down: only the first retrier whose ErrorEquals matches', () => {
    // Custom.Error: retrier 3 (MaxAttempts 5, 2 s, BackoffRate 1): Call ×6 + Fallback = 7; 6 × 100 ms + 5 × 2 s.
    const r = call('{ failureRate: 1, error: Custom.Error }');
    expect(r).toMatchObject({ transitions: 7, invocations: 6, failed: 0 });
    expect(r.durationMs).toBeCloseTo(10_600, 6);
  });

  it('the default function error: no named retrier matches it, States.TaskFailed catches it', () => {
    expect(call('{ failureRate: 1 }')).toMatchObject({ transitions: 2, invocations: 1, failed: 0 });
  });

  it('States.Timeout: its own retrier, then the first matching catcher, a Fail state: the execution fails', () => {
    // 1 + 9 retries, then "Timed out" (Fail) = 11; States.TaskFailed does not match States.Timeout.
    expect(call('{ failureRate: 1, error: States.Timeout }')).toMatchObject({ transitions: 11, invocations: 10, failed: 1 });
  });

  it('no failure: Call, Done', () => {
    expect(call('{ failureRate: 0 }')).toMatchObject({ transitions: 2, invocations: 1, failed: 0 });
  });

  it('a failure rate: expected attempts Σ p^k, then the catcher with p^3', () => {
    // p = 0.5, Lambda.ServiceException: attempts 1 + 0.5 + 0.25 = 1.75; P(all three fail) = 0.125 → Fallback, else Done.
    const r = perExecution(run(machineWorkload('retry-catch.asl.json', '  Call: { failureRate: 0.5, error: Lambda.ServiceException }\n'), 40_000));
    expect(r.invocations).toBeCloseTo(1.75, 1);
    expect(r.transitions).toBeCloseTo(2.75, 1);
  });

  it('ErrorEquals matching follows AWS: States.ALL and States.TaskFailed are wildcards with exceptions', () => {
    expect(errorMatches(['States.ALL'], 'FunctionError')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches(['Lambda.ServiceException'], 'FunctionError')).toBe(false);
  });
});

describe('a polling loop (polling-loop.asl.yaml)', () => {
  it('Choice back-edge: rounds are geometric; 1 + 3 per round + 1 transitions', () => {
    // P(done) = 0.25 per round → mean 4 rounds: Start job + 4 × (Wait, Check job, Job done?) + Finished = 14.
    const report = run(machineWorkload('polling-loop.asl.yaml', '  Job done?: { next: { Finished: 0.25 } }\n'), 20_000);
    const r = perExecution(report);
    expect(r.transitions).toBeGreaterThan(13.7);
    expect(r.transitions).toBeLessThan(14.3);
    expect(r.invocations).toBeGreaterThan(3.9);
    expect(r.invocations).toBeLessThan(4.1);
    // 50 ms + rounds × (10 s + 100 ms)
    expect(r.durationMs).toBeGreaterThan(50 + 3.9 * 10_100);
    expect(r.durationMs).toBeLessThan(50 + 4.1 * 10_100);
    expect(r.failed).toBe(0);
  });

  it('TimeoutSeconds is a limit: a check slower than its 5 s breaks it', () => {
    const report = run(machineWorkload('polling-loop.asl.yaml', '  Job done?: { next: { Finished: 0.5 } }\n  Check job: { duration: 6s }\n'), 1_000);
    const limit = arch(report, 'sfn-standard').limits.find((l) => l.id === 'state-timeout');
    expect(limit).toMatchObject({ status: 'exceeded', exceedProbability: 1 });
    expect(arch(report, 'sfn-standard').feasible).toBe(false);
  });

  it('an unannotated Choice splits equally; one warning lists the states left at their defaults', () => {
    const workload = machineWorkload('polling-loop.asl.yaml');
    // the second: the service tasks' own charges are left out (issue 18.3)
    expect(workload.warnings).toHaveLength(2);
    expect(workload.warnings![0]).toMatch(/3 states .* use default annotations .*: Start job, Check job, Job done\?/);
    // Mean 2 rounds: 1 + 6 + 1.
    const r = perExecution(run(workload, 20_000));
    expect(r.transitions).toBeGreaterThan(7.85);
    expect(r.transitions).toBeLessThan(8.15);
  });

  it('a loop that never ends is stopped, counts as failed and as breaking the history limit', () => {
    const report = run(machineWorkload('polling-loop.asl.yaml', '  Job done?: { next: { Wait 10s: 1 } }\n'), 1_000);
    expect(report.simulation.failureProbability).toBe(1);
    expect(arch(report, 'sfn-standard').limits.find((l) => l.id === 'standard-history-events')!.status).toBe('exceeded');
  });
});

describe('Parallel, inline Map and Choice (fan-out.asl.json)', () => {
  const states = '  Ship items: { items: 5 }\n  Route: { next: { Express shipping: 0.2 } }\n';

  it('Parallel +1 and every branch state; inline Map +1 and each iteration’s states; no charge per iteration', () => {
    // Enrich 1 + Score 1 + Lookup 1 + Shape 1 = 4; Ship items 1 + 5 × (Ship one, Record) = 11; Route 1;
    // Express shipping or Standard shipping 1 → 17 in every execution.
    const report = run(machineWorkload('fan-out.asl.json', states), 20_000);
    const r = perExecution(report);
    expect(r.transitions).toBe(17);
    expect(r.transitionsP99).toBeCloseTo(17, 6);
    // Lambda: Score 1 + Ship one 5 + Express shipping with probability 0.2; DynamoDB and SQS are not Lambda.
    expect(r.invocations).toBeGreaterThan(6.18);
    expect(r.invocations).toBeLessThan(6.22);
  });

  it('time: the slowest branch, then the Map in waves of MaxConcurrency 2', () => {
    // Parallel max(100 ms, 50 ms) + Map ⌈5/2⌉ × (100 + 50 ms) + Express shipping 100 ms (p 0.2) → 550 or 650 ms.
    const report = run(machineWorkload('fan-out.asl.json', states), 4_000);
    const standard = arch(report, 'sfn-standard');
    expect(standard.durationMs.p50).toBeCloseTo(550, 0);
    expect(standard.durationMs.max).toBeCloseTo(650, 0);
    // One function runs the Map's items one after another (lambda.inProcessConcurrency 1): 100 + 5 × 150 ms.
    expect(arch(report, 'lambda').durationMs.p50).toBeCloseTo(850, 0);
  });
});

describe('Distributed Map (distributed*.asl.json)', () => {
  it('STANDARD children: one transition per child execution plus the children’s states', () => {
    // Process files 1 + 100 children + 100 × Process file = 201 (64 children simulated, scaled to 100).
    const r = perExecution(run(machineWorkload('distributed.asl.json', '  Process files: { items: 100 }\n'), 500));
    expect(r.transitions).toBeCloseTo(201, 6);
    expect(r.invocations).toBeCloseTo(100, 6);
  });

  it('EXPRESS children: one transition per child; their states are Express-billed, not transitions (noted)', () => {
    const workload = machineWorkload('distributed-express.asl.json', '  Process files: { items: 100 }\n');
    expect((workload.warnings ?? []).join(' ')).not.toMatch(/EXPRESS child executions/);
    const r = perExecution(run(workload, 500));
    expect(r.transitions).toBeCloseTo(101, 6);
    expect(r.invocations).toBeCloseTo(100, 6);
  });
});

describe('limits from the definition', () => {
  it('the definition size (as compact JSON) is checked against 1 MB and feeds Express memory', () => {
    const workload = machineWorkload('fan-out.asl.json', '  Ship items: { items: 1 }\n');
    const compact = JSON.stringify(JSON.parse(readFileSync(join(fixtures, 'fan-out.asl.json'), 'utf8')));
    expect(workload.stepFunctions.definitionKb).toBe(compact.length / 1000);
    const limit = arch(run(workload, 500), 'sfn-standard').limits.find((l) => l.id === 'definition-size');
    expect(limit).toMatchObject({ status: 'ok', limit: 1048.576 });
    expect(limit!.observedP99).toBeCloseTo(workload.stepFunctions.definitionKb, 6);
  });
});
