/** --precision end to end (issue 19.3): usage errors in-process, thread independence on the built binary. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');

function flowcost(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('flowcost analyze --precision', () => {
  it('stops when the figures are that precise, says so in one line, and records it in the JSON', async () => {
    const table = await runCli(['analyze', 'examples/webhook-with-delay.yaml', '--precision', '1%']);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/· 8,192 simulated executions, seed 1\nStopped at 8,192 samples: every monthly cost is within ±1% \(95% interval\) and every limit's share is settled \(--precision\)\./);
    const json = await runCli(['analyze', 'examples/webhook-with-delay.yaml', '--precision', '0.01', '-f', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.simulation).toMatchObject({ samples: 8192, seed: 1, requestedSamples: 1_000_000, precision: { target: 0.01, stoppedBy: 'precision', cap: 1_000_000 } });
  });

  it('gate --precision says in its table, Markdown and JSON how many samples ran and why it stopped', async () => {
    const args = ['gate', 'test/gate/fixtures/orders.yaml', '--policy', 'test/gate/fixtures/passing.yaml', '--precision', '2%'];
    const table = await runCli(args);
    expect(table.stdout.split('\n')[1]).toMatch(/^Stopped at [\d,]+ samples: every monthly cost is within ±2% \(95% interval\)/);
    const markdown = await runCli([...args, '-f', 'markdown']);
    expect(markdown.stdout).toMatch(/\n\nStopped at [\d,]+ samples: every monthly cost is within ±2%/);
    const json = JSON.parse((await runCli([...args, '-f', 'json'])).stdout);
    expect(json.simulation).toEqual({ samples: 8192, precision: { target: 0.02, stoppedBy: 'precision', cap: 1_000_000 } });
    // Without --precision the gate's outputs are as before (the goldens hold them).
    expect((await runCli(args.slice(0, 4))).stdout).not.toContain('Stopped at');
  });

  it('takes --samples as the cap, and says when it stopped there', async () => {
    const { code, stdout } = await runCli(['analyze', 'examples/order-fulfilment.yaml', '--precision', '0.1%', '-n', '20000', '-f', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).simulation).toMatchObject({ samples: 20_000, precision: { target: 0.001, stoppedBy: 'cap', cap: 20_000 } });
  });

  it('refuses a value that is not a share in (0, 1): exit 2, a clear message, no stack trace', async () => {
    for (const bad of ['0', '1', '2', '100%', 'abc', '', '-0.5', '1%%']) {
      const { code, stdout, stderr } = await runCli(['analyze', 'examples/api-backend.yaml', `--precision=${bad}`]);
      expect(code, bad).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`--precision must be a number between 0 and 1, or a percentage (got ${JSON.stringify(bad)})`);
      expect(stderr).toContain('e.g. 0.01 or 1%');
      expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('is refused by sweep (every point runs the same samples)', async () => {
    const { code, stderr } = await runCli(['sweep', 'examples/api-backend.yaml', '--vary', 'executionsPerMonth=1000..100000', '--precision', '1%']);
    expect(code).toBe(2);
    expect(stderr).toContain('--precision is not available for sweep');
  });

  it('gives byte-identical JSON on one thread and on two: a stop mid-way, and a run to the cap', () => {
    // 0.3% stops inside the sixth chunk (337,920 samples): chunks past the first run on both threads,
    // ahead of the merge; 0.05% with a cap of 200,000 (four chunks) runs to the cap.
    for (const extra of [['--precision', '0.3%'], ['--precision', '0.05%', '-n', '200000']]) {
      const args = ['analyze', 'examples/order-fulfilment.yaml', '-f', 'json', ...extra];
      const one = flowcost([...args, '--threads', '1']);
      const two = flowcost([...args, '--threads', '2']);
      expect(one.code).toBe(0);
      expect(two.stderr.replace(/flowcost: --threads 2 is more than.*\n/, '')).toBe('');
      expect(two.stdout).toBe(one.stdout);
      const { simulation } = JSON.parse(one.stdout);
      expect(simulation.precision.stoppedBy).toBe(extra[1] === '0.3%' ? 'precision' : 'cap');
      expect(simulation.samples).toBe(extra[1] === '0.3%' ? 337_920 : 200_000);
    }
  });
});
