/**
 * Issue 15, defect 9: what people naturally write. `failureRate: 2%` and `executionsPerMonth: 3M`
 * are accepted in files (and the schema says so, with the parser's own patterns); `40min` and
 * `0.8sec` get the list of units and a "did you mean"; error lines name the field path and read
 * as a person would write them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowcostError } from '../../src/errors/problem.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { COUNT_PATTERN, parseCount, parsePercent, PERCENT_PATTERN, suggestDuration } from '../../src/workload/units.js';
import { states } from '../../src/workload/graph.js';
import { MAX_EXECUTIONS_PER_MONTH } from '../../src/workload/values.js';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'workload.schema.json'), 'utf8')) as {
  properties: { executionsPerMonth: { anyOf: { pattern?: string; maximum?: number }[] } };
  $defs: { share: { anyOf: { pattern?: string }[] } };
};

function problems(yaml: string): FlowcostError['problems'] {
  try {
    parseWorkload(yaml, 'w.yaml');
  } catch (error) {
    if (error instanceof FlowcostError) return error.problems;
    throw error;
  }
  return [];
}

const base = (fields: string) => `name: w\nregion: us-east-1\n${fields}`;

describe('the schema and the parsers agree', () => {
  it('share (percentages), executionsPerMonth (counts) use the parsers\' patterns and cap', () => {
    expect(schema.$defs.share.anyOf[1]!.pattern).toBe(PERCENT_PATTERN);
    expect(schema.properties.executionsPerMonth.anyOf[1]!.pattern).toBe(COUNT_PATTERN);
    expect(schema.properties.executionsPerMonth.anyOf[0]!.maximum).toBe(MAX_EXECUTIONS_PER_MONTH);
  });

  it('parses percentages, counts, and guesses the duration meant', () => {
    expect(parsePercent('2%')).toBe(0.02);
    expect(parsePercent(' 0.5 % ')).toBe(0.005);
    expect(parsePercent('100%')).toBe(1);
    expect(parsePercent('101%')).toBeUndefined();
    expect(parseCount('3M')).toBe(3_000_000);
    expect(parseCount('250k')).toBe(250_000);
    expect(parseCount('1.5B')).toBe(1_500_000_000);
    expect(parseCount('3m')).toBeUndefined();
    expect(suggestDuration('40min')).toBe('40m');
    expect(suggestDuration('0.8sec')).toBe('0.8s');
    expect(suggestDuration('2 hours')).toBe('2h');
    expect(suggestDuration('1w')).toBe('7d');
    expect(suggestDuration('120')).toBe('120ms');
    expect(suggestDuration('fast')).toBeUndefined();
  });
});

describe('accepted in workload files', () => {
  it('failureRate: 2% is 0.02 (steps and state annotations), executionsPerMonth: 3M is 3,000,000', () => {
    const steps = parseWorkload(base('executionsPerMonth: 3M\nsteps:\n  - task: t\n    duration: 1s\n    failureRate: 2%\n'), 'w.yaml');
    expect(steps.executionsPerMonth).toBe(3_000_000);
    expect([...states(steps.graph)][0]).toMatchObject({ kind: 'task', failureRate: 0.02 });
    const cold = parseWorkload(base('executionsPerMonth: 250k\nlambda: { coldStarts: { probability: 1%, init: 300ms } }\nsteps:\n  - task: t\n    duration: 1s\n'), 'w.yaml');
    expect(cold.executionsPerMonth).toBe(250_000);
    expect(cold.singleFunction.coldStart?.probability).toBe(0.01);
  });

  it('a state annotation takes failureRate: 2%', () => {
    const text = readFileSync(join(root, 'examples', 'imported', 'scatter-gather.yaml'), 'utf8').replace(/failureRate: 0\.02/, 'failureRate: 2%');
    expect(text).toContain('failureRate: 2%');
    const workload = parseWorkload(text, join(root, 'examples', 'imported', 'scatter-gather.yaml'));
    expect([...states(workload.graph)].some((s) => s.kind === 'task' && s.name === 'Get quote' && s.failureRate === 0.02)).toBe(true);
  });
});

describe('errors read as a person would write them', () => {
  it.each([
    ['40min', '40m'],
    ['0.8sec', '0.8s'],
    ['3 hours', '3h'],
  ])('duration: %s → did you mean %s, with the units listed', (written, meant) => {
    const [problem] = problems(base(`executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: ${written}\n`));
    expect(problem).toMatchObject({ path: 'steps[0].duration', line: 6 });
    expect(problem!.message).toBe(`steps[0].duration: "${written}" is not a duration`);
    expect(problem!.hint).toContain(`did you mean ${meant}?`);
    expect(problem!.hint).toContain('ms, s, m (minutes), h or d');
  });

  it('a distribution with a unit typo gets the hint too', () => {
    const [problem] = problems(base('executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: { p50: 40min, p95: 2h }\n'));
    expect(problem!.message).toBe('steps[0].duration.p50: "40min" is not a duration');
    expect(problem!.hint).toContain('did you mean 40m?');
  });

  it('numbers out of range, wrong types, non-finite numbers: the path first, then plain words', () => {
    const memory = problems(base('executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n    memoryMb: 20000\n'))[0]!;
    expect(memory.message).toBe('steps[0].memoryMb: 20000 is more than the maximum of 10,240');
    expect(memory.expected).toBe('at most 10,240');
    const quoted = problems(base('executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n    memoryMb: "1024"\n'))[0]!;
    expect(quoted.message).toBe('steps[0].memoryMb: "1024" is not a whole number (it is quoted text)');
    const nan = problems(base('executionsPerMonth: .nan\nsteps:\n  - task: t\n    duration: 1s\n'))[0]!;
    expect(nan.message).toBe('executionsPerMonth: .nan is not a finite number');
    expect(nan.path).toBe('executionsPerMonth');
    const rate = problems(base('executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n    failureRate: 1.5\n'))[0]!;
    expect(rate.message).toBe('steps[0].failureRate: 1.5 is more than the maximum of 1');
    const percent = problems(base('executionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n    failureRate: 2 percent\n'))[0]!;
    expect(percent.message).toBe('steps[0].failureRate: "2 percent" is not a probability');
    expect(percent.hint).toBe('did you mean 2%?');
    for (const problem of [memory, quoted, nan, rate, percent]) {
      expect(`${problem.message} ${problem.expected ?? ''}`).not.toMatch(/must be (number|<=|>=)|must NOT/);
    }
  });

  it('executionsPerMonth: 3m (minutes? millions?) and 2000B (over the cap) are refused with what to write', () => {
    const lower = problems(base('executionsPerMonth: 3m\nsteps:\n  - task: t\n    duration: 1s\n'))[0]!;
    expect(lower.message).toBe('executionsPerMonth: "3m" is not a number of executions');
    expect(lower.hint).toContain('did you mean 3M?');
    const over = problems(base('executionsPerMonth: 2000B\nsteps:\n  - task: t\n    duration: 1s\n'))[0]!;
    expect(over.message).toBe('executionsPerMonth: 2000B is more than flowcost prices, 1,000,000,000,000 a month');
    expect(over.line).toBe(3);
    const zero = problems(base('executionsPerMonth: 0\nsteps:\n  - task: t\n    duration: 1s\n'))[0]!;
    expect(zero.message).toBe('executionsPerMonth: 0 must be more than 0');
  });

  it('the terminal line reads "expected at most 10,240; found 20000", never "expected must be <= 10240"', async () => {
    const result = await runCli(['validate', join(root, 'test', 'bad-inputs', 'memory-too-large.yaml')]);
    expect(result.stderr).toMatch(/memoryMb: 20000 is more than the maximum of 10,240/);
    expect(result.stderr).toContain('expected at most 10,240');
    expect(result.stderr).not.toMatch(/must be <=|must be number/);
  });
});
