/**
 * What one simulated execution did, in terms every architecture can bill from. The engine fills
 * one of these per sample (the same object, reset each time: no per-sample allocation).
 */
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
  /** Map iterations plus Parallel branches run (Express's memory estimate multiplies payload by it). */
  mapParallelUnits = 0;
  /** A task exhausted its retries: the execution failed. */
  failed = false;

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
    this.mapParallelUnits = 0;
    this.failed = false;
  }
}
