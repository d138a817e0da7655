/**
 * Fuzzing: 10,000 documents made by mutating the examples with a fixed seed. Each must either load
 * or be refused with a FlowcostError (never another exception), and every workload that loads must
 * analyze to finite, non-negative numbers (or be refused the same clean way).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { Random } from '../../src/engine/random.js';
import { FlowcostError } from '../../src/errors/problem.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import type { Report } from '../../src/report/model.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTable } from '../../src/report/render-table.js';
import { catalog } from '../helpers.js';

const examplesDir = join(import.meta.dirname, '..', '..', 'examples');
const seeds = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(examplesDir, f), 'utf8'));

const FRAGMENTS = [':', '-', ' ', '\n', '\t', '{', '}', '[', ']', '&a', '*a', '!!', '"', "'", '#', '0', '9', '.', 'e9', '1e400',
  '-1', 'ms', 'd', 'task: x', 'wait: y', 'map: m', 'items: ', '__proto__: 1', 'probability: 2', 'p95: 1ms', '999999999999d', '.nan', '~',
  // Issue 14 and 15's classes: names that inject, files outside the project, values people write.
  '"x\\n::error file=README.md,line=1::injected"', '"\\e[31m\\a\\r"', '"##[error]x"', '"![p](https://evil.example/p.png)"', '"$1 | %0A"',
  '\nstateMachine: { definition: ../.git/config }\n', '\nstateMachine: { definition: /dev/zero }\n', '\nstateMachine: { definition: /etc/passwd }\n',
  'failureRate: 2%', '2%', '3M', '250k', '1.5B', '40min', '0.8sec', '1e308', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '? [a]\n: 1\n', '{ [x]: 1 }', '&b 1', '*b', '"\\u202e"'];

function mutate(text: string, random: Random): string {
  let out = text;
  const mutations = 1 + Math.floor(random.uniform() * 4);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(random.uniform() * (out.length + 1));
    const kind = Math.floor(random.uniform() * 5);
    const fragment = FRAGMENTS[Math.floor(random.uniform() * FRAGMENTS.length)]!;
    if (kind === 0) out = out.slice(0, at) + fragment + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random.uniform() * 20));
    else if (kind === 2) out = out.replace(/\d+(\.\d+)?/, () => String(Math.floor(random.uniform() * 1e6) * (random.uniform() < 0.2 ? -1 : 1)));
    else if (kind === 3) {
      const lines = out.split('\n');
      const i = Math.floor(random.uniform() * lines.length);
      lines.splice(i, 0, lines[Math.floor(random.uniform() * lines.length)]!);
      out = lines.join('\n');
    } else out = out.slice(0, at) + fragment.repeat(1 + Math.floor(random.uniform() * 3)) + out.slice(at);
  }
  return out;
}

/** What reaches a terminal, a CI log, Markdown or JSON holds no raw control character and starts no workflow command. */
function expectSafeOutputs(report: Report, context: string): void {
  for (const text of [renderTable(report), renderMarkdown(report), renderJson(report)]) {
    expect(text, context).not.toMatch(RAW_CONTROL);
    for (const line of text.split('\n')) {
      expect(line.trimStart().startsWith('::'), context).toBe(false);
      expect(line.includes('##['), context).toBe(false);
    }
  }
}

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Characters hostile names are drawn from: control characters, workflow-command and Markdown punctuation, bidi overrides. */
const NAME_ALPHABET = ['a', 'Z', '0', ' ', ':', '::', ',', '%', '%0A', '\n', '\r', '\t', '\u001b', '[31m', '\u0007', '\u009b', '\u202e', '\u2028',
  '#', '##[', '[', ']', '(', ')', '!', '$', '|', '<', '>', '&', '`', '*', '_', '\\', '"', "'", '@', 'é', '😀'];

describe('fuzz', () => {
  it('300 hostile names: every output escapes them (table, Markdown, JSON)', () => {
    const random = new Random(20261201);
    const pick = (n: number) => Array.from({ length: n }, () => NAME_ALPHABET[Math.floor(random.uniform() * NAME_ALPHABET.length)]!).join('');
    for (let i = 0; i < 300; i++) {
      const name = pick(1 + Math.floor(random.uniform() * 12));
      const step = pick(1 + Math.floor(random.uniform() * 12));
      const yaml = `name: ${JSON.stringify(name)}\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: ${JSON.stringify(step)}\n    duration: 20m\n`;
      let workload;
      try {
        workload = parseWorkload(yaml, `names-${i}.yaml`);
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw error;
        continue;
      }
      const report = analyze(workload, catalog, { samples: 5, seed: i, freeTier: false });
      expectSafeOutputs(report, JSON.stringify({ name, step }));
      expect((JSON.parse(renderJson(report)) as { workload: { name: string } }).workload.name).toBe(name);
    }
  }, 60_000);

  it('10,000 mutated documents: loaded cleanly or refused cleanly', () => {
    const random = new Random(20261126);
    const tally = { loaded: 0, refused: 0, analyzed: 0 };
    for (let i = 0; i < 10_000; i++) {
      const text = mutate(seeds[i % seeds.length]!, random);
      let workload;
      try {
        workload = parseWorkload(text, `fuzz-${i}.yaml`);
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw new Error(`document ${i} threw ${String(error)}:\n${text}`);
        expect(error.problems.length).toBeGreaterThan(0);
        for (const problem of error.problems) expect(problem.message.length).toBeGreaterThan(0);
        tally.refused++;
        continue;
      }
      tally.loaded++;
      if (i % 10 !== 0) continue; // analyze a tenth of the loaded ones: enough to catch NaN, fast enough for CI
      try {
        const report = analyze(workload, catalog, { samples: 20, seed: i, freeTier: false });
        for (const a of report.architectures) {
          for (const value of [a.monthlyCost.total, a.costPerExecution.p99, a.durationMs.p99, a.durationMs.max]) {
            expect(Number.isFinite(value) && value >= 0, `document ${i}:\n${text}`).toBe(true);
          }
        }
        expectSafeOutputs(report, `document ${i}:\n${text}`);
        tally.analyzed++;
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw new Error(`document ${i} analysis threw ${String(error)}:\n${text}`);
      }
    }
    // The mutations must exercise both paths, or this test proves nothing.
    expect(tally.refused).toBeGreaterThan(1_000);
    expect(tally.loaded).toBeGreaterThan(1_000);
    expect(tally.analyzed).toBeGreaterThan(50);
  }, 180_000);
});
