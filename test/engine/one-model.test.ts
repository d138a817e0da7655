/**
 * Every feature on both inputs (issue 13): what used to work for step trees only now works for
 * imported definitions — Express children of a Distributed Map billed, the hybrid's grouping and
 * its parent's history, sweeps by states.<name>.…, the timeline in every architecture.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { FlowcostError } from '../../src/errors/problem.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { sweep } from '../../src/sweep/sweep.js';
import { parseVary } from '../../src/sweep/parameter.js';
import { arch, catalog, line, timelineOf, workload } from '../helpers.js';
import { EXECUTIONS, machineWorkload, run } from '../import/helpers.js';

const scatterGather = join(import.meta.dirname, '..', '..', 'examples', 'imported', 'scatter-gather.yaml');

describe('a Distributed Map with EXPRESS children', () => {
  // 100 children of one 100 ms Lambda task: each child is an Express execution of 100 ms at 64 MB
  // (50 MB + its share of the definition + payload × 0 Map/Parallel steps → one 64 MB chunk).
  const report = run(machineWorkload('distributed-express.asl.json', '  Process files: { items: 100 }\n'), 500);
  const gbHoursPerChild = (100 / 3_600_000) * (64 / 1024);

  it('bills each child as an Express request and its own 100 ms of duration, in Standard and the hybrid', () => {
    for (const id of ['sfn-standard', 'sfn-hybrid'] as const) {
      expect(line(report, id, 'express-requests').quantity).toBeCloseTo(100 * EXECUTIONS, 3);
      expect(line(report, id, 'express-requests').usd).toBeCloseTo(100, 6); // 100M requests × $1.00/M
      expect(line(report, id, 'express-duration').quantity).toBeCloseTo(100 * EXECUTIONS * gbHoursPerChild, 6);
      // 173.61 GB-hours, all in the first tier at $0.06
      expect(line(report, id, 'express-duration').usd).toBeCloseTo(100 * EXECUTIONS * gbHoursPerChild * 0.06, 6);
    }
    // and the parent's one transition per child, the Map state itself: 101
    expect(arch(report, 'sfn-standard').transitionsPerExecution.mean).toBeCloseTo(101, 6);
    expect(arch(report, 'sfn-standard').limits.find((l) => l.id === 'express-child-duration')).toMatchObject({ status: 'ok', observedP99: 100 });
  });
});

describe('sfn-hybrid on imported definitions', () => {
  it('moves the short states of scatter-gather into an Express child, keeping the callback in the parent', () => {
    const report = analyze(loadWorkloadFile(scatterGather), catalog, { samples: 5_000, seed: 1, freeTier: false });
    const notes = arch(report, 'sfn-hybrid').notes!.join(' ');
    expect(notes).toMatch(/Express child 1: Validate order → Get quotes/);
    expect(notes).not.toMatch(/Approve/);
    expect(arch(report, 'sfn-hybrid').monthlyCost.total).toBeLessThan(arch(report, 'sfn-standard').monthlyCost.total);
  });

  it('leaves the events of states moved into children out of the parent’s 25,000-event history', () => {
    // 4,000 items of two 10 ms tasks: 4 + 4,000 × (2 + 2 × 5) = 48,004 events in Standard, which breaks
    // its history limit; in the hybrid the Map runs in an Express child, whose states write no history.
    const report = analyze(
      workload(`name: big-map
region: us-east-1
executionsPerMonth: 10000
steps:
  - task: prepare
    duration: 200ms
  - map: fan
    items: 4000
    maxConcurrency: 40
    steps:
      - { task: transform, duration: 10ms }
      - { task: store, duration: 10ms }
  - wait: cool-down
    duration: 1h
`),
      catalog,
      { samples: 200, seed: 1, freeTier: false },
    );
    const history = (id: 'sfn-standard' | 'sfn-hybrid') => arch(report, id).limits.find((l) => l.id === 'standard-history-events')!;
    expect(history('sfn-standard')).toMatchObject({ status: 'exceeded', observedP99: 2 + 5 + 4 + 4_000 * 12 + 2 });
    expect(arch(report, 'sfn-hybrid').notes!.join(' ')).toMatch(/Express child 1: prepare → fan/);
    // The parent: execution 2, the Task that starts the child 6, the Wait 2.
    expect(history('sfn-hybrid')).toMatchObject({ status: 'ok', observedP99: 2 + 6 + 2 });
    expect(arch(report, 'sfn-hybrid').feasible).toBe(true);
  });
});

describe('sweeps of an imported definition', () => {
  it('vary states.<name>.duration and states.<name>.callbackWait', () => {
    const w = loadWorkloadFile(scatterGather);
    expect(parseVary('states.Get quote.duration=100ms..2s', w)).toMatchObject({ parameter: { kind: 'duration', step: 'Get quote' } });
    const vary = parseVary('states.Approve.callbackWait=1m..30d', w);
    const result = sweep(w, catalog, vary, { steps: 3, scale: 'log', analyze: { samples: 500, seed: 1, freeTier: false } });
    expect(result.points).toHaveLength(3);
    // Express stops fitting early (callbacks); Standard fits throughout: the answer is Standard-based.
    expect(result.points.every((p) => p.recommendation !== 'sfn-express')).toBe(true);
    try {
      parseVary('states.Get qoute.duration=1s..2s', w);
      expect.unreachable('a misspelt state must be refused');
    } catch (error) {
      expect((error as FlowcostError).problems[0]).toMatchObject({ message: expect.stringMatching(/no state named "Get qoute"/), hint: 'did you mean states.Get quote.duration?' });
    }
  });
});

describe('the timeline of an imported definition', () => {
  it('draws the typical execution in all six architectures', () => {
    const timeline = timelineOf(loadWorkloadFile(scatterGather), 1);
    expect(timeline.architectures.map((a) => a.architecture)).toEqual(['lambda', 'sfn-standard', 'sfn-express', 'lambda-durable', 'sfn-hybrid', 'lambda-chain', 'lambda-managed', 'lambda-microvm']);
    for (const a of timeline.architectures) expect(a.spans.length).toBeGreaterThan(3);
    const standard = timeline.architectures.find((a) => a.architecture === 'sfn-standard')!;
    expect(standard.spans.find((s) => s.step === 'Approve' && s.kind === 'callback')?.category).toBe('freeWait');
  });
});
