/** The three cost models on a fixed-duration workload, checked against arithmetic done by hand here. */
import { describe, expect, it } from 'vitest';
import { analyzeYaml, arch, line } from '../helpers.js';

// Every duration fixed, no failures: each simulated execution is the same, so means are exact.
const yaml = `name: hand-check
region: us-east-1
executionsPerMonth: 1000000
lambda: { architecture: x86_64 }
steps:
  - task: a
    duration: 100ms
    memoryMb: 256
  - task: b
    duration: 250.4ms
    memoryMb: 512
  - wait: pause
    duration: 2m
  - parallel: both
    branches:
      - [ { task: c, duration: 300ms } ]
      - [ { task: d, duration: 200ms } ]
  - map: each
    items: 3
    steps: [ { task: e, duration: 500ms, memoryMb: 1024 } ]
  - choice: route
    branches:
      - { probability: 1, steps: [ { task: f, duration: 50ms } ] }
`;
const report = analyzeYaml(yaml);
const X86 = 0.0000166667;

describe('sfn-standard', () => {
  it('counts every state entered: 12 transitions per execution', () => {
    // a, b, pause, both, c, d, each, e×3 (no charge per iteration, but each state inside counts), route, f
    expect(arch(report, 'sfn-standard').transitionsPerExecution.mean).toBe(12);
    expect(line(report, 'sfn-standard', 'sfn-transitions').usd).toBeCloseTo(12e6 * 0.000025, 6);
  });

  it('bills each task as its own Lambda invocation at its own memory, ms rounded up', () => {
    // a 100×256, b 251×512 (250.4 → 251), c 300×128, d 200×128, e 3×500×1024, f 50×128 (MB·ms)
    const mbMs = 100 * 256 + 251 * 512 + 300 * 128 + 200 * 128 + 3 * 500 * 1024 + 50 * 128;
    const gbSeconds = (mbMs / 1024 / 1000) * 1e6;
    expect(line(report, 'sfn-standard', 'lambda-requests').quantity).toBeCloseTo(8e6, 3);
    expect(line(report, 'sfn-standard', 'lambda-duration').quantity).toBeCloseTo(gbSeconds, 3);
    expect(line(report, 'sfn-standard', 'lambda-duration').usd).toBeCloseTo(gbSeconds * X86, 6);
    expect(line(report, 'sfn-standard', 'lambda-requests').usd).toBeCloseTo(8e6 * 0.0000002, 6);
  });
});

describe('lambda (one function)', () => {
  it('runs at the largest task memory for the whole wall time, waits included, ms rounded up', () => {
    // 100 + 250.4 + 120,000 + max(300, 200) + 3 × 500 (the items one after another: lambda.inProcessConcurrency 1)
    // + 50 = 122,200.4 ms → 122,201 ms at 1 GB
    const gbSeconds = 122.201 * 1 * 1e6;
    expect(arch(report, 'lambda').durationMs.p50).toBeCloseTo(122_200.4, 6);
    expect(line(report, 'lambda', 'lambda-duration').quantity).toBeCloseTo(gbSeconds, 2);
    expect(line(report, 'lambda', 'lambda-duration').usd).toBeCloseTo(gbSeconds * X86, 4);
    expect(line(report, 'lambda', 'lambda-requests').quantity).toBeCloseTo(1e6, 6);
  });
});

describe('sfn-express', () => {
  it('bills duration rounded up to 100 ms at 64 MB, plus the task Lambdas', () => {
    // 121,200.4 ms → 121,300 ms; memory 50 MB + ~4 KB definition + 1 KB × 5 (2 branches + 3 items) → 64 MB
    const gbHours = ((121.3 * 64) / 1024 / 3600) * 1e6;
    expect(line(report, 'sfn-express', 'express-duration').quantity).toBeCloseTo(gbHours, 4);
    // 2,105.9 GB-hours: the first 1,000 at $0.06, the rest in the second tier at $0.03
    expect(gbHours).toBeGreaterThan(1_000);
    expect(gbHours).toBeLessThan(5_000);
    expect(line(report, 'sfn-express', 'express-duration').usd).toBeCloseTo(1_000 * 0.06 + (gbHours - 1_000) * 0.03, 4);
    expect(line(report, 'sfn-express', 'express-requests').usd).toBeCloseTo(1, 9);
    expect(line(report, 'sfn-express', 'lambda-duration').usd).toBeCloseTo(line(report, 'sfn-standard', 'lambda-duration').usd, 9);
  });
});

describe('transition overhead', () => {
  it('adds latency per state transition on the Step Functions clock only', () => {
    const slow = analyzeYaml(yaml.replace('lambda: { architecture: x86_64 }', 'stepFunctions: { transitionOverhead: 10ms }'));
    // 12 transitions on the critical path minus the one of the parallel branch that is not the slowest
    // and two of three Map iterations that overlap: a, b, pause, both, c, each, e, route, f = 9 → +90 ms
    expect(arch(slow, 'sfn-standard').durationMs.p50).toBeCloseTo(121_200.4 + 90, 6);
    expect(arch(slow, 'lambda').durationMs.p50).toBeCloseTo(122_200.4, 6);
  });
});
