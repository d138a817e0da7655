/** The README's CI gate sections stay true: the workflow is the example file, the policy example loads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/io/load-policy.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const workflow = readFileSync(join(root, 'examples', 'github-workflow-flowcost-gate.yml'), 'utf8');

describe('README: CI gate', () => {
  it('shows the example workflow verbatim, which runs on pull requests, gates with annotations and posts the Markdown summary', () => {
    expect(readme).toContain('## CI gate');
    expect(readme).toContain('```yaml\n' + workflow + '```');
    const parsed = parse(workflow) as { on: Record<string, unknown>; jobs: { gate: { steps: { run?: string }[] } } };
    expect(Object.keys(parsed.on)).toEqual(['pull_request']);
    const runs = parsed.jobs.gate.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/"\$FLOWCOST" gate .*--format markdown .*>> "\$GITHUB_STEP_SUMMARY"/);
    expect(runs).toMatch(/"\$FLOWCOST" gate .*--format github/);
    expect(runs).toMatch(/"\$FLOWCOST" analyze "base\/\$WORKLOAD" --format json --out "\$RUNNER_TEMP\/baseline\.json"/);
    // The pull request cannot change what judges it: the base branch's policy and flowcost.
    for (const gate of runs.split('\n').filter((line) => line.includes('" gate '))) expect(gate).toContain('--policy-ref "$BASE_SHA:$POLICY"');
    expect(runs).not.toMatch(/--policy "/);
    expect(runs).toContain('npm ci --ignore-scripts --prefix base');
    expect(parsed.jobs.gate.steps.map((s) => s.run ?? '').join('\n')).not.toMatch(/\$\{\{/);
  });

  it("the policy in 'Writing policies' is a valid policy", () => {
    const section = readme.slice(readme.indexOf('## Writing policies'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const policy = parsePolicy(block!, 'README.md');
    expect(policy.decision).toBe('sfn-express');
    expect(policy.assertions.filter((a) => a.level !== 'off').map((a) => a.id)).toHaveLength(6);
  });
});
