/**
 * Lambda Managed Instances against AWS's own figures.
 *
 * 1. The pricing page's example (https://aws.amazon.com/lambda/pricing/, "Pricing Example:
 *    High-throughput API service", us-east-1): 100M requests, m7g.xlarge ($0.1632 per hour on demand),
 *    "~2,000 hours/month", a 3-year Compute Savings Plan bringing the instance to $0.0457 per hour:
 *    requests $20, EC2 2,000 × $0.0457 = $91.40, management fee 2,000 × $0.1632 × 0.15 = $48.96,
 *    total $160.36. The fee stays 15% of the on-demand price whatever the instances cost you.
 * 2. AWS's LMI pricing calculator (aws-samples/sample-aws-lambda-managed-instances,
 *    tools/pricing-calculator/tests/test-cases.json): target concurrency 100, c7g.xlarge, on demand,
 *    1M requests; 2 ("CPU-heavy"), 4 ("balanced") and 8 ("IO-heavy") concurrent per vCPU give 26, 14
 *    and 8 instances: EC2 $2,752.10 / $1,481.90 / $846.80, fee $412.815 / $222.285 / $127.02,
 *    requests $0.20.
 */
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import type { Meter } from '../../src/architectures/types.js';
import { priceMonthlyUsage } from '../../src/pricing/price-usage.js';
import { analyzeYaml, arch, catalog, cents, line } from '../helpers.js';

describe('the pricing page’s Managed Instances example (us-east-1)', () => {
  const prices = regionPrices(catalog, 'us-east-1');
  it('the catalog has its on-demand price and fee for m7g.xlarge', () => {
    expect(prices.lambda.managedInstances['m7g.xlarge'].tiers[0]!.usd).toBe(0.1632);
    expect(prices.lambda.managedFees['m7g.xlarge'].tiers[0]!.usd).toBe(0.02448);
    expect(prices.lambda.managedRequests.tiers[0]!.usd).toBe(0.0000002);
  });
  it('2,000 instance-hours under a Savings Plan: $20 + $91.40 + $48.96 = $160.36', () => {
    // The Savings Plan rate replaces the instance price only (as a --pricing file of negotiated rates would).
    const savingsPlan = {
      ...prices,
      lambda: {
        ...prices.lambda,
        managedInstances: { ...prices.lambda.managedInstances, 'm7g.xlarge': { ...prices.lambda.managedInstances['m7g.xlarge'], tiers: [{ upTo: null, usd: 0.0457 }] } },
      },
    };
    const meters: Meter[] = [
      { id: 'managed-instances', label: 'EC2', unit: 'instance-hours', priceKey: 'lambda.managedInstance.m7g.xlarge', measure: () => 0 },
      { id: 'managed-fee', label: 'fee', unit: 'instance-hours', priceKey: 'lambda.managedFee.m7g.xlarge', measure: () => 0 },
      { id: 'lambda-requests', label: 'requests', unit: 'requests', priceKey: 'lambda.managedRequests', measure: () => 0 },
    ];
    const lines = priceMonthlyUsage(meters, [2_000, 2_000, 100_000_000], savingsPlan, { freeTier: true, lambdaComputeDiscountPercent: 0 });
    expect(lines.map((l) => cents(l.usd))).toEqual([91.4, 48.96, 20]);
    expect(lines.reduce((sum, l) => sum + cents(l.usd), 0)).toBeCloseTo(160.36, 9);
  });
  it('the same workload sized by flowcost: three instances all month (2,190 hours, AWS says "~2,000")', () => {
    const report = analyzeYaml(
      `name: lmi-example
region: us-east-1
executionsPerMonth: 100000000
lambda: { memoryMb: 2048, architecture: arm64 }
lambdaManaged: { instanceType: m7g.xlarge }
steps:
  - { task: handle, duration: 200ms }
`,
      { samples: 1_000 },
    );
    expect(line(report, 'lambda-managed', 'managed-instances').quantity).toBe(3 * 730);
    expect(cents(line(report, 'lambda-managed', 'managed-instances').usd)).toBe(357.41); // 2,190 × $0.1632
    expect(cents(line(report, 'lambda-managed', 'managed-fee').usd)).toBe(53.61); // 2,190 × $0.02448
    expect(cents(line(report, 'lambda-managed', 'lambda-requests').usd)).toBe(20);
  });
});

describe('AWS’s LMI pricing calculator (test-cases.json, c7g.xlarge, on demand)', () => {
  // Concurrency 100 = 2 requests/s × 50 s (Little's law); Python memory 512 MB → 2 GB environments.
  const workloadAt = (perVcpu: number) =>
    analyzeYaml(
      `name: lmi-calculator
region: us-east-1
executionsPerMonth: 1000000
peakExecutionsPerSecond: 2
lambda: { memoryMb: 512, architecture: arm64 }
lambdaManaged: { instanceType: c7g.xlarge, concurrencyPerVcpu: ${perVcpu} }
steps:
  - { task: work, duration: 50s }
`,
      { samples: 1_000 },
    );
  for (const [name, perVcpu, instances, ec2, fee] of [
    ['CPU-heavy', 2, 26, 2752.1, 412.815],
    ['balanced', 4, 14, 1481.9, 222.285],
    ['IO-heavy', 8, 8, 846.8, 127.02],
  ] as const) {
    it(`${name} (${perVcpu} per vCPU): ${instances} instances, EC2 $${ec2}, fee $${fee}, requests $0.20`, () => {
      const report = workloadAt(perVcpu);
      const instanceLine = line(report, 'lambda-managed', 'managed-instances');
      expect(instanceLine.quantity).toBe(instances * 730);
      expect(instanceLine.usd).toBeCloseTo(ec2, 9);
      expect(line(report, 'lambda-managed', 'managed-fee').usd).toBeCloseTo(fee, 9);
      expect(line(report, 'lambda-managed', 'lambda-requests').usd).toBeCloseTo(0.2, 12);
      expect(arch(report, 'lambda-managed').monthlyCost.total).toBeCloseTo(ec2 + fee + 0.2, 9);
    });
  }
});
