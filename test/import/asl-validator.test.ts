/**
 * flowcost runs asl-validator with its schema check compiled once (src/import/asl-schema.ts) instead
 * of compiled on every call. Both must find exactly the same: on every definition of the sample
 * corpus (../shared/samples, when present) and on broken ones.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatorsCompared } from '../../src/import/validate-asl.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const broken: unknown[] = [
  { StartAt: 'A', States: { A: { Type: 'Loop', End: true } } },
  { StartAt: 'A', States: { A: { End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Task', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Task', Resource: FUNCTION, Retry: [{ ErrorEquals: ['X'], BackoffRate: '2', MaxAttempts: -1 }], End: true } } },
  { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: -1, End: true } } },
  { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: 'not a date', End: true } } },
  { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, ToleratedFailurePercentage: 150, End: true } } },
  { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', NumericEquals: 'one', Next: 'D' }] }, D: { Type: 'Succeed' } } },
  { StartAt: 'A', QueryLanguage: 'JSONata', States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } } },
  { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'not an arn', End: true } } },
  [],
];

function corpus(): unknown[] {
  let dir = join(import.meta.dirname, '..', '..');
  for (let up = 0; up < 4; up++) {
    dir = dirname(dir);
    const collection = join(dir, 'shared', 'samples', 'aws-step-functions-workflows-collection');
    if (!existsSync(collection)) continue;
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.asl.json') && files.push(join(d, n))));
    walk(collection);
    return files.sort().flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(f, 'utf8')) as unknown];
      } catch {
        return [];
      }
    });
  }
  return [];
}

describe('asl-validator with its schema check compiled once', () => {
  it.each(broken.map((d, i) => [i, d]))('finds what asl-validator finds: broken definition %i', (_, definition) => {
    const { original, compiled } = validatorsCompared(definition);
    expect(compiled).toEqual(original);
  });

  it('finds what asl-validator finds on every .asl.json of the sample corpus', () => {
    const definitions = corpus();
    let differing = 0;
    let invalid = 0;
    for (const definition of definitions) {
      let both: { original: unknown; compiled: unknown };
      try {
        const { original, compiled } = validatorsCompared(definition);
        both = { original, compiled };
        if (original instanceof Array && original.length > 0) invalid++;
      } catch (error) {
        // asl-validator itself throws on some (a state named QueryLanguage): whichever schema check runs.
        both = { original: String(error), compiled: String(error) };
      }
      if (JSON.stringify(both.original) !== JSON.stringify(both.compiled)) differing++;
    }
    expect(differing).toBe(0);
    // Not a vacuous comparison: the corpus holds definitions asl-validator refuses.
    if (definitions.length > 0) expect(invalid).toBeGreaterThan(0);
    if (definitions.length === 0) console.warn('sample corpus absent: compared the broken definitions only');
  }, 120_000);
});
