/** AWS billing rules that change the answer, each checked on a workload small enough to compute by hand. */
import { describe, expect, it } from 'vitest';
import { asyncRequestsPerEvent } from '../../src/architectures/lambda.js';
import { analyzeYaml, arch, line } from '../helpers.js';

const X86 = 0.0000166667;

describe('Lambda rounds every invocation up to 1 ms', () => {
  const report = analyzeYaml(`name: rounding
region: us-east-1
executionsPerMonth: 1000
lambda: { memoryMb: 1024 }
steps:
  - task: a
    duration: 10.2ms
  - task: b
    duration: 10.2ms
`);
  it('two task invocations of 10.2 ms bill 11 ms each; one function running both bills 21 ms', () => {
    expect(line(report, 'sfn-standard', 'lambda-duration').quantity).toBeCloseTo((1_000 * 22) / 1_000, 9);
    expect(line(report, 'lambda', 'lambda-duration').quantity).toBeCloseTo((1_000 * 21) / 1_000, 9);
  });
});

describe('Express rounds to 100 ms per execution, not on the average', () => {
  it('executions of 10 ms and 110 ms bill 100 ms and 200 ms (mean 150 ms), not 100 ms for the 60 ms average', () => {
    const report = analyzeYaml(
      `name: express-rounding
region: us-east-1
executionsPerMonth: 1000000
steps:
  - wait: w
    duration: { samples: [10ms, 110ms] }
`,
      { samples: 40_000 },
    );
    const gbHoursAt = (ms: number) => (1e6 * (ms / 1000) * (64 / 1024)) / 3600;
    const quantity = line(report, 'sfn-express', 'express-duration').quantity;
    expect(quantity / gbHoursAt(150)).toBeCloseTo(1, 1);
    expect(quantity).toBeGreaterThan(gbHoursAt(130));
  });

  it('memory is billed in 64 MB chunks per execution: a Map of 0–1,000 items at 100 KB', () => {
    // 50 MB + def + 100 KB × items: up to 139 items → 64 MB; above → 128 MB; above 779 → 192 MB
    const report = analyzeYaml(`name: express-memory
region: us-east-1
executionsPerMonth: 1000
payloadKb: 100
stepFunctions: { definitionKb: 1 }
steps:
  - map: m
    items: 200
    steps: [ { wait: w, duration: 1s } ]
`);
    // 200 items, 40 at a time → 5 s; 50 + (1 + 20,000) / 1000 = 70.001 MB → 128 MB
    expect(line(report, 'sfn-express', 'express-duration').quantity).toBeCloseTo((1_000 * 5 * (128 / 1024)) / 3_600, 9);
  });
});

describe('INIT billing (since August 2025)', () => {
  const report = analyzeYaml(`name: cold
region: us-east-1
executionsPerMonth: 1000000
lambda: { memoryMb: 1024, coldStarts: { probability: 1, init: 400ms } }
steps:
  - task: a
    duration: 100ms
  - task: b
    duration: 100ms
    memoryMb: 2048
    coldStarts: { probability: 1, init: 1s }
`);
  it('the single function has one cold-start profile: INIT + INVOKE per execution', () => {
    // lambda.memoryMb (1 GB) sizes the single function; one INIT of 400 ms per execution
    expect(line(report, 'lambda', 'lambda-init').quantity).toBeCloseTo(1e6 * 0.4, 6);
    expect(line(report, 'lambda', 'lambda-duration').quantity).toBeCloseTo(1e6 * 0.2, 6);
    expect(arch(report, 'lambda').durationMs.p50).toBeCloseTo(600, 6);
  });

  it('each Step Functions task has its own: a 400 ms INIT at 1 GB and a 1 s INIT at 2 GB', () => {
    expect(line(report, 'sfn-standard', 'lambda-init').quantity).toBeCloseTo(1e6 * (0.4 * 1 + 1 * 2), 6);
    // INIT and INVOKE share the duration price and its tiers: priced on their combined total
    const init = line(report, 'sfn-standard', 'lambda-init');
    expect(init.usd).toBeCloseTo(init.quantity * X86, 6);
    expect(arch(report, 'sfn-standard').durationMs.p50).toBeCloseTo(100 + 400 + 100 + 1_000, 6);
  });

  it('an INIT longer than 10 s is refused', () => {
    expect(() =>
      analyzeYaml(`name: slow-init
region: us-east-1
executionsPerMonth: 1
lambda: { coldStarts: { probability: 0.01, init: 12s } }
steps: [ { task: a, duration: 1s } ]
`),
    ).toThrow(/longer than Lambda allows on demand/);
  });
});

describe('asynchronous events above 256 KB', () => {
  it('bill one extra request per 64 KB: 1 MB = 13 requests', () => {
    expect(asyncRequestsPerEvent(256)).toBe(1);
    expect(asyncRequestsPerEvent(257)).toBe(2);
    expect(asyncRequestsPerEvent(320)).toBe(2);
    expect(asyncRequestsPerEvent(1024)).toBe(13);
  });

  it('apply to the single function invoked asynchronously, and rule Step Functions out above 256 KB', () => {
    const report = analyzeYaml(`name: big-event
region: us-east-1
executionsPerMonth: 1000000
input: { kb: 1024, invocation: async }
steps: [ { task: a, duration: 100ms } ]
`);
    expect(line(report, 'lambda', 'lambda-requests').quantity).toBeCloseTo(13e6, 3);
    expect(line(report, 'lambda', 'lambda-requests').usd).toBeCloseTo(13e6 * 0.0000002, 6);
    expect(arch(report, 'lambda').feasible).toBe(true);
    expect(arch(report, 'sfn-standard').feasible).toBe(false);
  });
});

describe('free tier', () => {
  const yaml = `name: free
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: a
    duration: 1s
  - wait: w
    duration: 1s
`;
  it('4,000 Standard transitions a month, nothing for Express', () => {
    const withFree = analyzeYaml(yaml, { freeTier: true });
    const without = analyzeYaml(yaml);
    expect(line(without, 'sfn-standard', 'sfn-transitions').usd).toBeCloseTo(2_000 * 0.000025, 12);
    expect(line(withFree, 'sfn-standard', 'sfn-transitions').usd).toBe(0);
    expect(line(withFree, 'sfn-express', 'express-duration').usd).toBe(line(without, 'sfn-express', 'express-duration').usd);
    expect(line(withFree, 'sfn-express', 'express-requests').usd).toBe(line(without, 'sfn-express', 'express-requests').usd);
  });
});

describe('discount on Lambda compute', () => {
  it('takes 17% off duration and INIT, not requests', () => {
    const yaml = `name: discount
region: us-east-1
executionsPerMonth: 1000000
steps: [ { task: a, duration: 1s } ]
`;
    const base = analyzeYaml(yaml);
    const discounted = analyzeYaml(yaml, { lambdaComputeDiscountPercent: 17 });
    expect(line(discounted, 'lambda', 'lambda-duration').usd).toBeCloseTo(line(base, 'lambda', 'lambda-duration').usd * 0.83, 9);
    expect(line(discounted, 'lambda', 'lambda-requests').usd).toBe(line(base, 'lambda', 'lambda-requests').usd);
    expect(line(discounted, 'sfn-standard', 'sfn-transitions').usd).toBe(line(base, 'sfn-standard', 'sfn-transitions').usd);
    expect(discounted.pricing.lambdaComputeDiscountPercent).toBe(17);
  });
});
