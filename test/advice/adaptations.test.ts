/**
 * Issue 15.10: a retry `interval: 500ms` is accepted. Each architecture models what it can express —
 * Step Functions waits whole seconds between retries (ASL IntervalSeconds ≥ 1), one function waits
 * 500 ms in its own code — and the report says what was adapted.
 */
import { describe, expect, it } from 'vitest';
import { toAsl } from '../../src/export/asl.js';
import { analyzeYaml, arch, workload } from '../helpers.js';

const yaml = (interval: string) => `name: r
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: call
    duration: 100ms
    failureRate: 0.5
    retry: { maxAttempts: 1, interval: ${interval}, backoffRate: 1 }
`;

describe('a retry interval Step Functions cannot wait', () => {
  const report = analyzeYaml(yaml('500ms'), { samples: 4_000 });

  it('is accepted, and one function waits 500 ms where Step Functions waits 1 s', () => {
    // Half the executions retry once: the mean duration grows by half the delay.
    const lambda = arch(report, 'lambda').durationMs.mean;
    const standard = arch(report, 'sfn-standard').durationMs.mean;
    expect(lambda).toBeGreaterThan(100 + 0.45 * 600);
    expect(lambda).toBeLessThan(100 + 0.55 * 600);
    expect(standard - lambda).toBeGreaterThan(0.45 * 500);
    expect(standard - lambda).toBeLessThan(0.55 * 500);
  });

  it('says what was adapted', () => {
    expect(report.simulation.notes).toContainEqual(
      'call retries after 500ms: Step Functions waits only whole seconds between retries (IntervalSeconds, at least 1), so Standard, Express and the hybrid wait 1s; ' +
        "one Lambda function waits 500ms, in its own code. (A durable function's retries and a chain's re-queued messages wait whole seconds too, unbilled: their costs do not change.)",
    );
  });

  it('whole seconds are modelled exactly, and noted nowhere', () => {
    const whole = analyzeYaml(yaml('2s'), { samples: 4_000 });
    expect(whole.simulation.notes.join(' ')).not.toContain('whole seconds');
    expect(arch(whole, 'sfn-standard').durationMs.mean - arch(whole, 'lambda').durationMs.mean).toBeCloseTo(0, 6);
  });

  it('the exported definition waits the same whole seconds the model does', () => {
    const asl = JSON.stringify(toAsl(workload(yaml('500ms'))));
    expect(asl).toContain('"IntervalSeconds":1');
  });
});
