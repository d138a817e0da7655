/**
 * What one simulated execution did, in terms every architecture can bill from. The engine fills
 * one of these per sample (the same object, reset each time: no per-sample allocation).
 */
/** Number of counters `copyCounters` writes. */
export const COUNTERS = 12;

/** A wait longer than this cannot ride on an SQS delay (900 s): a chain schedules it instead. */
export const LONG_WAIT_MS = 900_000;

/**
 * The per-execution figures a meter or a limit can read directly (see `recordField`), in the order
 * `ExecutionRecord.copyFields` writes them.
 */
export const RECORD_FIELDS = [
  'lambdaWallMs',
  'sfnWallMs',
  'transitions',
  'historyEvents',
  'taskInvocations',
  'taskMbMs',
  'taskInitMbMs',
  'taskStorageMbMs',
  'singleInitMs',
  'taskTimeoutRatio',
  'callbackWaits',
  'stateTimeoutRatio',
  'heartbeatRatio',
  'syncJobs',
  'mapParallelUnits',
  'taskBilledMs',
  'waits',
  'longWaits',
  'retries',
  'longestStretchMs',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** Estimated Standard history events (both runners): ExecutionStarted + ExecutionSucceeded/Failed. */
export const HISTORY_EVENTS_PER_EXECUTION = 2;
/** StateEntered + StateExited. */
export const HISTORY_EVENTS_PER_STATE = 2;
/** LambdaFunctionScheduled + Started + Succeeded/Failed (or TaskScheduled/Started/Succeeded), per attempt or callback. */
export const HISTORY_EVENTS_PER_TASK_ATTEMPT = 3;
/** IterationStarted + IterationSucceeded, per Map iteration or Parallel branch. */
export const HISTORY_EVENTS_PER_ITERATION = 2;

export class ExecutionRecord {
  /** Wall time of the whole job run inline in one function (waits and retry sleeps included). */
  lambdaWallMs = 0;
  /** Wall time as a Step Functions workflow (adds transition overhead; inline Map runs a sliding window). */
  sfnWallMs = 0;
  /** Step Functions states entered, each retry again (Standard's billed transitions). */
  transitions = 0;
  /** Estimated Standard execution history events. */
  historyEvents = 0;
  /** Lambda invocations made by Step Functions task states (each attempt, each poll check). */
  taskInvocations = 0;
  /** Σ over task invocations of billed ms (rounded up to 1 ms, capped at the timeout) × memory MB. */
  taskMbMs = 0;
  /** Σ over task invocations of INIT ms (cold starts) × memory MB. */
  taskInitMbMs = 0;
  /** Σ over task invocations of billed ms × ephemeral storage above 512 MB. */
  taskStorageMbMs = 0;
  /** INIT phase of the single function in this execution (0 when warm). */
  singleInitMs = 0;
  /** Longest task invocation, as a fraction of its own Lambda timeout (> 1: it timed out). */
  taskTimeoutRatio = 0;
  /** Callback (task-token) waits reached. */
  callbackWaits = 0;
  /** State machines: the longest state as a fraction of its TimeoutSeconds (> 1: it timed out). */
  stateTimeoutRatio = 0;
  /** State machines: the longest task as a fraction of its HeartbeatSeconds (> 1: it needs heartbeats). */
  heartbeatRatio = 0;
  /** State machines: `.sync` jobs run (Express supports neither them nor activities). */
  syncJobs = 0;
  /** Map iterations plus Parallel branches run (Express's memory estimate multiplies payload by it). */
  mapParallelUnits = 0;
  /** A task exhausted its retries: the execution failed. */
  failed = false;
  /** Part of this execution was simulated on a subset and scaled up (huge Map or polling loop). */
  approximated = false;
  /** Σ over task invocations of billed ms (rounded up per invocation), whatever their memory. */
  taskBilledMs = 0;
  /** Waits that suspend a durable function or hand over a chain: timer and callback waits, poll intervals. */
  waits = 0;
  /** Of those, the ones longer than 15 minutes. */
  longWaits = 0;
  /** Retry attempts (after a delay, they too suspend or hand over). */
  retries = 0;
  /** Longest run of computing between two suspensions (a durable invocation, a chain segment). */
  longestStretchMs = 0;
  /** Per top-level step of a step-tree workload: its Step Functions time and its transitions. */
  topLevelSfnMs = new Float64Array(0);
  topLevelTransitions = new Float64Array(0);

  reset(): void {
    this.lambdaWallMs = 0;
    this.sfnWallMs = 0;
    this.transitions = 0;
    this.historyEvents = 0;
    this.taskInvocations = 0;
    this.taskMbMs = 0;
    this.taskInitMbMs = 0;
    this.taskStorageMbMs = 0;
    this.singleInitMs = 0;
    this.taskTimeoutRatio = 0;
    this.callbackWaits = 0;
    this.stateTimeoutRatio = 0;
    this.heartbeatRatio = 0;
    this.syncJobs = 0;
    this.mapParallelUnits = 0;
    this.failed = false;
    this.approximated = false;
    this.taskBilledMs = 0;
    this.waits = 0;
    this.longWaits = 0;
    this.retries = 0;
    this.longestStretchMs = 0;
    // topLevelSfnMs / topLevelTransitions: every entry is rewritten by each run (see run-execution.ts).
  }

  /** Sizes the per-top-level-step arrays (once per runner). */
  trackTopLevel(steps: number): void {
    this.topLevelSfnMs = new Float64Array(steps);
    this.topLevelTransitions = new Float64Array(steps);
  }

  /** Copies every field of RECORD_FIELDS into `out`, in that order (one call instead of one per field). */
  copyFields(out: Float64Array): void {
    out[0] = this.lambdaWallMs;
    out[1] = this.sfnWallMs;
    out[2] = this.transitions;
    out[3] = this.historyEvents;
    out[4] = this.taskInvocations;
    out[5] = this.taskMbMs;
    out[6] = this.taskInitMbMs;
    out[7] = this.taskStorageMbMs;
    out[8] = this.singleInitMs;
    out[9] = this.taskTimeoutRatio;
    out[10] = this.callbackWaits;
    out[11] = this.stateTimeoutRatio;
    out[12] = this.heartbeatRatio;
    out[13] = this.syncJobs;
    out[14] = this.mapParallelUnits;
    out[15] = this.taskBilledMs;
    out[16] = this.waits;
    out[17] = this.longWaits;
    out[18] = this.retries;
    out[19] = this.longestStretchMs;
  }

  /** Copies the counters that add up over steps into `out` (length COUNTERS). */
  copyCounters(out: Float64Array): void {
    out[0] = this.transitions;
    out[1] = this.historyEvents;
    out[2] = this.taskInvocations;
    out[3] = this.taskMbMs;
    out[4] = this.taskInitMbMs;
    out[5] = this.taskStorageMbMs;
    out[6] = this.callbackWaits;
    out[7] = this.mapParallelUnits;
    out[8] = this.taskBilledMs;
    out[9] = this.waits;
    out[10] = this.longWaits;
    out[11] = this.retries;
  }

  /** Adds `factor` × (counters now − counters in `before`): scales a simulated subset up to the whole. */
  addCountersSince(before: Float64Array, factor: number): void {
    this.transitions += (this.transitions - before[0]!) * factor;
    this.historyEvents += (this.historyEvents - before[1]!) * factor;
    this.taskInvocations += (this.taskInvocations - before[2]!) * factor;
    this.taskMbMs += (this.taskMbMs - before[3]!) * factor;
    this.taskInitMbMs += (this.taskInitMbMs - before[4]!) * factor;
    this.taskStorageMbMs += (this.taskStorageMbMs - before[5]!) * factor;
    this.callbackWaits += (this.callbackWaits - before[6]!) * factor;
    this.mapParallelUnits += (this.mapParallelUnits - before[7]!) * factor;
    this.taskBilledMs += (this.taskBilledMs - before[8]!) * factor;
    this.waits += (this.waits - before[9]!) * factor;
    this.longWaits += (this.longWaits - before[10]!) * factor;
    this.retries += (this.retries - before[11]!) * factor;
    this.approximated = true;
  }
}
