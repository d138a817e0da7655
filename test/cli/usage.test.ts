/**
 * Issue 14, item 12: usage errors that used to pass silently. --threads must be a whole number
 * from 1 (exit 2 otherwise) and is capped at the cores (said on stderr); a sweep cannot go past a
 * workload's own cap on executionsPerMonth.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const workload = join(import.meta.dirname, '..', '..', 'examples', 'api-backend.yaml');

describe('--threads', () => {
  it.each(['0', '-1', '1.5', 'many'])('--threads %s is a usage error (exit 2)', async (threads) => {
    const result = await runCli(['analyze', workload, '-n', '100', `--threads=${threads}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--threads must be a whole number from 1 to 1,024/);
    expect(result.stdout).toBe('');
  });

  it('more threads than cores: capped at the cores, and said on stderr', async () => {
    const cores = availableParallelism();
    const result = await runCli(['analyze', workload, '-n', '100', '-f', 'json', '--threads', String(cores + 1)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`flowcost: --threads ${cores + 1} is more than the ${cores} core${cores === 1 ? '' : 's'} this process may use: running on ${cores}\n`);
    const atCores = await runCli(['analyze', workload, '-n', '100', '-f', 'json', '--threads', String(cores)]);
    expect(atCores.stderr).toBe('');
    expect(atCores.stdout).toBe(result.stdout);
  });
});

describe('sweep volume', () => {
  it('a sweep to 1e30 executions is refused by the cap of executionsPerMonth', async () => {
    const result = await runCli(['sweep', workload, '--vary', 'executionsPerMonth=1k..1e30', '-n', '100']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--vary executionsPerMonth: "1e30" is not at most 1,000,000,000,000 executions a month');
    expect((await runCli(['sweep', workload, '--vary', 'executionsPerMonth=1k..1000B', '-n', '100', '--steps', '2'])).code).toBe(0);
    expect((await runCli(['sweep', workload, '--vary', 'executionsPerMonth=1k..1001B', '-n', '100'])).code).toBe(2);
  });
});
