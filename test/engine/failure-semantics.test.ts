/**
 * Parallel and Map failure semantics on real definitions, against hand counts of AWS's rule
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html): when a branch fails
 * (an unhandled error or a Fail state), the Parallel fails and its other branches stop — states
 * they have not entered are never entered nor billed — and the error caught is the one that
 * happened first in time; a failed iteration fails an inline Map and queued iterations never start.
 * A state that starts at the very moment of the failure (concurrently) is still entered.
 */
import { describe, expect, it } from 'vitest';
import { arch } from '../helpers.js';
import { machineWorkload, perExecution, run } from '../import/helpers.js';

const history = (report: ReturnType<typeof run>) =>
  arch(report, 'sfn-standard').limits.find((l) => l.id === 'standard-history-events')!.observedP99;

describe('either-or-parallel-pattern: a Fail state ends a race of three branches', () => {
  const race = (check1: string, check2: string) =>
    run(
      machineWorkload(
        'real-either-or-parallel.asl.json',
        `  Check If Process1 Completed: { next: { ${check1}: 1 } }\n  Check If Process2 Completed: { next: { ${check2}: 1 } }\n`,
      ),
      200,
    );

  it('neither process completes: the 15 s timeout branch fails first and stops the two polling loops', () => {
    const report = race('Wait Before Getting Process 1 Status', 'Wait Before Getting Process 2 Status');
    // Parallel 1 + each polling branch 4 rounds of Pass, Choice, Wait (at 0, 5, 10 and 15 s) = 12,
    // + TimeoutWait and Ran out of Time (15 s) = 2, + the Catch's "Next Step if Process Ran out of time" = 1.
    expect(perExecution(report)).toMatchObject({ transitions: 1 + 12 + 12 + 2 + 1, failed: 0, durationMs: 15_000 });
    // History: execution 2; Parallel entered, started, failed, exited (caught) 4; 24 states × 2;
    // TimeoutWait 2 + FailStateEntered 1; the Pass 2.
    expect(history(report)).toBe(2 + 4 + 48 + 3 + 2);
  });

  it('process 1 completes at once: its Fail state stops the others after what they entered at the same moment', () => {
    const report = race('Process1 Completed (DummyFailure)', 'Wait Before Getting Process 2 Status');
    // Parallel 1 + branch 1 (Pass, Choice, Fail) 3 + branch 2 (Pass, Choice, Wait) 3 + TimeoutWait 1 + "Next Step If Process1 Completes" 1.
    expect(perExecution(report)).toMatchObject({ transitions: 9, failed: 0, durationMs: 0 });
  });

  it('process 2 completes at once: the error caught is branch 2’s, so its own Catch target follows', () => {
    const report = race('Wait Before Getting Process 1 Status', 'Process2 Completed (DummyFailure)');
    expect(perExecution(report)).toMatchObject({ transitions: 9, failed: 0 });
  });
});

describe('quorum-with-parallel-pattern: the second process to finish ends the Parallel with a Fail state', () => {
  it('processes of 1 s, 2 s and 3 s: the third is stopped after its Lambda invocation started', () => {
    const report = run(
      machineWorkload(
        'real-quorum-parallel.asl.json',
        [
          '  Mock Process 1: { duration: 1s }',
          '  Mock Process 2: { duration: 2s }',
          '  Mock Process 3: { duration: 3s }',
          '  Check If Quorum Met 1: { next: { Wait For Other Processes to Complete or For Time out 1: 1 } }',
          "  Check If Quorum Met 2: { next: { 'Quorum Met (DummyFailure) - 2': 1 } }",
          "  Check If Quorum Met 3: { next: { 'Quorum Met (DummyFailure) - 3': 1 } }",
          '',
        ].join('\n'),
      ),
      200,
    );
    // Log 1 + Parallel 1 + branch 1 (Mock, Update Success, Get Statuses, Count, Check, Pass) 6
    // + branch 2 (the same five, then the Fail) 6 + branch 3 (Mock Process 3, still running at 2.1 s) 1
    // + the timeout branch's 5 s Wait 1 + the Catch: Next Step When Quorum is met, Update, Get 3.
    expect(perExecution(report)).toMatchObject({ transitions: 1 + 1 + 6 + 6 + 1 + 1 + 3, failed: 0 });
    // All three Lambda invocations started (AWS does not stop a running function).
    expect(perExecution(report).invocations).toBe(3);
  });
});

describe('sfn-datazone-update-metadata-cdk: a Map with MaxConcurrency 1 whose first iteration fails', () => {
  it('the queued iterations never start, and the execution fails', () => {
    const report = run(
      machineWorkload(
        'real-datazone-map.asl.json',
        '  Check Assets Found: { next: { Iterate Assets: 1 } }\n  Iterate Assets: { items: 5 }\n' +
          '  Update metadata form for Asset: { failureRate: 1, error: Custom.Error }\n',
      ),
      200,
    );
    // Start State, Find assets, Check Assets Found, the Map, and one Update attempt (its retrier does
    // not take Custom.Error): 5, not the 4 + 5 of running every item.
    expect(perExecution(report)).toMatchObject({ transitions: 5, invocations: 2, failed: 1 });
  });
});
