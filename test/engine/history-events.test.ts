/**
 * Standard's execution history, counted per state type as Step Functions records it (event types of
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html), against hand
 * counts: the same rules for step trees and imported definitions (one runner).
 */
import { describe, expect, it } from 'vitest';
import { arch, workload } from '../helpers.js';
import { machineWorkload, run } from '../import/helpers.js';
import { analyze } from '../../src/analyze.js';
import { catalog } from '../helpers.js';
import type { Report } from '../../src/report/model.js';
import type { Workload } from '../../src/workload/types.js';

function events(report: Report, id: 'sfn-standard' | 'sfn-hybrid' = 'sfn-standard'): number {
  return arch(report, id).limits.find((l) => l.id === 'standard-history-events')!.observedP99;
}

const analyzed = (w: Workload) => analyze(w, catalog, { samples: 200, seed: 1, freeTier: false });

describe('history events per state type', () => {
  it('a retried task writes one TaskStateEntered and three events per attempt; a caught error still exits the state', () => {
    // ExecutionStarted/Succeeded 2; Call: Entered 1, 3 attempts × (Scheduled, Started, Failed) 9, Exited 1 (caught);
    // Handled: Entered, Exited 2.
    const report = run(machineWorkload('history/retried-and-caught.asl.json', '  Call: { failureRate: 1, error: Custom.Error }\n'), 200);
    expect(events(report)).toBe(2 + 1 + 9 + 1 + 2);
    expect(arch(report, 'sfn-standard').transitionsPerExecution.mean).toBe(3 + 1);
  });

  it('.sync and .waitForTaskToken tasks add TaskSubmitted', () => {
    // 2 + Job (Entered, Scheduled, Started, Submitted, Succeeded, Exited) 6 + Approve the same 6.
    const report = run(machineWorkload('history/sync-and-callback.asl.json', '  Job: { duration: 10m }\n  Approve: { callbackWait: 1h }\n'), 200);
    expect(events(report)).toBe(2 + 6 + 6);
  });

  it('Parallel and Map write Started/Succeeded, Map one pair per iteration, a Parallel branch none; a Fail state only its entry', () => {
    // 2 + Both (Entered, Started, Succeeded, Exited) 4 + Left 2 + Right 2
    //   + Each (4) + 3 × (MapIterationStarted, MapIterationSucceeded 2 + One 2) + Stop (FailStateEntered) 1.
    const report = run(machineWorkload('history/parallel-and-map.asl.json', '  Each: { items: 3 }\n'), 200);
    expect(events(report)).toBe(2 + 4 + 4 + 4 + 12 + 1);
  });

  it('a Distributed Map writes its Map Run, not its children’s states', () => {
    // 2 + Fan out (Entered, MapStateStarted, MapRunStarted, MapRunSucceeded, MapStateSucceeded, Exited) 6.
    const report = run(machineWorkload('history/distributed.asl.json', '  Fan out: { items: 1000 }\n'), 200);
    expect(events(report)).toBe(2 + 6);
  });

  it('a step tree counts the same way: a polling loop writes nine events a round', () => {
    const report = analyzed(
      workload(`name: poll
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: start
    duration: 100ms
  - wait: done
    mode: poll
    duration: 95s
    interval: 10s
    check: { duration: 50ms }
`),
    );
    // 2 + start 5 + 10 rounds × (Wait 2, Task 2 + 3, Choice 2).
    expect(events(report)).toBe(2 + 5 + 10 * 9);
  });
});
