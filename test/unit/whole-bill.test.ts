/**
 * Issue 18, the whole bill: Lambda Managed Instances, CloudWatch Logs, service integrations in step
 * trees, durable functions' cold resumes and replay. Each figure below is worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/types.js';
import { HOURS_PER_MONTH, managedFleet } from '../../src/architectures/lambda-managed.js';
import { MANAGED_INSTANCE_TYPES } from '../../src/workload/types.js';
import { states } from '../../src/workload/graph.js';
import { FlowcostError } from '../../src/errors/problem.js';
import { analyzeYaml, arch, catalog, cents, line, workload } from '../helpers.js';

describe('Lambda Managed Instances', () => {
  it('the management fee is 15% of the instance line, for every instance type in every region', () => {
    for (const region of Object.keys(catalog.regions)) {
      const prices = regionPrices(catalog, region);
      for (const type of MANAGED_INSTANCE_TYPES) {
        expect(prices.lambda.managedFees[type].tiers[0]!.usd, `${region} ${type}`).toBeCloseTo(prices.lambda.managedInstances[type].tiers[0]!.usd * 0.15, 12);
      }
    }
    const report = analyzeYaml(
      `name: fee
region: us-east-1
executionsPerMonth: 50000000
peakExecutionsPerSecond: 300
lambdaManaged: { instanceType: c7i.2xlarge }
steps: [ { task: a, duration: 300ms } ]
`,
      { samples: 1_000 },
    );
    const instances = line(report, 'lambda-managed', 'managed-instances');
    const fee = line(report, 'lambda-managed', 'managed-fee');
    expect(fee.quantity).toBe(instances.quantity);
    expect(fee.usd).toBeCloseTo(instances.usd * 0.15, 9);
  });

  it('sizes the fleet by Little’s law at the peak rate: 300/s × 0.3 s = 90 concurrent', () => {
    const w = workload(`name: f
region: us-east-1
executionsPerMonth: 50000000
peakExecutionsPerSecond: 300
lambdaManaged: { instanceType: c7i.2xlarge, concurrencyPerVcpu: 4 }
steps: [ { task: a, duration: 300ms } ]
`);
    // c7i.2xlarge: 8 vCPUs, 16 GB; 7 one-vCPU 2 GB environments fit (1 vCPU and 1 GB kept for the system), 4 each.
    // 90 / 4 → 23 environments → 4 instances → ×1.5 → 6.
    const fleet = managedFleet(w, 50_000_000 * 0.3, 50_000_000);
    expect(fleet.concurrency).toBeCloseTo(90, 9);
    expect(fleet.requestsPerInstance).toBe(28);
    expect(fleet.instances).toBe(6);
    // Without a peak, the average rate: 50M / 2,628,000 s ≈ 19.03/s × 0.3 s ≈ 5.7 → 2 environments → 1 instance → 2 → at least 3.
    expect(managedFleet({ ...w, peakExecutionsPerSecond: undefined }, 50_000_000 * 0.3, 50_000_000).instances).toBe(3);
  });

  it('keeps at least minInstances all month, however little traffic', () => {
    const report = analyzeYaml(
      `name: little
region: us-east-1
executionsPerMonth: 1000
lambdaManaged: { minInstances: 5 }
steps: [ { task: a, duration: 100ms } ]
`,
      { samples: 500 },
    );
    // x86_64 by default → m7i.xlarge at $0.2016: 5 × 730 h × $0.2016 = $735.84, the fee $110.376.
    const instances = line(report, 'lambda-managed', 'managed-instances');
    expect(instances.quantity).toBe(5 * HOURS_PER_MONTH);
    expect(cents(instances.usd)).toBe(735.84);
    expect(line(report, 'lambda-managed', 'managed-fee').usd).toBeCloseTo(110.376, 9);
    // The fixed fleet's charge, shared by the executions: the mean cost per execution is the month's over its executions.
    expect(arch(report, 'lambda-managed').costPerExecution.mean).toBeCloseTo(arch(report, 'lambda-managed').monthlyCost.total / 1000, 12);
  });

  it('breaks at 15 minutes for synchronous invocations and at 90 for asynchronous ones', () => {
    const job = (invocation: string) =>
      analyzeYaml(
        `name: long
region: us-east-1
executionsPerMonth: 1000
input: { invocation: ${invocation} }
steps: [ { task: a, duration: 40m } ]
`,
        { samples: 500 },
      );
    const sync = arch(job('sync'), 'lambda-managed').limits.find((l) => l.id === 'managed-timeout')!;
    expect(sync.limit).toBe(900_000);
    expect(sync.status).toBe('exceeded');
    const async = arch(job('async'), 'lambda-managed').limits.find((l) => l.id === 'managed-timeout')!;
    expect(async.limit).toBe(5_400_000);
    expect(async.status).toBe('ok');
  });

  it('a timeout above what Managed Instances allow is refused', () => {
    expect(() =>
      workload(`name: t
region: us-east-1
executionsPerMonth: 10
lambdaManaged: { timeout: 20m }
steps: [ { task: a, duration: 1s } ]
`),
    ).toThrow(FlowcostError);
  });

  it('is in the report order after the six others, MicroVMs last', () => {
    expect(ARCHITECTURE_IDS.slice(-2)).toEqual(['lambda-managed', 'lambda-microvm']);
  });
});

describe('CloudWatch Logs (opt-in)', () => {
  const base = `name: logs
region: us-east-1
executionsPerMonth: 1000000
lambda: { memoryMb: 512 }
steps:
  - { task: a, duration: 100ms }
  - { task: b, duration: 100ms }
  - { task: c, duration: 100ms }
`;
  it('off by default: no architecture has a cloudwatch-logs line', () => {
    const report = analyzeYaml(base, { samples: 500 });
    for (const a of report.architectures) expect(a.monthlyCost.lines.some((l) => l.id === 'cloudwatch-logs'), a.id).toBe(false);
  });

  it('one function: (0.36 KB of platform lines + 1 KB) × 1M invocations = 1.36 GB → $0.68', () => {
    const report = analyzeYaml(`${base}logs: { lambdaKbPerInvocation: 1 }\n`, { samples: 500 });
    const logs = line(report, 'lambda', 'cloudwatch-logs');
    expect(logs.quantity).toBeCloseTo(1.36, 12);
    expect(logs.usd).toBeCloseTo(0.68, 12);
  });

  it('Express at ALL: 17 history events × 0.5 KB + 3 invocations × 0.36 KB = 9.58 KB per execution → 9.58 GB → $4.79', () => {
    // ExecutionStarted + ExecutionSucceeded, and per task TaskStateEntered/Exited + Scheduled/Started/Succeeded.
    const report = analyzeYaml(`${base}logs: { stepFunctions: { level: ALL } }\n`, { samples: 500 });
    const logs = line(report, 'sfn-express', 'cloudwatch-logs');
    expect(logs.quantity).toBeCloseTo(9.58, 12);
    expect(logs.usd).toBeCloseTo(4.79, 12);
    // Standard logs the same events; the single function logs no Step Functions events.
    expect(line(report, 'sfn-standard', 'cloudwatch-logs').quantity).toBeCloseTo(9.58, 12);
    expect(line(report, 'lambda', 'cloudwatch-logs').quantity).toBeCloseTo(0.36, 12);
  });

  it('a durable function logs on every invocation: the first and one per resume', () => {
    const report = analyzeYaml(
      `name: d
region: us-east-1
executionsPerMonth: 1000000
logs: { lambdaKbPerInvocation: 0.64 }
steps:
  - { task: a, duration: 1s }
  - { wait: w, duration: 1h }
  - { task: b, duration: 1s }
`,
      { samples: 500 },
    );
    // 2 invocations × (0.36 + 0.64) KB × 1M = 2 GB.
    expect(line(report, 'lambda-durable', 'cloudwatch-logs').quantity).toBeCloseTo(2, 12);
  });
});

describe('service integrations in step trees', () => {
  const etl = `name: etl
region: us-east-1
executionsPerMonth: 1000
lambda: { memoryMb: 1024, architecture: arm64 }
steps:
  - { task: prepare, duration: 20s }
  - { task: transform, service: glue, sync: true, duration: 40m }
  - { task: publish, duration: 5s }
`;
  it('normalizes into a Task state with integration service and pattern sync, as an imported definition has it', () => {
    const transform = [...states(workload(etl).graph)].find((s) => s.name === 'transform')!;
    expect(transform).toMatchObject({ kind: 'task', integration: 'service', pattern: 'sync', service: 'glue' });
  });

  it('Standard bills the service task no Lambda charge; one function waits for it and is killed at 15 minutes; Express cannot .sync', () => {
    const report = analyzeYaml(etl, { samples: 1_000 });
    // Two Lambda tasks, three transitions: the Glue task is one transition and nothing else.
    expect(line(report, 'sfn-standard', 'lambda-requests').quantity).toBeCloseTo(2_000, 9);
    expect(line(report, 'sfn-standard', 'sfn-transitions').quantity).toBeCloseTo(3_000, 9);
    expect(line(report, 'sfn-standard', 'lambda-duration').quantity).toBeCloseTo(1_000 * 25, 9);
    expect(arch(report, 'lambda').limits.find((l) => l.id === 'lambda-timeout')!.status).toBe('exceeded');
    // The single function is billed for its whole 15-minute timeout.
    expect(line(report, 'lambda', 'lambda-duration').quantity).toBeCloseTo(1_000 * 900, 6);
    const express = arch(report, 'sfn-express').limits;
    expect(express.find((l) => l.id === 'express-sync')!.status).toBe('exceeded');
    expect(express.find((l) => l.id === 'express-duration')!.status).toBe('exceeded');
    expect(report.workload.warnings?.some((w) => /transform calls another AWS service directly/.test(w))).toBe(true);
  });

  it('in a chain the step waits for the job in a function: billed up to its 15-minute timeout, and over it (issue 18.3)', () => {
    const report = analyzeYaml(etl, { samples: 1_000 });
    // 1,000 executions × 900 s (the timeout stops the wait) × 1 GB
    expect(line(report, 'lambda-chain', 'lambda-service-wait').quantity).toBeCloseTo(1_000 * 900, 6);
    expect(line(report, 'lambda-chain', 'lambda-service-wait').usd).toBeCloseTo(1_000 * 900 * 0.0000133334, 6);
    // prepare, transform, publish: three step invocations, two hand-overs of three SQS requests
    expect(line(report, 'lambda-chain', 'lambda-requests').quantity).toBeCloseTo(3_000, 9);
    expect(line(report, 'lambda-chain', 'sqs-requests').quantity).toBeCloseTo(6_000, 9);
    expect(line(report, 'lambda-chain', 'dynamodb-writes').quantity).toBeCloseTo(3_000, 9);
    const wait = arch(report, 'lambda-chain').limits.find((l) => l.id === 'service-wait')!;
    expect(wait.status).toBe('exceeded');
    expect(wait.observedP99).toBeCloseTo(2_400 / 900, 6);
    expect(arch(report, 'lambda-chain').feasible).toBe(false);
    expect(arch(report, 'lambda-chain').remedies.join(' ')).toMatch(/Do not wait in a function for `transform` \(p99 40m 00s\)/);
  });

  it('a chain without service tasks has no such line or limit; a short call is a step like any other', () => {
    const plain = analyzeYaml(`name: p\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps: [ { task: a, duration: 20ms } ]\n`, { samples: 500 });
    expect(arch(plain, 'lambda-chain').monthlyCost.lines.map((l) => l.id)).not.toContain('lambda-service-wait');
    expect(arch(plain, 'lambda-chain').limits.map((l) => l.id)).not.toContain('service-wait');
    const save = analyzeYaml(`name: s\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps: [ { task: save, service: dynamodb, duration: 20ms } ]\n`, { samples: 500 });
    // 20 ms at 128 MB per execution
    expect(line(save, 'lambda-chain', 'lambda-service-wait').quantity).toBeCloseTo((1_000 * 20 * 128) / 1024 / 1000, 9);
    expect(line(save, 'lambda-chain', 'lambda-requests').quantity).toBeCloseTo(1_000, 9);
    expect(arch(save, 'lambda-chain').feasible).toBe(true);
  });

  it('a service task alone costs Step Functions no Lambda at all', () => {
    const report = analyzeYaml(
      `name: only-service
region: us-east-1
executionsPerMonth: 1000
steps: [ { task: save, service: dynamodb, duration: 20ms } ]
`,
      { samples: 500 },
    );
    for (const id of ['lambda-requests', 'lambda-duration'] as const) expect(line(report, 'sfn-standard', id).usd).toBe(0);
    expect(line(report, 'sfn-standard', 'sfn-transitions').quantity).toBeCloseTo(1_000, 9);
  });

  it('refuses .sync on a request-response service and Lambda settings on a service task', () => {
    expect(() => workload(`name: x\nregion: us-east-1\nexecutionsPerMonth: 1\nsteps: [ { task: a, service: dynamodb, sync: true, duration: 1s } ]\n`)).toThrow(/no \.sync integration/);
    expect(() => workload(`name: x\nregion: us-east-1\nexecutionsPerMonth: 1\nsteps: [ { task: a, service: glue, memoryMb: 512, duration: 1s } ]\n`)).toThrow(/runs none/);
    expect(() => workload(`name: x\nregion: us-east-1\nexecutionsPerMonth: 1\nsteps: [ { task: a, sync: true, duration: 1s } ]\n`)).toThrow(/only to a task that calls a service/);
  });
});

describe('durable functions as billed', () => {
  const durable = (wait: string, extra = '') =>
    analyzeYaml(
      `name: resume
region: us-east-1
executionsPerMonth: 1000000
lambda: { memoryMb: 1024, coldStarts: { probability: 0, init: 500ms } }
${extra}steps:
  - { task: a, duration: 1s }
  - { wait: w, duration: ${wait} }
  - { task: b, duration: 1s }
`,
      { samples: 500 },
    );

  it('INIT billed once per cold resume: a 1-hour wait outlasts the 15 minutes the environment stays warm', () => {
    // 1M executions × 1 cold resume × 0.5 s × 1 GB = 500,000 GB-s.
    expect(line(durable('1h'), 'lambda-durable', 'lambda-init').quantity).toBeCloseTo(500_000, 6);
    expect(line(durable('10m'), 'lambda-durable', 'lambda-init').quantity).toBe(0);
    expect(line(durable('1h', 'lambdaDurable: { keepWarm: 2h }\n'), 'lambda-durable', 'lambda-init').quantity).toBe(0);
  });

  it('the replay of the code outside steps is compute on every resume', () => {
    const steps = line(durable('10m'), 'lambda-durable', 'lambda-duration').quantity;
    const withReplay = line(durable('10m', 'lambdaDurable: { replayMs: 250 }\n'), 'lambda-durable', 'lambda-duration').quantity;
    // One resume × 250 ms × 1 GB × 1M = 250,000 GB-s more.
    expect(withReplay - steps).toBeCloseTo(250_000, 6);
  });
});
