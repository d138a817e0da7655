/** The schemas are the contract: examples validate, the schema and the code agree on forms. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/io/load-workload.js';
import { FlowcostError } from '../../src/errors/problem.js';
import { DURATION_PATTERN } from '../../src/workload/units.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/types.js';
import { analyzeYaml } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const schema = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8')) as Record<string, unknown>;

describe('workload schema', () => {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml'));

  it('there are examples, and each one loads and validates', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const file of examples) {
      const text = readFileSync(join(root, 'examples', file), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/workload\.schema\.json/);
      expect(() => parseWorkload(text, file)).not.toThrow();
    }
  });

  it('uses the same duration pattern as the unit parser', () => {
    const defs = schema('workload.schema.json')['$defs'] as Record<string, { pattern?: string }>;
    expect(defs['durationString']!.pattern).toBe(DURATION_PATTERN);
  });

  it('is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const name of ['workload.schema.json', 'pricing.schema.json', 'report.schema.json']) {
      expect(() => ajv.compile(schema(name)), name).not.toThrow();
    }
  });
});

describe('problems point at the file', () => {
  function problems(yaml: string) {
    try {
      parseWorkload(yaml, 'w.yaml');
    } catch (error) {
      if (error instanceof FlowcostError) return error.problems;
      throw error;
    }
    throw new Error('expected the workload to be rejected');
  }
  const base = 'name: x\nregion: us-east-1\nexecutionsPerMonth: 10\nsteps:\n';

  it('unknown key: line, column, and a "did you mean"', () => {
    const [problem] = problems(base + '  - task: a\n    duration: 1s\n    memoryMB: 512\n');
    expect(problem).toMatchObject({ code: 'unknown-key', line: 7, column: 5, path: 'steps[0].memoryMB', hint: 'did you mean "memoryMb"?' });
  });

  it('reports every problem, not only the first', () => {
    const found = problems(base + '  - task: a\n    duration: soon\n  - wait: w\n    duration: 1s\n    mode: timr\n');
    expect(found.map((p) => p.path)).toEqual(['steps[0].duration', 'steps[1].mode']);
    expect(found[1]!.hint).toBe('did you mean "timer"?');
    expect(found[0]!.line).toBe(6);
  });

  it('unknown step kind with a hint', () => {
    const [problem] = problems(base + '  - taks: a\n    duration: 1s\n');
    expect(problem!.message).toBe('unknown step kind');
    expect(problem!.hint).toBe('did you mean "task"?');
  });

  it('semantic checks: probabilities, percentiles, duplicate names', () => {
    const found = problems(
      base +
        '  - choice: c\n    branches:\n      - { probability: 0.5, steps: [ { task: a, duration: 1s } ] }\n      - { probability: 0.4, steps: [ { task: a, duration: { p50: 2s, p95: 1s } } ] }\n',
    );
    expect(found.map((p) => p.message)).toEqual([
      'the branch probabilities of choice "c" add up to 0.9, not 1',
      'step name "a" is used twice',
      'p95 (1s) is below p50 (2s)',
    ]);
    expect(found.every((p) => p.line !== undefined)).toBe(true);
  });

  it('YAML syntax errors carry their position', () => {
    const [problem] = problems('name: x\nsteps: [\n  - a\n');
    expect(problem!.code).toBe('yaml-syntax');
    expect(problem!.line).toBeGreaterThanOrEqual(2);
  });
});

describe('report schema', () => {
  it('a real report validates against schemas/report.schema.json', () => {
    const report = analyzeYaml(readFileSync(join(root, 'examples', 'order-fulfilment.yaml'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema('report.schema.json'));
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    expect(report.architectures.map((a) => a.id)).toEqual([...ARCHITECTURE_IDS]);
  });
});
