/** The README's calibrate example is what the command prints. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README: Calibrating from real data', () => {
  it('shows the output of its example command', async () => {
    const match = /^\$ npx flowcost (calibrate test\/fixtures\/calibrate\/polling\.yaml [^\n]*)\n([\s\S]*?)^```$/m.exec(readme);
    expect(match, 'the example block').not.toBeNull();
    const args = match![1]!.split(' ');
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(match![2]);
  });

  it('documents every option of the command', () => {
    const section = readme.slice(readme.indexOf('## Calibrating from real data'));
    for (const option of ['--from', '--out', '--volume-from-history', '--format json', 'durationByMemory']) expect(section).toContain(option);
  });
});
