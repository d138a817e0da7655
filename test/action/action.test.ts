/**
 * Issue 16, item 6: the GitHub Action (action.yml, composite), run locally. action.yml is parsed,
 * its expressions (only the few it may use) are evaluated as GitHub would, and its shell steps run
 * with bash as GitHub runs them (`bash --noprofile --norc -eo pipefail`), in a temporary git
 * repository whose pull-request branch has turned its own policy off, with a fake
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and RUNNER_TEMP. Uses the built flowcost (npm test builds it),
 * so the install step finds it and installs nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
interface Step {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;

const WORKLOAD = (executions: string) =>
  `name: orders\nregion: us-east-1\nexecutionsPerMonth: ${executions}\nsteps:\n  - task: work\n    duration: 2s\n    memoryMb: 1024\n`;
const STRICT = 'decision: lambda\nassertions:\n  decision-feasible: error\n  max-monthly-cost: [error, { usd: 1 }]\n  max-cost-increase: [warn, { percent: 10 }]\n';
const LAX = 'decision: lambda\nassertions:\n  decision-feasible: off\n  max-monthly-cost: off\n';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
}

/** A repository whose main has the strict policy; "pr" doubles the volume and turns its policy off. */
function repository(options: { basePolicy: boolean } = { basePolicy: true }): { dir: string; base: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-action-')));
  git(dir, 'init', '-q');
  mkdirSync(join(dir, 'flowcost'));
  writeFileSync(join(dir, 'flowcost', 'workload.yaml'), WORKLOAD('1000000'));
  if (options.basePolicy) writeFileSync(join(dir, 'flowcost', 'policy.yaml'), STRICT);
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'main');
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'checkout', '-qb', 'pr');
  writeFileSync(join(dir, 'flowcost', 'workload.yaml'), WORKLOAD('2000000'));
  writeFileSync(join(dir, 'flowcost', 'policy.yaml'), LAX);
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'more volume, and the gate off');
  return { dir, base };
}

/** ${{ … }} as GitHub evaluates it, for the contexts this action may use; anything else fails the test. */
function evaluate(text: string, context: { inputs: Record<string, string>; github: Record<string, string> }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) {
      const value = context.inputs[input[1]!];
      if (value === undefined) throw new Error(`unknown input ${input[1]}`);
      return value;
    }
    const github = /^github\.([\w.]+)$/.exec(expression);
    if (github && github[1]! in context.github) return context.github[github[1]!]!;
    throw new Error(`expression not supported by this test (keep action.yml simple): ${expression}`);
  });
}

/** Runs the action's steps; returns what a workflow would see. */
function runAction(dir: string, base: string | undefined, given: Record<string, string> = {}) {
  const temp = mkdtempSync(join(tmpdir(), 'flowcost-runner-'));
  const summary = join(temp, 'summary.md');
  const output = join(temp, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const github = { action_path: root, 'event.pull_request.base.sha': base ?? '' };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? evaluate(spec.default ?? '', { inputs: {}, github });
  inputs['args'] = given['args'] ?? '--samples 300 --seed 1';
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const step of action.runs.steps) {
    if (step.run === undefined) continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, { inputs, github })]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, RUNNER_TEMP: temp, GITHUB_ACTION_PATH: root, NO_COLOR: '1' },
    });
    stdout += result.stdout;
    stderr += result.stderr;
    code = result.status ?? -1;
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => line.split('=') as [string, string]));
  return { code, stdout, stderr, summary: readFileSync(summary, 'utf8'), outputs };
}

describe('action.yml', () => {
  it('is a composite action whose scripts take every input from the environment', () => {
    expect(action.runs.using).toBe('composite');
    const scripts = action.runs.steps.filter((s) => s.run !== undefined);
    expect(scripts.length).toBeGreaterThan(0);
    for (const step of scripts) {
      expect(step.shell, step.name).toBe('bash');
      // Script injection: an input inside ${{ }} in a script would become shell code.
      expect(step.run, step.name).not.toContain('${{');
    }
    expect(Object.keys(action.inputs)).toEqual(['workload', 'policy', 'policy-ref', 'baseline', 'args']);
    expect(action.inputs['policy-ref']!.default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.gate.outputs.exit-code }}');
  });

  it("on a pull request: the base branch's policy judges it, the summary and the annotations are posted, the step fails", () => {
    const { dir, base } = repository();
    const result = runAction(dir, base);
    expect(result.code, result.stderr).toBe(1);
    expect(result.outputs).toEqual({ 'exit-code': '1', verdict: 'failed' });
    // The summary: the gate's Markdown, with the cost deltas against the base commit's workload.
    expect(result.summary).toMatch(/^### ❌ flowcost gate failed: 1 error assertion failed, 1 warning/);
    expect(result.summary).toContain('#### Monthly cost against the baseline (orders)');
    expect(result.summary).toMatch(/\| `lambda` \(decision\) \| \\\$[\d,.]+ \| \\\$[\d,.]+ \| \+\\\$[\d,.]+ \(\+100%\) \|/);
    // Annotations: at the policy's lines only when the working tree holds the same policy (here it does not).
    expect(result.stdout).toMatch(/^::error title=flowcost gate%3A max-monthly-cost::/m);
    expect(result.stdout).toMatch(/^::warning title=flowcost gate%3A max-cost-increase::lambda's monthly cost grew \+100%/m);
    expect(result.stdout).toMatch(/^::stop-commands::flowcost-[0-9a-f]{32}$/m);
  });

  it('on push (no base commit): the checkout\'s own policy, no baseline', () => {
    const { dir } = repository();
    const result = runAction(dir, undefined);
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toEqual({ 'exit-code': '0', verdict: 'passed' });
    expect(result.summary).toMatch(/^### ✅ flowcost gate passed: no assertion is on/);
    expect(result.summary).not.toContain('against the baseline');
  });

  it('the pull request that adds the policy: used this once, with a warning', () => {
    const { dir, base } = repository({ basePolicy: false });
    const result = runAction(dir, base);
    expect(result.stdout).toContain("::warning title=flowcost gate::The base commit has no flowcost/policy.yaml yet: the pull request's own policy is used this once.");
    expect(result.code).toBe(0);
  });

  it('invalid input: exit 2, verdict invalid, the error on stderr', () => {
    const { dir, base } = repository();
    writeFileSync(join(dir, 'flowcost', 'workload.yaml'), WORKLOAD('lots'));
    const result = runAction(dir, base);
    expect(result.code).toBe(2);
    expect(result.outputs).toEqual({ 'exit-code': '2', verdict: 'invalid' });
    expect(result.stderr).toContain('executionsPerMonth: "lots" is not a number of executions');
  });
});
