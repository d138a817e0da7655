/**
 * Issue 15, capability 1 (margins) and defect 6 (one rule for a real alternative, in analyze and in gate).
 */
import { describe, expect, it } from 'vitest';
import { recommend, type RecommendInput } from '../../src/advice/recommend.js';
import type { ArchitectureId } from '../../src/architectures/index.js';
import { evaluatePolicy } from '../../src/gate/evaluate.js';
import type { ArchitectureReport, Report } from '../../src/report/model.js';
import { analyzeYaml } from '../helpers.js';
import { policy } from '../gate/reports.js';

/** Two steps and a wait of two minutes: starting again after a failure loses something. */
const base = analyzeYaml(`name: m
region: us-east-1
executionsPerMonth: 1000000
steps:
  - task: a
    duration: 100ms
  - wait: settle
    duration: 2m
  - task: b
    duration: 200ms
`);
/** The same job without the wait: 300 ms, nothing much to lose by starting again. */
const short = analyzeYaml(`name: s
region: us-east-1
executionsPerMonth: 1000000
steps:
  - task: a
    duration: 100ms
  - task: b
    duration: 200ms
`);

/** The report with these monthly totals (the others do not fit). */
function priced(totals: Partial<Record<ArchitectureId, number>>, from: typeof base = base): ArchitectureReport[] {
  return from.architectures.map((a) => {
    const usd = totals[a.id];
    if (usd === undefined) return { ...a, feasible: false };
    const line = a.monthlyCost.lines[0]!;
    return { ...a, feasible: true, monthlyCost: { total: usd, lines: [{ ...line, usd }], interval: { low: usd * 0.999, high: usd * 1.001 } } };
  });
}

const input: RecommendInput = {
  samples: 10_000,
  maxSamples: 10_000_000,
  failureProbability: 0,
  outcomes: { failedAfterRetries: 0, endedInFailState: 0, ranAway: 0, caughtAndHandled: 0 },
  multiStep: true,
};

describe('recommendation.margin', () => {
  it('far apart: the cheapest wins on price, the margin is not negligible', () => {
    const r = recommend(priced({ lambda: 100, 'sfn-standard': 130 }), input);
    expect(r.architecture).toBe('lambda');
    expect(r.margin).toEqual({ usd: 30, percent: 30, negligible: false, between: ['lambda', 'sfn-standard'] });
    expect(r.reasons[0]).toMatch(/^One Lambda function is the cheapest architecture that fits: \$100\.00 per month \(\$[\d.]+ per execution\)\.$/);
    expect(r.reasons[1]).toBe('Step Functions Standard also fits but costs $130.00 per month (30% more).');
  });

  it('within 5%: the price does not decide; Standard picks up at the failed step where one function starts again', () => {
    const r = recommend(priced({ lambda: 1000, 'sfn-standard': 1030 }), input);
    expect(r.margin).toMatchObject({ negligible: true, between: ['lambda', 'sfn-standard'] });
    expect(r.margin!.percent).toBeCloseTo(3, 9);
    expect(r.architecture).toBe('sfn-standard');
    expect(r.reasons[0]).toBe(
      'Step Functions Standard fits and costs about the same as one Lambda function ($1,030.00 per month, 3% more): too close for the price to decide. ' +
        'flowcost recommends it because after a failure Step Functions Standard picks up at the failed step, where one Lambda function starts the whole job again.',
    );
  });

  it('a one-step job, or a job under a minute: picking up at the failed step is no ground, the cheapest stays', () => {
    expect(recommend(priced({ lambda: 1000, 'sfn-standard': 1030 }), { ...input, multiStep: false }).architecture).toBe('lambda');
    const quick = recommend(priced({ lambda: 1000, 'sfn-standard': 1030 }, short), input);
    expect(quick.architecture).toBe('lambda');
    expect(quick.reasons[1]).toContain('neither is ahead on being managed, on limit headroom or on state handling');
  });

  it('within $10 a month however many percent: too little to decide on; with no other ground, the cheapest and says so', () => {
    const r = recommend(priced({ lambda: 2, 'sfn-express': 8 }), input);
    expect(r.margin).toMatchObject({ negligible: true, usd: 6 });
    expect(r.architecture).toBe('lambda');
    expect(r.reasons[1]).toBe(
      'Step Functions Express costs only $6.00 a month more ($8.00 per month): too little for the price to decide, and neither is ahead on being managed, on limit headroom or on state handling: choose the one your team knows.',
    );
  });

  it('a limit near its bound is a ground: the one that stays clear wins', () => {
    const near = priced({ 'sfn-standard': 1000, 'lambda-durable': 1020 }).map((a) =>
      a.id === 'sfn-standard' ? { ...a, limits: a.limits.map((l, i) => (i === 0 ? { ...l, status: 'near' as const } : l)) } : a,
    );
    const r = recommend(near, input);
    expect(r.architecture).toBe('lambda-durable');
    expect(r.reasons[0]).toContain('because a Lambda durable function stays clear of its limits, where Step Functions Standard comes near "');
  });

  it('fewer than two options: no margin', () => {
    expect(recommend(priced({ 'sfn-standard': 10 }), input).margin).toBeUndefined();
  });

  it('overlapping intervals are said in words', () => {
    const wide = priced({ lambda: 1000, 'sfn-standard': 1300 }).map((a) => ({ ...a, monthlyCost: { ...a.monthlyCost, interval: { low: a.monthlyCost.total * 0.8, high: a.monthlyCost.total * 1.2 } } }));
    expect(recommend(wide, input).reasons).toContain(
      'The simulation cannot tell One Lambda function and Step Functions Standard apart: their 95% intervals overlap ($800.00–$1,200.00 and $1,040.00–$1,560.00 a month, from 10,000 simulated executions).',
    );
  });
});

describe('one rule for a real alternative (analyze and gate)', () => {
  const reportOf = (architectures: ArchitectureReport[]): Report => ({ ...base, architectures });
  const gate = (r: Report, decision: ArchitectureId) =>
    evaluatePolicy(policy({ decision, assertions: { 'cheaper-alternative': ['warn', { minSavingsPercent: 10 }] } }), r).results[0]!;

  it('a chain 15% cheaper than the cheapest managed option: analyze keeps the managed one, gate does not name the chain', () => {
    const architectures = priced({ 'sfn-standard': 1000, 'lambda-chain': 850 });
    expect(recommend(architectures, input).architecture).toBe('sfn-standard');
    const result = gate(reportOf(architectures), 'sfn-standard');
    expect(result.passed).toBe(true);
    expect(result.message).toContain('lambda-chain would cost $850.00 but is orchestration you build yourself');
  });

  it('a chain 30% and $300 cheaper: analyze recommends it, and gate names it', () => {
    const architectures = priced({ 'sfn-standard': 1000, 'lambda-chain': 700 });
    expect(recommend(architectures, input).architecture).toBe('lambda-chain');
    const result = gate(reportOf(architectures), 'sfn-standard');
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^lambda-chain is feasible and 30% cheaper than sfn-standard/);
  });

  it('a chain 25% cheaper but only $50 a month: not worth building, in both', () => {
    const architectures = priced({ 'sfn-standard': 200, 'lambda-chain': 150 });
    expect(recommend(architectures, input).architecture).toBe('sfn-standard');
    expect(gate(reportOf(architectures), 'sfn-standard').passed).toBe(true);
  });

  it('whatever the totals, gate fails on a cheaper alternative only if analyze would recommend something cheaper than the decision', () => {
    for (const chain of [100, 500, 790, 810, 950, 990]) {
      for (const express of [300, 900, 1100]) {
        const architectures = priced({ 'sfn-standard': 1000, 'lambda-chain': chain, 'sfn-express': express });
        const recommended = recommend(architectures, input).architecture!;
        const named = gate(reportOf(architectures), 'sfn-standard');
        if (!named.passed) expect(named.message.startsWith(`${recommended} `) || architectures.find((a) => a.id === recommended)!.monthlyCost.total < 1000).toBe(true);
        if (recommended === 'lambda-chain') expect(named.passed).toBe(false);
      }
    }
  });
});
