#!/usr/bin/env node
// `npm run build && node scripts/readme-samples.mjs`: rewrites every sample output in README.md (a
// code block that starts with "$ npx flowcost …") with what that command prints, from the built CLI.
// test/report/readme.test.ts runs the same commands and fails when a block is stale. A block that
// ends with a line "…" shows the output up to the details (the first cost-lines table after the
// recommendation).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BLOCK = /^```\n\$ npx flowcost ([^\n]*)\n([\s\S]*?)^```$/gm;
const CUT = '…';

/** Every sample block: the command's arguments, the output shown, whether it is cut. */
export function sampleBlocks(readme) {
  return [...readme.matchAll(BLOCK)].map((m) => ({
    index: m.index,
    length: m[0].length,
    command: m[1],
    args: m[1].split(' '),
    output: m[2],
    truncated: m[2] === `${CUT}\n` || m[2].endsWith(`\n${CUT}\n`),
  }));
}

/** What a block shows of `stdout`: all of it, or (cut) up to the blank line before the first table after "Recommendation". */
export function sampleOutput(stdout, truncated) {
  if (!truncated) return stdout;
  const lines = stdout.split('\n');
  const recommendation = lines.findIndex((line) => line.startsWith('Recommendation'));
  const details = lines.findIndex((line, i) => i > recommendation && line === '' && (lines[i + 1] ?? '').startsWith('┌'));
  return `${lines.slice(0, details < 0 ? lines.length : details).join('\n')}\n${CUT}\n`;
}

export function block(command, output) {
  return '```\n$ npx flowcost ' + command + '\n' + output + '```';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { run } = await import('../dist/cli/run.js');
  const file = join(import.meta.dirname, '..', 'README.md');
  let readme = readFileSync(file, 'utf8');
  for (const sample of sampleBlocks(readme).reverse()) {
    let stdout = '';
    await run(sample.args, {
      stdout: (text) => (stdout += text),
      stderr: () => {},
      env: { NO_COLOR: '1' },
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stderrColumns: 100,
    });
    readme = readme.slice(0, sample.index) + block(sample.command, sampleOutput(stdout, sample.truncated)) + readme.slice(sample.index + sample.length);
    console.log(`README.md: $ npx flowcost ${sample.command}`);
  }
  writeFileSync(file, readme);
}
