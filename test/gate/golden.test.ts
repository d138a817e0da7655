/**
 * Golden CLI snapshots of `flowcost gate` (arethetypeswrong style): the command, stdout, stderr and
 * `Exit code: N`, run on the BUILT binary (dist/bundle/flowcost.mjs, the bin, built by `npm test` before vitest).
 *
 * Update after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/gate
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');
const goldenDir = join(import.meta.dirname, 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';
const tmp = mkdtempSync(join(tmpdir(), 'flowcost-gate-'));
const baseline = join(tmp, 'baseline.json');
const fast = ['--samples', '1000', '--seed', '1'];
const orders = 'test/gate/fixtures/orders.yaml';
const policy = (name: string) => `test/gate/fixtures/${name}.yaml`;

function flowcost(args: readonly string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Machine-specific paths → placeholders, so snapshots match on every machine. */
function normalize(text: string): string {
  return text.split(tmp).join('<tmp>').split(root).join('<root>');
}

function snapshot(args: readonly string[]): string {
  const { code, stdout, stderr } = flowcost(args);
  return normalize(`$ flowcost ${args.join(' ')}\n--- stdout\n${stdout}--- stderr\n${stderr}Exit code: ${code}\n`);
}

const CASES: readonly { name: string; args: readonly string[]; exit: number }[] = [
  { name: 'passing', args: ['gate', orders, '--policy', policy('passing'), ...fast], exit: 0 },
  { name: 'example-policy', args: ['gate', 'examples/order-fulfilment.yaml', '--policy', 'examples/policies/order-fulfilment.yaml', ...fast], exit: 0 },
  { name: 'failing', args: ['gate', orders, '--policy', policy('failing'), ...fast], exit: 1 },
  { name: 'warning-only', args: ['gate', orders, '--policy', policy('warn-only'), ...fast], exit: 0 },
  { name: 'baseline-diff', args: ['gate', orders, '--policy', policy('growth'), '--baseline', baseline, ...fast], exit: 1 },
  { name: 'baseline-diff-markdown', args: ['gate', orders, '-p', policy('growth'), '-b', baseline, '--format', 'markdown', ...fast], exit: 1 },
  { name: 'github-embedded-policy', args: ['gate', 'test/gate/fixtures/orders-with-policy.yaml', '--format', 'github', ...fast], exit: 1 },
  { name: 'json', args: ['gate', orders, '--policy', policy('warn-only'), '--format', 'json', ...fast], exit: 0 },
  { name: 'invalid-policy', args: ['gate', orders, '--policy', policy('invalid'), ...fast], exit: 2 },
  { name: 'unknown-decision', args: ['gate', orders, '--policy', policy('unknown-decision'), ...fast], exit: 2 },
  { name: 'missing-baseline', args: ['gate', orders, '--policy', policy('growth'), ...fast], exit: 2 },
  { name: 'bad-baseline', args: ['gate', orders, '--policy', policy('growth'), '--baseline', 'test/gate/fixtures/not-a-report.json', ...fast], exit: 2 },
  { name: 'no-policy', args: ['gate', orders, ...fast], exit: 2 },
];

describe('flowcost gate (golden)', () => {
  beforeAll(() => {
    // The baseline: the same flow on "main", with 20% fewer executions.
    const made = flowcost(['analyze', 'test/gate/fixtures/orders-main.yaml', '--format', 'json', '--out', baseline, ...fast]);
    expect(made.code, made.stderr).toBe(0);
    mkdirSync(goldenDir, { recursive: true });
  });

  it.each(CASES)('$name (exit $exit)', ({ name, args, exit }) => {
    const actual = snapshot(args);
    expect(actual).toContain(`\nExit code: ${exit}\n`);
    const file = join(goldenDir, `${name}.txt`);
    if (update) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/gate`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('the same run twice gives the same bytes (fixed seed)', () => {
    const args = ['gate', orders, '--policy', policy('passing'), '--format', 'json', ...fast];
    expect(flowcost(args).stdout).toBe(flowcost(args).stdout);
  });
});
