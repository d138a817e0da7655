/** Loading policies (own file or a workload's policy: key) and baselines: every problem has file:line:col. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowcostError } from '../../src/errors/problem.js';
import { parseBaselineReport } from '../../src/io/load-baseline.js';
import { parsePolicy, parseWorkloadPolicy } from '../../src/io/load-policy.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { renderJson } from '../../src/report/render-json.js';
import { report } from './reports.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof FlowcostError) return error.problems;
    throw error;
  }
  throw new Error('expected a FlowcostError');
};

describe('policy files', () => {
  it('positions come from the file', () => {
    const policy = parsePolicy(fixture('failing.yaml'), 'failing.yaml');
    expect(policy.decisionAt).toEqual({ file: 'failing.yaml', line: 3, column: 11 });
    expect(policy.assertions.find((a) => a.id === 'max-monthly-cost')!.at).toEqual({ file: 'failing.yaml', line: 6, column: 3 });
    expect(policy.assertions.find((a) => a.id === 'decision-feasible')).toMatchObject({ origin: 'strict', at: { line: 4 } });
  });

  it('every mistake of a bad policy, in file order, each at its line and column', () => {
    const problems = problemsOf(() => parsePolicy(fixture('invalid.yaml'), 'invalid.yaml'));
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([
      '3:1 unknown-key unknown key "extend"',
      '5:3 unknown-key unknown assertion "max-monthy-cost"',
      '6:27 semantic max-cost-per-execution needs the option "usd"',
      '7:20 semantic the level of limit-headroom must be one of off, warn, error',
      '8:52 semantic cheaper-alternative option minSavingsPercent must be a number > 0 and ≤ 100',
    ]);
  });

  it("a workload's policy: key is read with the workload's positions, and analysis ignores it", () => {
    const text = fixture('orders-with-policy.yaml');
    const policy = parseWorkloadPolicy(text, 'orders.yaml')!;
    expect(policy.decision).toBe('sfn-standard');
    expect(policy.assertions.find((a) => a.id === 'max-monthly-cost')!.at).toEqual({ file: 'orders.yaml', line: 22, column: 5 });
    expect(parseWorkload(text, 'orders.yaml').name).toBe('orders');
    expect(parseWorkloadPolicy(fixture('orders.yaml'), 'orders.yaml')).toBeUndefined();
    const [problem] = problemsOf(() => parseWorkloadPolicy(text.replace('max-monthly-cost:', 'max-montly-cost:'), 'orders.yaml'));
    expect(problem).toMatchObject({ code: 'unknown-key', line: 22, column: 5, path: 'policy.assertions.max-montly-cost', hint: 'did you mean "max-monthly-cost"?' });
  });

  it('the workload schema lets policy: through only as a mapping', () => {
    const problems = problemsOf(() => parseWorkload(fixture('orders.yaml') + 'policy: strict\n', 'w.yaml'));
    expect(problems[0]).toMatchObject({ path: 'policy', line: 18 });
  });
});

describe('baseline reports', () => {
  it('a JSON report v1 loads', () => {
    expect(parseBaselineReport(renderJson(report({})), 'b.json').workload.name).toBe('orders');
  });

  it('invalid JSON: the position of the error', () => {
    const [problem] = problemsOf(() => parseBaselineReport('{\n  "schemaVersion": 1,\n}', 'b.json'));
    expect(problem).toMatchObject({ code: 'baseline', file: 'b.json', line: 3, column: 1 });
  });

  it('not a report: schema problems with positions and what to give instead', () => {
    const problems = problemsOf(() => parseBaselineReport('{\n  "schemaVersion": 2\n}', 'b.json'));
    expect(problems.every((p) => p.code === 'baseline' || p.code === 'unknown-key')).toBe(true);
    expect(problems.some((p) => p.line === 2 && p.path === 'schemaVersion')).toBe(true);
    expect(problems[0]!.hint).toContain('flowcost analyze WORKLOAD --format json');
  });
});
