import { describe, expect, it } from 'vitest';
import { retryDelayMs, states } from '../../src/workload/graph.js';
import { limitStatus } from '../../src/limits/check-limits.js';
import { analyzeYaml, arch, workload } from '../helpers.js';

describe('retry arithmetic (ASL semantics)', () => {
  it('failureRate 0.5 with 3 retries → 1.875 attempts on average, 6.25% of executions fail', () => {
    const report = analyzeYaml(
      `name: flaky
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: flaky
    duration: 100ms
    failureRate: 0.5
    retry: { maxAttempts: 3, interval: 1s, backoffRate: 2 }
`,
      { samples: 200_000 },
    );
    // 1 + 0.5 + 0.25 + 0.125 attempts; each attempt is one transition
    expect(arch(report, 'sfn-standard').transitionsPerExecution.mean).toBeCloseTo(1.875, 2);
    expect(report.simulation.failureProbability).toBeCloseTo(0.0625, 2);
    // wall time: attempts × 100 ms + sleeps (1 s after the 1st failure, 2 s after the 2nd, 4 s after the 3rd)
    // E = 187.5 + 0.5×1000 + 0.25×2000 + 0.125×4000 = 1687.5 ms
    // (standard deviation of one execution ≈ 2.3 s, so the mean of 200,000 is within ~5 ms; allow 4σ)
    expect(Math.abs(arch(report, 'lambda').durationMs.mean - 1_687.5)).toBeLessThan(21);
  });

  it('retry delays grow by backoffRate and stop at maxDelay', () => {
    const graph = (
      workload(`name: backoff
region: us-east-1
executionsPerMonth: 1
steps:
  - task: t
    duration: 1s
    retry: { maxAttempts: 4, interval: 1s, backoffRate: 2, maxDelay: 3s }
  - task: defaults
    duration: 1s
    retry: {}
`)
    ).graph;
    const delays = (name: string) => {
      const task = [...states(graph)].find((s) => s.name === name);
      if (task?.kind !== 'task') throw new Error('expected a task');
      const retrier = task.retriers[0]!;
      return Array.from({ length: retrier.maxAttempts }, (_, k) => retryDelayMs(retrier, k));
    };
    expect(delays('t')).toEqual([1_000, 2_000, 3_000, 3_000]);
    // ASL defaults: MaxAttempts 3, IntervalSeconds 1, BackoffRate 2.0
    expect(delays('defaults')).toEqual([1_000, 2_000, 4_000]);
  });
});

describe('limit status', () => {
  it('exceeded at 0.1% of executions, near below that or when p99 passes 80%', () => {
    expect(limitStatus(900_000, 100, 0.001)).toBe('exceeded');
    expect(limitStatus(900_000, 100, 0.0009)).toBe('near');
    expect(limitStatus(900_000, 720_000, 0)).toBe('near');
    expect(limitStatus(900_000, 719_999, 0)).toBe('ok');
  });

  it('a task of 10–20 minutes breaks the 15-minute limit in half the executions, in every architecture', () => {
    const report = analyzeYaml(
      `name: too-long
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: crunch
    duration: { min: 10m, max: 20m }
`,
      { samples: 20_000 },
    );
    const lambdaTimeout = arch(report, 'lambda').limits.find((l) => l.id === 'lambda-timeout')!;
    expect(lambdaTimeout.exceedProbability).toBeCloseTo(0.5, 1);
    expect(lambdaTimeout.status).toBe('exceeded');
    expect(arch(report, 'sfn-standard').limits.find((l) => l.id === 'task-timeout')!.status).toBe('exceeded');
    expect(arch(report, 'sfn-express').limits.find((l) => l.id === 'express-duration')!.exceedProbability).toBe(1);
    // Every Lambda-based architecture breaks; only a MicroVM (up to 8 hours, issue 18.6) runs it.
    expect(report.architectures.filter((a) => a.id !== 'lambda-microvm').every((a) => !a.feasible)).toBe(true);
    expect(report.recommendation.architecture).toBe('lambda-microvm');
    expect(report.recommendation.reasons.join(' ')).toMatch(/run longer than the function's 15m 00s timeout/);
  });

  it('a callback wait rules out Express for the share of executions that reach it', () => {
    const report = analyzeYaml(
      `name: sometimes-approval
region: us-east-1
executionsPerMonth: 1000
steps:
  - choice: needs-approval
    branches:
      - { probability: 0.3, steps: [ { wait: approve, mode: callback, duration: 1s } ] }
      - { probability: 0.7, steps: [ { task: auto, duration: 100ms } ] }
`,
      { samples: 20_000 },
    );
    const callback = arch(report, 'sfn-express').limits.find((l) => l.id === 'express-callback')!;
    expect(callback.exceedProbability).toBeCloseTo(0.3, 1);
    expect(arch(report, 'sfn-express').feasible).toBe(false);
    expect(arch(report, 'sfn-standard').feasible).toBe(true);
  });

  it('a payload over 256 KB rules out both Step Functions architectures', () => {
    const report = analyzeYaml(`name: big-payload
region: us-east-1
executionsPerMonth: 1000
payloadKb: 300
steps:
  - task: t
    duration: 100ms
`);
    for (const id of ['sfn-standard', 'sfn-express'] as const) {
      expect(arch(report, id).limits.find((l) => l.id === 'state-payload')!.status).toBe('exceeded');
    }
    expect(report.recommendation.architecture).toBe('lambda');
  });
});
