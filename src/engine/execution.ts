/**
 * What one simulated execution did, in terms every architecture can bill from. The engine fills
 * one of these per sample (the same record, reset each time: no per-sample allocation).
 *
 * The record is declared once, in RECORD_FIELDS: a new observation is one line there. Its values
 * live in one Float64Array; `kind` says how a field behaves when part of an execution is simulated
 * on a subset and scaled up (huge Maps, long polling loops): counts scale, maxima and values do not.
 */

/** A wait longer than this cannot ride on an SQS delay (900 s): a chain schedules it instead. */
export const LONG_WAIT_MS = 900_000;

type FieldKind = 'count' | 'max' | 'value' | 'flag';

export const RECORD_FIELDS = [
  ['lambdaWallMs', 'value', 'Wall time of the whole job run inline in one function (waits and retry sleeps included)'],
  ['sfnWallMs', 'value', 'Wall time as a Step Functions workflow (adds transition overhead; inline Map runs a sliding window)'],
  ['transitions', 'count', 'Step Functions states entered, each retry again (Standard’s billed transitions)'],
  ['historyEvents', 'count', 'Standard execution history events (the 25,000-event limit)'],
  ['taskInvocations', 'count', 'Lambda invocations made by task states (each attempt, each poll check)'],
  ['taskMbMs', 'count', 'Σ over task invocations of billed ms (rounded up to 1 ms, capped at the timeout) × memory MB'],
  ['taskInitMbMs', 'count', 'Σ over task invocations of INIT ms (cold starts) × memory MB'],
  ['taskStorageMbMs', 'count', 'Σ over task invocations of billed ms × ephemeral storage above 512 MB'],
  ['singleInitMs', 'value', 'INIT phase of the single function in this execution (0 when warm)'],
  ['taskTimeoutRatio', 'max', 'Longest task invocation, as a fraction of its own Lambda timeout (> 1: it timed out)'],
  ['callbackWaits', 'count', 'Callback (task-token) and activity waits reached'],
  // issue 18.3: in a chain, a step's function calls the service and waits for it (billed, bound by its timeout).
  ['serviceCalls', 'count', 'Attempts of tasks that call another service directly and wait for it (a request or a .sync job, not a callback)'],
  ['serviceCallMbMs', 'count', 'Σ over those of the call (or job) in ms, rounded up, × the memory of a function that would wait for it'],
  ['serviceCallTimeoutRatio', 'max', 'The longest of those calls as a fraction of that function’s timeout (> 1: a function waiting for it times out)'],
  ['stateTimeoutRatio', 'max', 'The longest state as a fraction of its TimeoutSeconds, or the execution of the machine’s (> 1: it timed out)'],
  ['heartbeatRatio', 'max', 'The longest task as a fraction of its HeartbeatSeconds (> 1: it needs heartbeats)'],
  ['syncJobs', 'count', '`.sync` jobs run (Express supports neither them nor activities)'],
  ['mapParallelUnits', 'count', 'Map iterations plus Parallel branches run (Express’s memory estimate multiplies payload by it)'],
  ['taskBilledMs', 'count', 'Σ over task invocations of billed ms (rounded up per invocation), whatever their memory'],
  ['singleFunctionBilledMs', 'count', 'The same, with each task as long as it runs at the single function’s memory (its durationByMemory curve)'],
  ['waits', 'count', 'Waits that suspend a durable function or hand over a chain: timer and callback waits, poll intervals'],
  ['longWaits', 'count', 'Of those, the ones longer than 15 minutes'],
  ['coldResumes', 'count', 'Of the waits a durable function suspends for, the ones longer than it keeps warm (lambdaDurable.keepWarm): it resumes cold'], // issue 18
  ['retries', 'count', 'Retry attempts (after a delay, they too suspend or hand over)'],
  ['longestStretchMs', 'max', 'Longest run of computing between two suspensions (a durable invocation, a chain segment)'],
  ['childExpressRequests', 'count', 'EXPRESS child executions a Distributed Map started (each an Express request)'],
  ['childExpressGbHours', 'count', 'GB-hours those children are billed (each rounded up to 100 ms, at its own memory in 64 MB chunks)'],
  ['childExpressMaxMs', 'max', 'The longest EXPRESS child execution (Express stops it at 5 minutes)'],
  ['failed', 'flag', 'The execution ended with an error nothing caught'],
  // issue 15.7: how an execution failed, and the errors it survived (one of the three flags is set when `failed` is).
  ['failedAfterRetries', 'flag', 'It failed with a task’s error that no Retrier took (any more) and no Catch caught'],
  ['endedInFailState', 'flag', 'It ended in a Fail state (reached through a Choice or a Catch)'],
  ['ranAway', 'flag', 'It was stopped at the runaway bound: a loop that never ends'],
  ['caughtErrors', 'count', 'Errors a Catch caught and handled (the execution went on at the Catch’s Next)'],
  ['approximated', 'flag', 'Part of this execution was simulated on a subset and scaled up (huge Map or polling loop)'],
] as const satisfies readonly (readonly [string, FieldKind, string])[];

export type RecordField = (typeof RECORD_FIELDS)[number][0];

/** Where `field` is in ExecutionRecord.values. */
export function fieldIndex(field: RecordField): number {
  return RECORD_FIELDS.findIndex(([name]) => name === field);
}

/** Indexes of the fields that add up over states (what scaling a simulated subset multiplies). */
const COUNT_INDEXES = Int32Array.from(
  RECORD_FIELDS.flatMap(([, kind], i) => (kind === 'count' ? [i] : [])),
);
/** Length of a snapshot taken by `snapshotCounts`. */
export const COUNTS = COUNT_INDEXES.length;

/** Every field of RECORD_FIELDS reads as a property of the record (`record.transitions`). */
export interface ExecutionRecord extends Readonly<Record<RecordField, number>> {}

export class ExecutionRecord {
  /** Every field of RECORD_FIELDS, in that order. */
  readonly values = new Float64Array(RECORD_FIELDS.length);
  /** Per block of top-level states (see graph-structure.ts): its Step Functions time, transitions and history events. */
  blockSfnMs = new Float64Array(0);
  blockTransitions = new Float64Array(0);
  blockHistoryEvents = new Float64Array(0);
  /** Which execution the record holds (counted by reset): lets a measure that derives several figures from one pass compute them once per execution. */
  execution = 0;

  reset(): void {
    this.execution++;
    // Loops, not fill(): a builtin call per array costs more than clearing a few dozen numbers.
    const values = this.values;
    for (let i = 0; i < values.length; i++) values[i] = 0;
    const { blockSfnMs, blockTransitions, blockHistoryEvents } = this;
    for (let i = 0; i < blockSfnMs.length; i++) {
      blockSfnMs[i] = 0;
      blockTransitions[i] = 0;
      blockHistoryEvents[i] = 0;
    }
  }

  /** A copy of this record, blocks included. */
  copy(): ExecutionRecord {
    const copy = new ExecutionRecord();
    copy.values.set(this.values);
    copy.blockSfnMs = this.blockSfnMs.slice();
    copy.blockTransitions = this.blockTransitions.slice();
    copy.blockHistoryEvents = this.blockHistoryEvents.slice();
    return copy;
  }

  /** Sizes the per-block arrays (once per runner). */
  trackBlocks(blocks: number): void {
    this.blockSfnMs = new Float64Array(blocks);
    this.blockTransitions = new Float64Array(blocks);
    this.blockHistoryEvents = new Float64Array(blocks);
  }

  /** Copies the counts into `out` (length COUNTS). */
  snapshotCounts(out: Float64Array): void {
    const values = this.values;
    for (let i = 0; i < COUNT_INDEXES.length; i++) out[i] = values[COUNT_INDEXES[i]!]!;
  }

  /** Adds `factor` × (counts now − counts in `before`): scales a simulated subset up to the whole. */
  addCountsSince(before: Float64Array, factor: number): void {
    const values = this.values;
    for (let i = 0; i < COUNT_INDEXES.length; i++) {
      const at = COUNT_INDEXES[i]!;
      values[at]! += (values[at]! - before[i]!) * factor;
    }
    values[APPROXIMATED]! = 1;
  }
}

const APPROXIMATED = fieldIndex('approximated');

RECORD_FIELDS.forEach(([name], i) => {
  Object.defineProperty(ExecutionRecord.prototype, name, {
    get(this: ExecutionRecord) {
      return this.values[i];
    },
  });
});
