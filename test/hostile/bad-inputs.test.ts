/**
 * The corpus of broken and hostile inputs (test/bad-inputs/): each file gets its expected error code
 * and message, exit 2, a position where one exists, and never a stack trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const corpus = join(import.meta.dirname, '..', 'bad-inputs');
const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) as Record<
  string,
  { code: string; message: string; line?: number }
>;

describe('bad inputs', () => {
  it('the corpus covers every class the issue names', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(40);
  });

  it.each(Object.entries(expected))('%s → %o', async (file, want) => {
    const path = join(corpus, file);
    const { code, stdout, stderr } = await runCli(['validate', path, '--format', 'json']);
    expect(code).toBe(2);
    const [result] = JSON.parse(stdout).files as {
      valid: boolean;
      errors: { code: string; message: string; hint?: string; line?: number; file: string }[];
    }[];
    expect(result!.valid).toBe(false);
    const match = result!.errors.find(
      (e) => e.code === want.code && (e.message.includes(want.message) || (e.hint ?? '').includes(want.message)),
    );
    expect(match, JSON.stringify(result!.errors, null, 2)).toBeDefined();
    expect(match!.file).toBe(path);
    if (want.line !== undefined) expect(match!.line).toBe(want.line);
    expect(stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);

    // analyze refuses it the same way, and writes nothing to --out
    const out = join(mkdtempSync(join(tmpdir(), 'flowcost-bad-')), 'report.json');
    writeFileSync(out, 'old\n');
    const analyzed = await runCli(['analyze', path, '--samples', '100', '--out', out]);
    expect(analyzed.code).toBe(2);
    expect(analyzed.stderr).toContain(want.message);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
  });

  it('a file over 1 MB is refused before it is read', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'flowcost-big-')), 'big.yaml');
    writeFileSync(path, `# ${'x'.repeat(1_100_000)}\n`);
    const { code, stderr } = await runCli(['validate', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('the limit is 1,000,000');
  });

  it('a missing file and a directory are clear errors', async () => {
    expect((await runCli(['validate', 'nope.yaml'])).stderr).toContain('nope.yaml  error[file-read]: no such file');
    expect((await runCli(['validate', corpus])).stderr).toContain('this is a directory, not a file');
  });

  it('validate reports every file, valid or not, and exits 2 if any is invalid', async () => {
    const examples = join(import.meta.dirname, '..', '..', 'examples');
    const ok = await runCli(['validate', join(examples, 'api-backend.yaml'), join(examples, 'order-fulfilment.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ .*api-backend.yaml: valid workload "api-backend"/);
    const mixed = await runCli(['validate', join(examples, 'api-backend.yaml'), join(corpus, 'empty.yaml')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toMatch(/✗ .*empty.yaml: 1 problem/);
  });
});

describe('validate reads policies too', () => {
  it('a policy file is recognised and checked; a broken one exits 2 with its position', async () => {
    const policies = join(import.meta.dirname, '..', '..', 'examples', 'policies');
    const ok = await runCli(['validate', join(policies, 'order-fulfilment.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid policy \(decision sfn-standard/);
    const path = join(mkdtempSync(join(tmpdir(), 'flowcost-policy-')), 'policy.yaml');
    writeFileSync(path, 'decision: sfn-standard\nassertions:\n  max-montly-cost: [error, { usd: 5 }]\n');
    const bad = await runCli(['validate', path]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/policy\.yaml:3:3 .*max-montly-cost/);
    expect(bad.stderr).toContain('did you mean');
  });
});
