/**
 * Issue 14, item 6: the inputs that were slow are refused or bounded by a limit, not by the clock.
 * (Their timings live in bench/slow-inputs.mjs: a timing test is not the place for them.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundedSamples } from '../../src/analyze.js';
import { MAX_PROBLEMS_PER_FILE } from '../../src/errors/problem.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { runCli } from '../helpers-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flowcost-slow-'));
mkdirSync(join(dir, '.git'));

describe('slow inputs are bounded', () => {
  it('90,000 unknown keys: every one found, the first 100 shown, the rest counted', async () => {
    let text = 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n';
    for (let i = 0; i < 90_000; i++) text += `x${i.toString(36)}: 1\n`;
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, text);
    const { code, stdout } = await runCli(['validate', file, '-f', 'json']);
    expect(code).toBe(2);
    const errors = (JSON.parse(stdout) as { files: { errors: { message: string; line?: number }[] }[] }).files[0]!.errors;
    expect(errors).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(errors[0]).toMatchObject({ message: 'unknown key "x0"', line: 7 });
    expect(errors.at(-1)!.message).toBe('and 89,900 more problems in this file (90,000 in all)');
  });

  it('duplicate keys are still found (by one pass, not by the YAML parser comparing every pair)', async () => {
    const file = join(dir, 'duplicates.yaml');
    writeFileSync(file, 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n    duration: 2s\n');
    const { code, stderr } = await runCli(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('duplicates.yaml:7:5  error[yaml-syntax]: Map keys must be unique: "duration" is given twice');
  });

  it('70,000 aliases in a --pricing file are refused before any is resolved', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 35_000; i++) parts.push(`&${i.toString(36)} 1`, `*${i.toString(36)}`, `*${i.toString(36)}`);
    const pricing = join(dir, 'aliases.yaml');
    writeFileSync(pricing, `service: lambda\nversion: "x"\nlist: [${parts.join(',')}]\n`);
    const { code, stderr } = await runCli(['analyze', join(import.meta.dirname, '..', '..', 'examples', 'api-backend.yaml'), '--pricing', pricing]);
    expect(code).toBe(2);
    expect(stderr).toContain('error[yaml-limits]: the document has 70,000 aliases (*name); the limit is 100');
  });

  /**
   * The work bound counts a long chain's states (the estimate walks a chain of states in one pass,
   * src/engine/work-estimate.ts), so a definition of 10,000 states runs 1,000 samples, about ten
   * seconds, not 10,000 × 10,000 state visits (bench/slow-inputs.mjs measures it).
   */
  it('a chain of 10,000 Task states is bounded by its size (samples reduced to at most 1,000)', () => {
    const states: Record<string, object> = {};
    for (let k = 0; k < 10_000; k++) {
      states[`S${k}`] = { Type: 'Task', Resource: 'arn:aws:lambda:::function:f', ...(k < 9_999 ? { Next: `S${k + 1}` } : { End: true }) };
    }
    writeFileSync(join(dir, 'chain.asl.json'), JSON.stringify({ StartAt: 'S0', States: states }));
    const file = join(dir, 'chain.yaml');
    writeFileSync(file, 'name: chain\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: chain.asl.json }\n');
    const notes: string[] = [];
    expect(boundedSamples(loadWorkloadFile(file), 10_000, notes)).toBeLessThanOrEqual(1_000);
    expect(notes.join(' ')).toMatch(/10,000 steps/);
  });
});
