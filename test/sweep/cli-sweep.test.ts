/** The CLI in-process (src/cli/run.ts) for the report formats and sweep. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

const root = join(import.meta.dirname, '..', '..');

async function flowcost(args: string[], tty = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { NO_COLOR: '1' },
    stdoutIsTTY: false,
    stderrIsTTY: tty,
    stderrColumns: 100,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const example = (name: string) => join(root, 'examples', `${name}.yaml`);

describe('flowcost analyze --format markdown|html', () => {
  it('prints Markdown', async () => {
    const { code, stdout } = await flowcost(['analyze', example('api-backend'), '-f', 'markdown', '--samples', '2000']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# flowcost · api-backend\n/);
    expect(stdout).toContain('## Recommendation: One Lambda function (`lambda`)');
  });

  it('writes one HTML file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'flowcost-html-')), 'report.html');
    const { code, stdout, stderr } = await flowcost(['analyze', example('webhook-with-delay'), '-f', 'html', '-o', out, '--samples', '2000']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`flowcost: wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg/g)).toHaveLength(5);
  });
});

describe('flowcost sweep', () => {
  it('prints the table and the crossovers in words', async () => {
    const { code, stdout } = await flowcost(['sweep', example('nightly-export-polling'), '--vary', 'steps.export-ready.duration=1m..30m', '--steps', '4', '--samples', '1000']);
    expect(code).toBe(0);
    expect(stdout).toContain('steps.export-ready.duration');
    expect(stdout).toMatch(/The single function stops being feasible when the median duration of export-ready passes \d+m \d\ds \(lambda-timeout\)\./);
  });

  it('json, markdown and html formats', async () => {
    const args = ['sweep', example('api-backend'), '--vary', 'executionsPerMonth=1k..1M', '--steps', '3', '--samples', '500'];
    const json = JSON.parse((await flowcost([...args, '-f', 'json'])).stdout);
    expect(json).toMatchObject({ sweepVersion: 1, parameter: { path: 'executionsPerMonth', from: 1000, to: 1e6, scale: 'log' } });
    expect(json.points.map((p: { value: number }) => p.value)).toEqual([1000, 31622.7766017, 1e6]);
    expect((await flowcost([...args, '-f', 'markdown'])).stdout).toContain('## Crossovers');
    expect((await flowcost([...args, '-f', 'html'])).stdout).toContain('<svg');
  });

  it('bad --vary: exit 2 with a hint', async () => {
    const { code, stderr } = await flowcost(['sweep', example('api-backend'), '--vary', 'steps.authorise.duration=1s..2s']);
    expect(code).toBe(2);
    expect(stderr).toContain('no step named "authorise"');
    expect(stderr).toContain('did you mean steps.authorize.duration?');
    expect((await flowcost(['sweep', example('api-backend'), '--vary', 'executionsPerMonth=1k..1M', '--steps', '1'])).code).toBe(2);
  });

  it('shows a progress bar on a terminal for a long sweep, nothing otherwise', async () => {
    const args = ['sweep', example('api-backend'), '--vary', 'executionsPerMonth=1k..1M', '--steps', '10', '--samples', '20000'];
    const onTerminal = await flowcost(args, true);
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain('simulating [');
    expect(onTerminal.stderr).toContain('100%');
    const piped = await flowcost(args, false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(onTerminal.stdout);
  });
});
