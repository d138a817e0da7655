/**
 * AWS's own worked examples (../shared/aws-facts.md, "Golden cases"), each line to the cent.
 * The workloads are written the way a user would write them.
 */
import { describe, expect, it } from 'vitest';
import { expressBilledMemoryMb } from '../../src/pricing/express-billing.js';
import { analyzeYaml, arch, cents, line } from '../helpers.js';

describe('G1: Lambda pricing example 1 (mobile backend, free tier applied)', () => {
  const report = analyzeYaml(
    `name: g1
region: us-east-1
executionsPerMonth: 3000000
lambda: { memoryMb: 1536, architecture: x86_64 }
steps:
  - task: handler
    duration: 120ms
`,
    { freeTier: true },
  );
  it('compute $2.33, requests $0.40, total $2.73', () => {
    const compute = line(report, 'lambda', 'lambda-duration');
    const requests = line(report, 'lambda', 'lambda-requests');
    expect(compute.quantity).toBeCloseTo(540_000, 4);
    expect(compute.freeQuantity).toBe(400_000);
    expect(cents(compute.usd)).toBe(2.33);
    expect(cents(requests.usd)).toBe(0.4);
    expect(cents(compute.usd) + cents(requests.usd)).toBeCloseTo(2.73, 9);
  });
});

describe('G2: Lambda pricing example 2 (telemetry, free tier not applied)', () => {
  const report = analyzeYaml(`name: g2
region: us-east-1
executionsPerMonth: 7440000
lambda: { memoryMb: 1024 }
steps:
  - task: enrich
    duration: 2s
`);
  it('requests $1.49 ($1.488), compute $248.00, total $249.49', () => {
    const requests = line(report, 'lambda', 'lambda-requests');
    const compute = line(report, 'lambda', 'lambda-duration');
    expect(requests.usd).toBeCloseTo(1.488, 9);
    expect(cents(requests.usd)).toBe(1.49);
    expect(compute.quantity).toBeCloseTo(14_880_000, 3);
    expect(cents(compute.usd)).toBe(248.0);
    expect(cents(requests.usd) + cents(compute.usd)).toBeCloseTo(249.49, 9);
  });
});

describe('G10: Step Functions Express example (100M workflows, 10 s, 64 MB)', () => {
  const report = analyzeYaml(`name: g10
region: us-east-1
executionsPerMonth: 100000000
steps:
  - wait: ten-seconds
    duration: 10s
`);
  it('requests $100.00; 17,361.11 GB-hours → $382.97; total $482.97', () => {
    const requests = line(report, 'sfn-express', 'express-requests');
    const duration = line(report, 'sfn-express', 'express-duration');
    expect(cents(requests.usd)).toBe(100);
    expect(duration.quantity).toBeCloseTo(17_361.11, 2);
    expect(cents(duration.usd)).toBe(382.97);
    expect(cents(arch(report, 'sfn-express').monthlyCost.total)).toBe(482.97);
  });
});

describe('G11: Express memory estimate', () => {
  it('50 KB definition, 400 Map steps × 32 KB → 62.85 MB used → 64 MB billed', () => {
    expect(expressBilledMemoryMb(50, 32, 400)).toBe(64);
    // One more Map step of 32 KB crosses 64 MB only after 43 more: 50 + (50 + 32 × 436) / 1000 = 64.002.
    expect(expressBilledMemoryMb(50, 32, 436)).toBe(128);
  });

  it('the same estimate through a workload: a Map of 400 items at 32 KB', () => {
    const report = analyzeYaml(`name: g11
region: us-east-1
executionsPerMonth: 1000
payloadKb: 32
stepFunctions: { definitionKb: 50 }
steps:
  - map: items
    items: 400
    steps:
      - wait: pause
        duration: 1s
`);
    // 400 items, 40 at a time (Step Functions' inline limit) → 10 rounds of 1 s = 10 s, at 64 MB.
    const duration = line(report, 'sfn-express', 'express-duration');
    expect(duration.quantity).toBeCloseTo((1_000 * 10 * (64 / 1024)) / 3_600, 9);
  });
});

describe('G12: Step Functions workshop, Standard vs nested Express (1,000 executions)', () => {
  it('Standard: 3 transitions × 1,000 executions = $0.075', () => {
    const report = analyzeYaml(`name: g12-standard
region: us-east-1
executionsPerMonth: 1000
steps:
  - wait: a
    duration: 1s
  - wait: b
    duration: 1s
  - wait: c
    duration: 1s
`);
    expect(line(report, 'sfn-standard', 'sfn-transitions').usd).toBeCloseTo(0.075, 12);
  });

  it('Express: 11,300 ms at 64 MB ≈ $0.0000117746 per execution, $0.01 for 1,000', () => {
    const report = analyzeYaml(`name: g12-express
region: us-east-1
executionsPerMonth: 1000
steps:
  - wait: nested-express
    duration: 11300ms
`);
    const express = arch(report, 'sfn-express');
    const durationPerExecution = line(report, 'sfn-express', 'express-duration').usd / 1_000;
    // The workshop multiplies 113 × $0.0000001042 (a rounded per-100 ms price); exact: 113 × 0.06 / 3600 / 16 / 10.
    expect(durationPerExecution).toBeCloseTo(0.0000117746, 8);
    expect(durationPerExecution).toBeCloseTo((113 * 0.06) / 3_600 / 16 / 10, 14);
    expect(express.monthlyCost.total).toBeCloseTo(0.0127708, 6);
    expect(cents(express.monthlyCost.total)).toBe(0.01);
  });
});
