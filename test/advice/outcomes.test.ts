/**
 * Issue 15.7: how executions fail, said as it happens — after exhausting their retries, in a Fail
 * state, running away — and how many survive a caught error; the shares add up, in the JSON and the words.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { analyzeYaml, catalog } from '../helpers.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const machine = (definition: string, states: string, samples = 20_000) =>
  analyze(
    parseWorkload(`name: t\nregion: us-east-1\nexecutionsPerMonth: 100000\nstateMachine:\n  definition: ${definition}\nstates:\n${states}`, join(fixtures, 'w.yaml')),
    catalog,
    { samples, seed: 3, freeTier: false },
  );

describe('execution outcomes', () => {
  const report = machine(
    'outcomes.asl.json',
    '  Charge: { duration: 100ms, failureRate: 0.2 }\n  Look up: { duration: 50ms, failureRate: 0.3 }\n  Route: { next: { Rejected: 0.25, Done: 0.75 } }\n',
  );
  const { outcomes, failureProbability } = report.simulation;

  it('separates a task out of retries (0.2² = 4%), a Choice into a Fail state (96% × 25% = 24%) and a caught error (96% × 30%)', () => {
    expect(outcomes.failedAfterRetries).toBeCloseTo(0.04, 2);
    expect(outcomes.endedInFailState).toBeCloseTo(0.24, 2);
    expect(outcomes.ranAway).toBe(0);
    expect(outcomes.caughtAndHandled).toBeCloseTo(0.288, 2);
    expect(outcomes.failedAfterRetries + outcomes.endedInFailState + outcomes.ranAway).toBeCloseTo(failureProbability, 12);
  });

  it('says each in words, with its own share', () => {
    const sentence = report.recommendation.reasons.find((r) => r.startsWith('In every architecture'));
    expect(sentence).toMatch(/^In every architecture, 4(\.\d+)?% of executions fail after exhausting their retries and 2\d(\.\d+)?% end in a Fail state; in 2\d(\.\d+)?% an error is caught and handled by a Catch\.$/);
  });

  it('a loop of Pass states runs away: never "after exhausting their retries"', () => {
    const loop = machine('pass-loop.asl.json', '  Work: { duration: 10ms }\n  Keep going?: { next: { Again: 1, Done: 0 } }\n', 1_000);
    expect(loop.simulation.outcomes.ranAway).toBe(1);
    expect(loop.simulation.outcomes.failedAfterRetries).toBe(0);
    const words = loop.recommendation.reasons.join('\n');
    expect(words).toContain('100% of executions run away (a loop that never ends: flowcost stops one after 50,000 states)');
    expect(words).not.toContain('retries');
  });

  it('a step tree without failures says nothing about them', () => {
    const quiet = analyzeYaml('name: q\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: a\n    duration: 10ms\n');
    expect(quiet.simulation.outcomes).toEqual({ failedAfterRetries: 0, endedInFailState: 0, ranAway: 0, caughtAndHandled: 0 });
    expect(quiet.recommendation.reasons.join('\n')).not.toMatch(/fail|Catch/);
  });

  it('a failed Parallel fails as its first failure in time: the quick Fail state before the slow task', () => {
    const parallel = machine('parallel-fail.asl.json', '  Slow: { duration: 1s, failureRate: 0.9 }\n  Quick check: { next: { Give up: 0.5, Fine: 0.5 } }\n');
    expect(parallel.simulation.outcomes.endedInFailState).toBeCloseTo(0.5, 2);
    expect(parallel.simulation.outcomes.failedAfterRetries).toBeCloseTo(0.45, 2);
  });
});
