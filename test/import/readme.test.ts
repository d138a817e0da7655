/** The README's "Importing state machines" sample is what `flowcost import` prints for that command. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Importing state machines'));

describe('README: importing state machines', () => {
  it('the sample skeleton is the output of the command the README names', async () => {
    const command = /\(`flowcost (import [^`]+)`\):\n\n```yaml\n/.exec(section);
    expect(command, 'the README names the command before the sample').not.toBeNull();
    const block = section.slice(command!.index + command![0].length, section.indexOf('```', command!.index + command![0].length));
    const { code, stdout } = await runCli(command![1]!.split(' '));
    expect(code).toBe(0);
    expect(block).toBe(stdout);
  });

  it('every command in the code block names a real option', async () => {
    const help = (await runCli(['import', '--help'])).stdout;
    const options = [...section.matchAll(/flowcost import [^\n#]*/g)].flatMap((m) => [...m[0].matchAll(/--[a-z]+/g)].map((o) => o[0]));
    expect(options.length).toBeGreaterThan(5);
    for (const option of new Set(options)) expect(help, option).toContain(option);
  });
});
