/**
 * Issue 15.4: the README's sample outputs are what the commands print (every block that starts
 * with "$ npx flowcost …"; `node scripts/readme-samples.mjs` rewrites them), its texts name all the
 * architectures, and each example's header says what flowcost really answers for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/index.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { catalog } from '../helpers.js';
import { runCli } from '../helpers-cli.js';
import { sampleBlocks, sampleOutput } from '../../scripts/readme-samples.mjs';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README sample outputs', () => {
  const blocks = sampleBlocks(readme);

  it('has the "What you get" sample and the others', () => {
    expect(blocks.map((b) => b.args[0])).toEqual(expect.arrayContaining(['analyze', 'gate', 'calibrate']));
    const whatYouGet = readme.slice(readme.indexOf('## What you get'), readme.indexOf('## Describing a workload'));
    expect(sampleBlocks(whatYouGet)).toHaveLength(1);
  });

  it.each(blocks.map((b) => [b.command, b] as const))('$ npx flowcost %s prints the block (node scripts/readme-samples.mjs rewrites it)', async (_command, block) => {
    const { stdout } = await runCli(block.args);
    expect(block.output).toBe(sampleOutput(stdout, block.truncated));
  }, 60_000);
});

describe('README and help texts name every architecture', () => {
  it('the policy comment lists every decision a policy may name', () => {
    const comment = /^decision: \S+ +# (.*)$/m.exec(readme)?.[1] ?? '';
    expect(comment.split(':')[1]!.split('|').map((id) => id.trim())).toEqual([...ARCHITECTURE_IDS]);
  });

  it('flowcost --help and analyze --help list them all, and never say "three"', async () => {
    const top = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
    const analyzeHelp = (await runCli(['analyze', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const id of ARCHITECTURE_IDS) expect(top).toContain(id);
    for (const phrase of ['Step Functions Express', 'a Lambda durable function', 'Standard with Express children', 'a chain of Lambda functions']) {
      expect(analyzeHelp).toContain(phrase);
    }
    expect(`${top} ${analyzeHelp}`).not.toMatch(/\bthree\b/i);
  });
});

describe("each example's header says what flowcost answers", () => {
  const files = [
    ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join('examples', f)),
    join('examples', 'imported', 'scatter-gather.yaml'),
  ];
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const header = text
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^# ?/, ''))
      .join(' ');
    const claim = /flowcost's answer \(checked by test\/report\/readme\.test\.ts\): recommends (\S+);(?: all eight fit| fits: ([^;]+); does not fit: ([^.]+))\./.exec(header);
    expect(claim, `${file} states flowcost's answer`).not.toBeNull();
    const report = analyze(loadWorkloadFile(join(root, file)), catalog, { samples: 10_000, seed: 1, freeTier: false });
    expect(report.recommendation.architecture).toBe(claim![1]);
    const list = (text?: string) => (text ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
    const fits = report.architectures.filter((a) => a.feasible).map((a) => a.id);
    expect(fits).toEqual(claim![2] === undefined ? [...ARCHITECTURE_IDS] : list(claim![2]));
    expect(report.architectures.filter((a) => !a.feasible).map((a) => a.id)).toEqual(list(claim![3]));
    expect(header).not.toMatch(/only standard fits/i);
  });
});
