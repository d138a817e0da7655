/** Policies: entry forms, defaults, presets and overrides, and every kind of mistake with its position. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ASSERTION_IDS, ASSERTIONS, normalizePolicy, PRESET_IDS, PRESETS, type OptionSpec } from '../../src/gate/policy.js';
import { parsePolicy } from '../../src/io/load-policy.js';
import { locate, policy } from './reports.js';

const problemsOf = (data: unknown) => {
  const result = normalizePolicy(data, locate);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.problems;
};

describe('policy entries', () => {
  it('reads level, [level] and [level, options]; fills defaults; keeps off entries for the record', () => {
    const p = policy({
      decision: 'sfn-express',
      assertions: {
        'decision-feasible': ['error'],
        'limit-headroom': 'warn',
        'max-monthly-cost': ['error', { usd: 500 }],
        'cheaper-alternative': 'off',
      },
    });
    expect(p.decision).toBe('sfn-express');
    expect(p.decisionAt).toEqual({ file: 'policy.yaml', line: 2, column: 3 });
    expect(p.assertions).toEqual([
      { id: 'decision-feasible', level: 'error', options: {}, origin: 'policy', at: { file: 'policy.yaml', line: 5, column: 3 } },
      { id: 'max-monthly-cost', level: 'error', options: { usd: 500 }, origin: 'policy', at: { file: 'policy.yaml', line: 6, column: 3 } },
      { id: 'limit-headroom', level: 'warn', options: { maxRatio: 0.8 }, origin: 'policy', at: { file: 'policy.yaml', line: 8, column: 3 } },
      { id: 'cheaper-alternative', level: 'off', options: { minSavingsPercent: 25 }, origin: 'policy', at: { file: 'policy.yaml', line: 9, column: 3 } },
    ]);
  });

  it('extends a preset: its entries come from the preset (at the extends line) unless overridden; options merge', () => {
    const p = policy({ decision: 'lambda', extends: 'strict', assertions: { 'limit-headroom': 'warn', 'cheaper-alternative': 'off' } });
    expect(p.preset).toBe('strict');
    const byId = Object.fromEntries(p.assertions.map((a) => [a.id, a]));
    expect(byId['decision-feasible']).toMatchObject({ level: 'error', origin: 'strict', at: { line: 3 } });
    // the level is the policy's, the ratio the preset's
    expect(byId['limit-headroom']).toMatchObject({ level: 'warn', options: { maxRatio: 0.8 }, origin: 'policy', at: { line: 8 } });
    expect(byId['cheaper-alternative']).toMatchObject({ level: 'off', options: { minSavingsPercent: 10 } });
    expect(byId['max-cost-increase']).toBeUndefined();
  });

  it('presets never turn on max-cost-increase (it needs a baseline) and name only known assertions', () => {
    for (const id of PRESET_IDS) {
      const entries = PRESETS[id] as Record<string, unknown>;
      expect(entries['max-cost-increase'], id).toBeUndefined();
      for (const name of Object.keys(entries)) expect(ASSERTION_IDS).toContain(name);
    }
  });

  it('a budget without its option is a problem unless the assertion is off', () => {
    const [problem] = problemsOf({ decision: 'lambda', assertions: { 'max-monthly-cost': 'error' } });
    expect(problem).toMatchObject({
      code: 'semantic',
      line: 6,
      path: 'assertions.max-monthly-cost',
      message: 'max-monthly-cost needs the option "usd"',
      hint: 'write e.g. max-monthly-cost: [error, { usd: 500 }]',
    });
    expect(policy({ decision: 'lambda', assertions: { 'max-monthly-cost': 'off' } }).assertions[0]).toMatchObject({ level: 'off', options: {} });
  });
});

describe('policy mistakes', () => {
  it('unknown assertion: unknown-key with a "did you mean", at the key', () => {
    const [problem] = problemsOf({ decision: 'lambda', assertions: { 'max-monthy-cost': ['error', { usd: 1 }] } });
    expect(problem).toMatchObject({
      code: 'unknown-key',
      path: 'assertions.max-monthy-cost',
      message: 'unknown assertion "max-monthy-cost"',
      hint: 'did you mean "max-monthly-cost"?',
    });
  });

  it('unknown preset, level, option, top-level key; out-of-range options; all reported at once', () => {
    const problems = problemsOf({
      decision: 'lambda',
      extends: 'recomended',
      assertion: {},
      assertions: {
        'decision-feasible': 'eror',
        'limit-headroom': ['warn', { maxRatio: 1.5 }],
        'cheaper-alternative': ['warn', { minSavingPercent: 10 }],
        'max-cost-increase': ['warn', { percent: 5 }, 'extra'],
      },
    });
    expect(problems.map((p) => [p.message, p.hint])).toEqual(
      expect.arrayContaining([
        ['unknown key "assertion"', 'did you mean "assertions"?'],
        ['unknown preset "recomended"', 'did you mean "recommended"?'],
        ['the level of decision-feasible must be one of off, warn, error', 'did you mean "error"?'],
        ['limit-headroom option maxRatio must be a number > 0 and ≤ 1', 'write e.g. limit-headroom: [error, { maxRatio: 0.8 }]'],
        ['cheaper-alternative has no option "minSavingPercent"', 'did you mean "minSavingsPercent"?'],
        ['max-cost-increase must be a level or [level, options]', 'write e.g. max-cost-increase: [error, { percent: 10 }]'],
      ]),
    );
    expect(problems).toHaveLength(6);
    const lines = problems.map((p) => p.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('no decision, or not a mapping', () => {
    expect(problemsOf({ assertions: {} })[0]!.message).toBe('the policy names no decision');
    expect(problemsOf(['decision', 'lambda'])[0]!.message).toBe('a policy must be a mapping');
  });
});

describe('policy schema agrees with the code', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'policy.schema.json'), 'utf8')) as {
    $id: string;
    properties: { extends: { enum: string[] }; assertions: { properties: Record<string, unknown> } };
  };
  const validate = new Ajv2020({ strict: false }).compile(schema);
  const accepts = (assertions: Record<string, unknown>) => validate({ decision: 'lambda', assertions });
  const normalizes = (assertions: Record<string, unknown>) => normalizePolicy({ decision: 'lambda', assertions }).ok;

  it('has an $id, the same assertions and presets', () => {
    expect(schema.$id).toBe('https://flowcost.dev/schemas/policy.schema.json');
    expect(Object.keys(schema.properties.assertions.properties)).toEqual(ASSERTION_IDS);
    expect(schema.properties.extends.enum).toEqual(PRESET_IDS);
  });

  it('accepts and rejects the same entries as the normalizer', () => {
    for (const id of ASSERTION_IDS) {
      const specs = Object.entries(ASSERTIONS[id].options) as [string, OptionSpec][];
      const example = Object.fromEntries(specs.map(([name, spec]) => [name, spec.example]));
      const cases: [unknown, string][] = [
        ['off', 'off'],
        [['warn', example], 'with its example options'],
        [specs.length > 0 ? ['error', { ...example, bogus: 1 }] : ['error', { bogus: 1 }], 'an unknown option'],
        ['fatal', 'an unknown level'],
        ['error', 'a bare level'],
        ...specs.map(([name, spec]): [unknown, string] => [['error', { ...example, [name]: spec.minimum - 1 }], `${name} below its minimum`]),
        ...specs.filter(([, spec]) => spec.maximum !== undefined).map(([name, spec]): [unknown, string] => [['error', { ...example, [name]: spec.maximum! + 1 }], `${name} above its maximum`]),
      ];
      for (const [entry, what] of cases) {
        expect(accepts({ [id]: entry }), `${id}: ${what} (schema)`).toBe(normalizes({ [id]: entry }));
      }
    }
  });

  it('the example policies validate against the schema and normalize', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples', 'policies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/policy\.schema\.json/);
      expect(() => parsePolicy(text, file)).not.toThrow();
    }
  });
});
