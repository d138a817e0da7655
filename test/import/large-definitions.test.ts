/**
 * A definition of thousands of states (issue 14.6): the checks that decide which blocks move into
 * Express children are linear (they walked the whole scope for every block), and a warning lists
 * 30 state names and counts the rest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { catalog } from '../helpers.js';

function chain(count: number, loopBack = false) {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-large-'));
  const states: Record<string, unknown> = {};
  for (let k = 0; k < count; k++) {
    states[`S${k}`] = { Type: 'Task', Resource: 'arn:aws:lambda:::function:f', ...(k < count - 1 ? { Next: `S${k + 1}` } : { End: true }) };
  }
  // A Choice near the end that goes back to S1: the blocks it can re-enter cannot be children.
  if (loopBack) {
    states[`S${count - 1}`] = { Type: 'Task', Resource: 'arn:aws:lambda:::function:f', Next: 'Again?' };
    states['Again?'] = { Type: 'Choice', Choices: [{ Variable: '$.again', BooleanEquals: true, Next: 'S1' }], Default: 'Done' };
    states['Done'] = { Type: 'Succeed' };
  }
  writeFileSync(join(dir, 'chain.asl.json'), JSON.stringify({ StartAt: 'S0', States: states }));
  const file = join(dir, 'chain.yaml');
  const yaml = `name: chain\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: chain.asl.json }\n` + (loopBack ? 'states:\n  Again?: { next: { S1: 0.01, Done: 0.99 } }\n' : '');
  return parseWorkload(yaml, file, { root: dir });
}

describe('a definition of thousands of states', () => {
  it('lists 30 of the states left at their defaults and counts the rest', () => {
    const workload = chain(2_000);
    expect(workload.warnings![0]).toMatch(/^2,000 states of .* use default annotations .*: S0, S1, .*, S29 and 1,970 more\. Annotate them under states:\.$/);
  });

  it('moves a long chain into Express children, and no block a loop re-enters', () => {
    const hybrid = (report: ReturnType<typeof analyze>) => report.architectures.find((a) => a.id === 'sfn-hybrid')!;
    const straight = analyze(chain(2_000), catalog, { samples: 200, seed: 1, freeTier: false, architectures: ['sfn-hybrid'] });
    expect(hybrid(straight).notes?.[0]).toMatch(/^Express child 1: S0 → S1 → /);
    const looped = analyze(chain(2_000, true), catalog, { samples: 200, seed: 1, freeTier: false, architectures: ['sfn-hybrid'] });
    // S0 runs once; S1 onwards can be entered again from Again?, so none of them moves into a child.
    for (const note of hybrid(looped).notes ?? []) expect(note).not.toMatch(/S1 →|→ S1\b/);
  }, 60_000);
});
