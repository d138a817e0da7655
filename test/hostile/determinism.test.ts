/** Same input and seed → byte-identical JSON, whatever the time zone, locale or process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');

function jsonReport(env: Record<string, string>): string {
  const result = spawnSync(
    process.execPath,
    [join(root, 'dist', 'bundle', 'flowcost.mjs'), 'analyze', 'examples/nightly-export-polling.yaml', '-f', 'json', '-n', '2000', '--seed', '11'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } },
  );
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('determinism', () => {
  it('is byte-identical across time zones and locales', () => {
    const reference = jsonReport({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
    expect(jsonReport({ TZ: 'America/New_York', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toBe(reference);
    expect(jsonReport({ TZ: 'Asia/Kolkata', LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8' })).toBe(reference);
    expect(reference).not.toMatch(/NaN|Infinity/);
  });
});

describe('internal errors', () => {
  it('exit 3 with a short "please report" line, the stack only under --debug', async () => {
    const boom: CommandModule = {
      command: 'boom',
      describe: 'fails on purpose',
      builder: (y) => y,
      run: () => {
        throw new TypeError('something impossible happened');
      },
    };
    (COMMANDS as CommandModule[]).push(boom);
    try {
      const plain = await runCli(['boom']);
      expect(plain.code).toBe(3);
      expect(plain.stderr).toContain('flowcost: internal error: something impossible happened');
      expect(plain.stderr).toContain('Please report it');
      expect(plain.stderr).not.toMatch(/\n\s+at /);
      const debug = await runCli(['boom', '--debug']);
      expect(debug.code).toBe(3);
      expect(debug.stderr).toMatch(/\n\s+at /);
    } finally {
      (COMMANDS as CommandModule[]).pop();
    }
  });
});
