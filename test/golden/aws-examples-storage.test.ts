/** G3: Lambda pricing example 3 (ML inference with 2 GB of ephemeral storage, free tier applied). */
import { describe, expect, it } from 'vitest';
import { analyzeYaml, arch, cents, line } from '../helpers.js';

describe('G3: Lambda pricing example 3', () => {
  const report = analyzeYaml(
    `name: g3
region: us-east-1
executionsPerMonth: 6000000
lambda: { memoryMb: 4096, architecture: x86_64, ephemeralStorageMb: 2048 }
steps:
  - task: infer
    duration: 280ms
`,
    { freeTier: true },
  );
  it('compute $105.33, requests $1.00, ephemeral storage $0.08, total $106.41', () => {
    const compute = line(report, 'lambda', 'lambda-duration');
    const storage = line(report, 'lambda', 'lambda-ephemeral-storage');
    expect(compute.quantity).toBeCloseTo(6_720_000, 3);
    expect(cents(compute.usd)).toBe(105.33);
    expect(cents(line(report, 'lambda', 'lambda-requests').usd)).toBe(1);
    // (2048 − 512) MB = 1.5 GB × 1,680,000 s = 2,520,000 GB-s × $0.0000000309: storage scales with duration, not memory
    expect(storage.quantity).toBeCloseTo(2_520_000, 3);
    expect(storage.usd).toBeCloseTo(2_520_000 * 0.0000000309, 9);
    expect(cents(storage.usd)).toBe(0.08);
    const total = arch(report, 'lambda').monthlyCost.lines.reduce((sum, l) => sum + cents(l.usd), 0);
    expect(total).toBeCloseTo(106.41, 9);
  });
});
