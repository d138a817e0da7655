/**
 * G8: AWS's Lambda durable functions example (insurance claim processing, us-east-1, arm64 1 GB,
 * free tier applied): steps of 30 s and 2 s around a wait of about 7 days, an 8 KB input and 32 KB
 * checkpoints, 14 days' retention. AWS: compute $421.34, requests $0.20, operations $32.00,
 * data written $26.00, retention $10.92, total $490.46.
 */
import { describe, expect, it } from 'vitest';
import { analyzeYaml, arch, cents, line } from '../helpers.js';

describe('G8: Lambda durable functions pricing example', () => {
  const report = analyzeYaml(
    `name: g8
region: us-east-1
executionsPerMonth: 1000000
lambda: { memoryMb: 1024, architecture: arm64 }
input: { kb: 8 }
payloadKb: 32
steps:
  - task: assess-claim
    duration: 30s
  - wait: adjuster-visit
    duration: 7d
  - task: settle
    duration: 2s
`,
    { freeTier: true, samples: 1_000 },
  );
  it('every line to the cent', () => {
    const compute = line(report, 'lambda-durable', 'lambda-duration');
    expect(compute.quantity).toBeCloseTo(32_000_000, 3);
    expect(cents(compute.usd)).toBe(421.34);
    expect(line(report, 'lambda-durable', 'lambda-requests').quantity).toBeCloseTo(2_000_000, 6);
    expect(cents(line(report, 'lambda-durable', 'lambda-requests').usd)).toBe(0.2);
    expect(line(report, 'lambda-durable', 'durable-operations').quantity).toBeCloseTo(4_000_000, 6);
    expect(cents(line(report, 'lambda-durable', 'durable-operations').usd)).toBe(32);
    expect(line(report, 'lambda-durable', 'durable-data-written').quantity).toBeCloseTo(104, 9);
    expect(cents(line(report, 'lambda-durable', 'durable-data-written').usd)).toBe(26);
    // 104 GB × (7 days running + 14 days kept) / 30 = 72.8 GB-months (AWS: 24.27 + 48.53)
    expect(line(report, 'lambda-durable', 'durable-data-retained').quantity).toBeCloseTo(72.8, 2);
    expect(cents(line(report, 'lambda-durable', 'durable-data-retained').usd)).toBe(10.92);
    const total = arch(report, 'lambda-durable').monthlyCost.lines.reduce((sum, l) => sum + cents(l.usd), 0);
    expect(total).toBeCloseTo(490.46, 9);
  });
});
