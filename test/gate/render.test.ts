/** Renderers show the verdict they are given; GitHub annotations are escaped and point at the policy line. */
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/gate/evaluate.js';
import { gateVerdict } from '../../src/gate/exit-code.js';
import { renderGateGithub } from '../../src/gate/render-github.js';
import { renderGateJson } from '../../src/gate/render-json.js';
import { renderGateMarkdown } from '../../src/gate/render-markdown.js';
import { renderGateTable } from '../../src/gate/render-table.js';
import { policy, report } from './reports.js';

const gate = evaluatePolicy(
  policy({
    decision: 'sfn-standard',
    assertions: { 'max-monthly-cost': ['error', { usd: 500 }], 'max-cost-per-execution': ['warn', { usd: 1 }], 'cheaper-alternative': ['warn', { minSavingsPercent: 10 }] },
  }),
  report({ lambda: { monthlyUsd: 900 }, 'sfn-standard': { monthlyUsd: 800, perExecutionUsd: 0.0004 }, 'sfn-express': { monthlyUsd: 600, feasible: true } }),
  report({ lambda: { monthlyUsd: 900 }, 'sfn-standard': { monthlyUsd: 640 }, 'sfn-express': { monthlyUsd: 600 } }),
);
const verdict = gateVerdict(gate.results);

describe('gate renderers', () => {
  it('github: ::error / ::warning per failed assertion at file, line, col; % : , escaped', () => {
    const lines = renderGateGithub(gate, verdict).split('\n');
    expect(lines[0]).toBe(
      '::error file=policy.yaml,line=6,col=3,title=flowcost gate%3A max-monthly-cost::sfn-standard costs $800.00 per month: $300.00 (60%25) over the budget of $500.00 — set at policy.yaml:6',
    );
    expect(lines[1]).toMatch(/^::warning file=policy\.yaml,line=9,col=3,title=flowcost gate%3A cheaper-alternative::sfn-express is feasible and 25%25 cheaper/);
    expect(lines.filter((l) => /^::(error|warning) /.test(l))).toHaveLength(2);
    expect(lines).toContain('Gate failed: 1 error assertion failed, 1 warning');
    // The log part (which quotes the workload's texts) runs with workflow commands stopped.
    expect(lines[2]).toMatch(/^::stop-commands::flowcost-[0-9a-f]{32}$/);
    expect(lines.at(-2)).toBe(`::${lines[2]!.slice('::stop-commands::'.length)}::`);
  });

  it('table: status, expected vs actual, the baseline diff infracost-style, the verdict', () => {
    const text = renderGateTable(gate, verdict);
    expect(text).toContain('✗ FAIL  max-monthly-cost (error)  expected ≤ $500.00/month, actual $800.00/month');
    expect(text).toContain('✓ pass  max-cost-per-execution (warn)');
    expect(text).toContain('! warn  cheaper-alternative (warn)');
    expect(text).toMatch(/~ sfn-standard\s+\+\$160\.00 \(\+25%\)\s+\$640\.00 → \$800\.00/);
    expect(text).toMatch(/= lambda\s+no change\s+\$900\.00/);
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderGateTable(gate, verdict, { color: true })).toMatch(/\u001b\[31m✗ FAIL/);
  });

  it('markdown: a heading with the verdict, a table of records, failures listed, cost deltas; pipes escaped', () => {
    const md = renderGateMarkdown({ ...gate, workload: 'a|b' }, verdict);
    expect(md).toMatch(/^### ❌ flowcost gate failed: 1 error assertion failed, 1 warning\n/);
    expect(md).toContain('Workload **a\\|b**');
    // Dollars escaped as analyze's Markdown does: GitHub renders $…$ as maths.
    expect(md).toContain('| ❌ | `max-monthly-cost` | error | ≤ \\$500.00/month | \\$800.00/month |');
    expect(md).toContain('| `sfn-standard` (decision) | \\$640.00 | \\$800.00 | +\\$160.00 (+25%) |');
    expect(md).not.toMatch(/(^|[^\\])\$\d/);
    expect(md).toContain('- ⚠️ **cheaper-alternative** (warn): ');
  });

  it('json: every record and the verdict counts, no exit code of its own', () => {
    const json = JSON.parse(renderGateJson(gate, verdict));
    expect(json).toMatchObject({ schemaVersion: 1, passed: false, failedErrors: 1, failedWarnings: 1, checked: 3, decision: 'sfn-standard' });
    expect(json.exitCode).toBeUndefined();
    expect(json.results[0]).toEqual({
      id: 'max-monthly-cost',
      level: 'error',
      expected: 500,
      actual: 800,
      passed: false,
      unit: 'usd-month',
      message: 'sfn-standard costs $800.00 per month: $300.00 (60%) over the budget of $500.00 — set at policy.yaml:6',
      at: { file: 'policy.yaml', line: 6, column: 3 },
      origin: 'policy',
    });
    expect(json.baseline.architectures).toHaveLength(3);
  });
});
