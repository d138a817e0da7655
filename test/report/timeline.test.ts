import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/engine/compile.js';
import { ExecutionRecord } from '../../src/engine/execution.js';
import { Random } from '../../src/engine/random.js';
import { ExecutionRunner, type TraceEvent } from '../../src/engine/run.js';
import { timelineOf, workload } from '../helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const example = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'examples', `${name}.yaml`), 'utf8');

describe('trace hook', () => {
  it.each(['order-fulfilment', 'nightly-export-polling', 'webhook-with-delay'])('changes no draw and no result (%s)', (name) => {
    const w = workload(example(name));
    const plain = new ExecutionRecord();
    const traced = new ExecutionRecord();
    const a = new ExecutionRunner(compilePlan(w), new Random(3), plain);
    let events = 0;
    const b = new ExecutionRunner(compilePlan(w), new Random(3), traced, () => events++);
    for (let i = 0; i < 300; i++) {
      a.run();
      b.run();
      expect(Array.from(traced.values)).toEqual(Array.from(plain.values));
    }
    expect(events).toBeGreaterThan(0);
  });

  it('places steps on both clocks: sequence, parallel branches, retries', () => {
    const w = workload(
      'name: t\nregion: us-east-1\nexecutionsPerMonth: 1\nstepFunctions: { transitionOverhead: 10ms }\nsteps:\n' +
        '  - task: a\n    duration: 100ms\n  - wait: w\n    duration: 1s\n' +
        '  - parallel: p\n    branches:\n      - [ { task: b, duration: 300ms } ]\n      - [ { task: c, duration: 200ms } ]\n',
    );
    const events: TraceEvent[] = [];
    new ExecutionRunner(compilePlan(w), new Random(1), new ExecutionRecord(), (e) => events.push(e)).run();
    const at = (step: string, clock: 'lambda' | 'sfn') => events.filter((e) => e.step === step && e.clock === clock).map((e) => [e.startMs, e.endMs]);
    expect(at('a', 'lambda')).toEqual([[0, 100]]);
    expect(at('w', 'lambda')).toEqual([[100, 1100]]);
    expect(at('b', 'lambda')).toEqual([[1100, 1400]]);
    expect(at('c', 'lambda')).toEqual([[1100, 1300]]);
    // sfn: 10 ms of transition overhead after each state
    expect(at('a', 'sfn')).toEqual([[0, 100]]);
    expect(at('w', 'sfn')).toEqual([[110, 1110]]);
    expect(at('b', 'sfn')).toEqual([[1120, 1420]]);
    expect(at('c', 'sfn')).toEqual([[1120, 1320]]);
  });
});

describe('sampleTimeline', () => {
  it('colours waiting as billed in the function and Express, free in Standard; Map items get rows of their own', () => {
    const t = timelineOf(workload(example('order-fulfilment')), 1);
    const of = (id: string) => t.architectures.find((a) => a.architecture === id)!;
    const category = (id: string, step: string) => of(id).spans.find((s) => s.step === step)!.category;
    expect(category('lambda', 'manager-approval')).toBe('billedWait');
    expect(category('sfn-standard', 'manager-approval')).toBe('freeWait');
    expect(category('sfn-express', 'manager-approval')).toBe('billedWait');
    expect(category('sfn-standard', 'validate-order')).toBe('compute');
    const shipRows = new Set(of('sfn-standard').spans.filter((s) => s.step === 'ship-one').map((s) => s.row));
    const shipSpans = of('sfn-standard').spans.filter((s) => s.step === 'ship-one').length;
    expect(shipRows.size).toBe(shipSpans); // 10 concurrent slots: every item overlaps the others
    expect(timelineOf(workload(example('order-fulfilment')), 1)).toEqual(t);
  });
});
