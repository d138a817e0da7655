/** Every assertion type, its edge cases, and the exit code that follows from the records. */
import { describe, expect, it } from 'vitest';
import { FlowcostError } from '../../src/errors/problem.js';
import { checkBaselineNeeded, evaluatePolicy, type AssertionResult } from '../../src/gate/evaluate.js';
import { gateVerdict } from '../../src/gate/exit-code.js';
import { policy, report } from './reports.js';

const only = (id: string, entry: unknown, decision = 'sfn-standard') => policy({ decision, assertions: { [id]: entry } });
const single = (results: readonly AssertionResult[]): AssertionResult => {
  expect(results).toHaveLength(1);
  return results[0]!;
};
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof FlowcostError) return error.problems;
    throw error;
  }
  throw new Error('expected a FlowcostError');
};

const exceeded = { id: 'express-duration', label: 'Express execution time (5 minutes)', limit: 300_000, unit: 'ms', observedP99: 600_000, exceedProbability: 0.4, status: 'exceeded' } as const;

describe('decision-feasible', () => {
  it('passes when the decision breaks no limit', () => {
    const r = single(evaluatePolicy(only('decision-feasible', 'error'), report({ 'sfn-standard': { feasible: true, limits: [] } })).results);
    expect(r).toMatchObject({ id: 'decision-feasible', level: 'error', expected: true, actual: true, passed: true, message: 'sfn-standard breaks no hard limit' });
  });

  it('fails naming each broken limit with its share, p99 and limit, and where the policy asks for it', () => {
    const r = single(
      evaluatePolicy(only('decision-feasible', 'error', 'sfn-express'), report({ 'sfn-express': { feasible: false, limits: [exceeded] } })).results,
    );
    expect(r.passed).toBe(false);
    expect(r.actual).toBe(false);
    expect(r.message).toBe(
      'sfn-express is not feasible: 40% of executions break "Express execution time (5 minutes)" (p99 10m 00s, limit 5m 00s) — set at policy.yaml:5',
    );
  });
});

describe('max-monthly-cost and max-cost-per-execution', () => {
  it('a budget exceeded says by how much, absolute and relative, and where the budget is set', () => {
    const r = single(evaluatePolicy(only('max-monthly-cost', ['error', { usd: 500 }]), report({ 'sfn-standard': { monthlyUsd: 800 } })).results);
    expect(r).toMatchObject({ expected: 500, actual: 800, passed: false, unit: 'usd-month', at: { file: 'policy.yaml', line: 6 } });
    expect(r.message).toBe('sfn-standard costs $800.00 per month: $300.00 (60%) over the budget of $500.00 — set at policy.yaml:6');
  });

  it('exactly on budget passes; cents decide as the bill shows them', () => {
    expect(single(evaluatePolicy(only('max-monthly-cost', ['error', { usd: 500 }]), report({ 'sfn-standard': { monthlyUsd: 500.004 } })).results).passed).toBe(true);
    expect(single(evaluatePolicy(only('max-monthly-cost', ['error', { usd: 500 }]), report({ 'sfn-standard': { monthlyUsd: 500.01 } })).results).passed).toBe(false);
  });

  it('a zero budget fails any cost, without a percentage', () => {
    const r = single(evaluatePolicy(only('max-monthly-cost', ['warn', { usd: 0 }]), report({ 'sfn-standard': { monthlyUsd: 1 } })).results);
    expect(r.message).toBe('sfn-standard costs $1.00 per month: $1.00 over the budget of $0.00 — set at policy.yaml:6');
  });

  it('cost per execution uses the mean, in per-execution precision', () => {
    const over = single(evaluatePolicy(only('max-cost-per-execution', ['warn', { usd: 0.0001 }]), report({ 'sfn-standard': { perExecutionUsd: 0.00015 } })).results);
    expect(over).toMatchObject({ level: 'warn', expected: 0.0001, actual: 0.00015, passed: false });
    expect(over.message).toContain('$0.000150 per execution (mean): $0.0000500 (50%) over the budget of $0.000100');
    const under = single(evaluatePolicy(only('max-cost-per-execution', ['warn', { usd: 0.0001 }]), report({ 'sfn-standard': { perExecutionUsd: 0.00008 } })).results);
    expect(under.passed).toBe(true);
    expect(under.message).toBe('sfn-standard costs $0.0000800 per execution (mean), $0.0000200 under the budget of $0.000100');
  });
});

describe('limit-headroom', () => {
  const limit = (observedP99: number, limitValue = 1000) => ({ id: 'lambda-timeout', label: 'Lambda function timeout', limit: limitValue, unit: 'ms', observedP99, status: 'ok' }) as const;

  it('passes under the ratio and names the closest limit', () => {
    const r = single(evaluatePolicy(only('limit-headroom', 'warn'), report({ 'sfn-standard': { limits: [limit(500), limit(700)] } })).results);
    expect(r).toMatchObject({ expected: 0.8, actual: 0.7, passed: true });
    expect(r.message).toContain('the closest: "Lambda function timeout" p99 700ms of 1s (70%)');
  });

  it('fails above the ratio, by how many percentage points', () => {
    const r = single(evaluatePolicy(only('limit-headroom', ['error', { maxRatio: 0.5 }]), report({ 'sfn-standard': { limits: [limit(400), limit(650)] } })).results);
    expect(r).toMatchObject({ expected: 0.5, actual: 0.65, passed: false });
    expect(r.message).toMatch(/passes 50% of a limit: "Lambda function timeout" p99 650ms of 1s \(65%\), 15 percentage points over the headroom — set at policy\.yaml:8$/);
  });

  it('a zero limit that is used has no finite ratio: actual null, failed', () => {
    const callback = { id: 'express-callback', label: 'Express callbacks', limit: 0, unit: 'callbacks', observedP99: 1, status: 'exceeded' } as const;
    const r = single(evaluatePolicy(only('limit-headroom', 'warn', 'sfn-express'), report({ 'sfn-express': { limits: [callback] } })).results);
    expect(r).toMatchObject({ actual: null, passed: false });
  });

  it('no limits: passes', () => {
    expect(single(evaluatePolicy(only('limit-headroom', 'warn'), report({ 'sfn-standard': { limits: [] } })).results)).toMatchObject({ actual: 0, passed: true });
  });
});

describe('cheaper-alternative', () => {
  const costs = (lambda: number, standard: number, express: number, expressFeasible = true) =>
    report({ lambda: { monthlyUsd: lambda, feasible: true }, 'sfn-standard': { monthlyUsd: standard }, 'sfn-express': { monthlyUsd: express, feasible: expressFeasible } });

  it('fails when a feasible alternative saves at least the threshold', () => {
    const r = single(evaluatePolicy(only('cheaper-alternative', 'warn'), costs(900, 100, 70)).results);
    expect(r).toMatchObject({ expected: 25, passed: false });
    expect(r.actual).toBeCloseTo(30, 9);
    expect(r.message).toBe('sfn-express is feasible and 30% cheaper than sfn-standard: $70.00 instead of $100.00 per month, saving $30.00 a month (threshold 25%) — set at policy.yaml:9');
  });

  it('passes below the threshold, and ignores infeasible alternatives however cheap', () => {
    expect(single(evaluatePolicy(only('cheaper-alternative', 'warn'), costs(900, 100, 80)).results)).toMatchObject({ passed: true });
    const r = single(evaluatePolicy(only('cheaper-alternative', 'warn'), costs(900, 100, 10, false)).results);
    expect(r).toMatchObject({ passed: true, actual: 0, message: 'sfn-standard is the cheapest feasible architecture' });
  });
});

describe('max-cost-increase', () => {
  const growth = only('max-cost-increase', ['error', { percent: 10 }]);

  it('within the allowed growth passes; above it fails by percentage points', () => {
    const before = report({ 'sfn-standard': { monthlyUsd: 100 } });
    const ok = single(evaluatePolicy(growth, report({ 'sfn-standard': { monthlyUsd: 105 } }), before).results);
    expect(ok).toMatchObject({ expected: 10, passed: true });
    expect(ok.actual).toBeCloseTo(5, 9);
    const bad = single(evaluatePolicy(growth, report({ 'sfn-standard': { monthlyUsd: 125 } }), before).results);
    expect(bad.passed).toBe(false);
    expect(bad.message).toBe(
      "sfn-standard's monthly cost grew +25% ($100.00 → $125.00, +$25.00), 15 percentage points over the allowed +10% — set at policy.yaml:10",
    );
  });

  it('no baseline while it is on: a clear usage error at the policy line (exit 2), before any simulation', () => {
    for (const run of [() => evaluatePolicy(growth, report({})), () => checkBaselineNeeded(growth, false)]) {
      const [problem] = problemsOf(run);
      expect(problem).toMatchObject({ code: 'usage', file: 'policy.yaml', line: 10, message: 'max-cost-increase is on, but no --baseline report was given' });
    }
    expect(() => checkBaselineNeeded(only('max-cost-increase', 'off'), false)).not.toThrow();
  });

  it('a baseline without the decided architecture is a baseline error', () => {
    const [problem] = problemsOf(() => evaluatePolicy(growth, report({}), report({}, ['lambda'])));
    expect(problem).toMatchObject({ code: 'baseline', message: 'the baseline report has no sfn-standard architecture to compare against' });
  });

  it('growth from $0 has no percentage: actual null, failed', () => {
    const r = single(evaluatePolicy(growth, report({ 'sfn-standard': { monthlyUsd: 5 } }), report({ 'sfn-standard': { monthlyUsd: 0 } })).results);
    expect(r).toMatchObject({ actual: null, passed: false });
  });
});

describe('the decision and the baseline diff', () => {
  it('a decision that was not analyzed is an error at the decision line, with a "did you mean"', () => {
    const [problem] = problemsOf(() => evaluatePolicy(only('decision-feasible', 'error', 'sfn-expres'), report({})));
    expect(problem).toMatchObject({ code: 'semantic', file: 'policy.yaml', line: 2, hint: 'did you mean "sfn-express"?' });
    expect(problem!.message).toBe('the decision "sfn-expres" is not among the analyzed architectures');
    const [missing] = problemsOf(() => evaluatePolicy(only('decision-feasible', 'error', 'sfn-express'), report({}, ['lambda', 'sfn-standard'])));
    expect(missing!.expected).toBe('one of lambda, sfn-standard');
  });

  it('cost deltas per architecture; architectures only one side has are new or removed', () => {
    const gate = evaluatePolicy(
      only('decision-feasible', 'off'),
      report({ lambda: { monthlyUsd: 110 }, 'sfn-standard': { monthlyUsd: 50 } }, ['lambda', 'sfn-standard']),
      report({ lambda: { monthlyUsd: 100 }, 'sfn-express': { monthlyUsd: 10 } }, ['lambda', 'sfn-express']),
    );
    expect(gate.baseline!.architectures).toEqual([
      { id: 'lambda', beforeUsd: 100, afterUsd: 110, deltaUsd: 10, deltaPercent: 10 },
      { id: 'sfn-standard', beforeUsd: null, afterUsd: 50, deltaUsd: 50, deltaPercent: null },
      { id: 'sfn-express', beforeUsd: 10, afterUsd: null, deltaUsd: -10, deltaPercent: null },
    ]);
  });
});

describe('levels and the exit code', () => {
  const failing = report({ 'sfn-standard': { monthlyUsd: 800 } });
  const run = (level: string) => evaluatePolicy(only('max-monthly-cost', [level, { usd: 500 }]), failing);

  it('off is skipped: no record', () => {
    expect(run('off').results).toEqual([]);
    expect(gateVerdict(run('off').results)).toMatchObject({ exitCode: 0, checked: 0 });
  });

  it('a failed warn is reported but exits 0; a failed error exits 1', () => {
    expect(gateVerdict(run('warn').results)).toEqual({ exitCode: 0, passed: true, failedErrors: 0, failedWarnings: 1, checked: 1 });
    expect(gateVerdict(run('error').results)).toEqual({ exitCode: 1, passed: false, failedErrors: 1, failedWarnings: 0, checked: 1 });
  });

  it('passing errors exit 0', () => {
    expect(gateVerdict([{ level: 'error', passed: true }, { level: 'warn', passed: true }]).exitCode).toBe(0);
    expect(gateVerdict([{ level: 'warn', passed: false }, { level: 'error', passed: false }]).exitCode).toBe(1);
  });
});
