/**
 * Run one execution of a compiled plan: sample every duration, failure and retry, and record what
 * happened into an `ExecutionRecord`. Timing is kept on two clocks at once: `lambda` (the job inline
 * in one function) and `sfn` (the job as a state machine: transition overhead, Map slots).
 */
import type { Random } from './random.js';
import {
  HISTORY_EVENTS_PER_EXECUTION,
  HISTORY_EVENTS_PER_ITERATION,
  HISTORY_EVENTS_PER_STATE,
  HISTORY_EVENTS_PER_TASK_ATTEMPT,
  LONG_WAIT_MS,
  type ExecutionRecord,
} from './execution.js';
import {
  MAP_ITEMS_SIMULATED,
  POLL_ROUNDS_SIMULATED,
  type ChoiceNode,
  type MapNode,
  type ParallelNode,
  type Plan,
  type PlanNode,
  type TaskNode,
  type WaitNode,
} from './compile-plan.js';

/** Estimated Standard history events of an execution, from the counts that produce them. */
function historyEventsOf(record: ExecutionRecord): number {
  return (
    HISTORY_EVENTS_PER_EXECUTION +
    HISTORY_EVENTS_PER_STATE * record.transitions +
    HISTORY_EVENTS_PER_TASK_ATTEMPT * (record.taskInvocations + record.callbackWaits) +
    HISTORY_EVENTS_PER_ITERATION * record.mapParallelUnits
  );
}

/** One span of time in a traced execution (for timelines); times from the start of the steps. */
export interface TraceEvent {
  readonly step: string;
  readonly kind: 'task' | 'retry-wait' | 'timer' | 'callback' | 'poll';
  /** `lambda`: the job inline in one function; `sfn`: the job as a state machine. */
  readonly clock: 'lambda' | 'sfn';
  readonly startMs: number;
  readonly endMs: number;
  /** 1 for a task's first attempt; 0 for waits. */
  readonly attempt: number;
  /** The attempt failed (a retry or the execution's failure follows). */
  readonly failed: boolean;
}

export class ExecutionRunner {
  /** Elapsed time of the last step or sequence run, on each clock. */
  private lambdaMs = 0;
  private sfnMs = 0;
  /** Where the step being run starts, on each clock (read only by the trace). */
  private atLambda = 0;
  private atSfn = 0;

  /** `trace` (optional) sees every task attempt and wait; it changes no draw and no result. */
  constructor(
    private readonly plan: Plan,
    private readonly random: Random,
    private readonly record: ExecutionRecord,
    private readonly trace?: (event: TraceEvent) => void,
  ) {
    record.trackTopLevel(plan.steps.length);
  }

  /** Computing since the last suspension (see ExecutionRecord.longestStretchMs). */
  private stretchMs = 0;

  private compute(ms: number): void {
    this.stretchMs += ms;
    if (this.stretchMs > this.record.longestStretchMs) this.record.longestStretchMs = this.stretchMs;
  }

  /**
   * A wait that a durable function sleeps through and a chain hands over; a timed one longer than
   * 15 minutes needs a schedule in a chain (a callback does not: something else resumes it).
   */
  private suspend(waitMs: number, timed = true): void {
    this.record.waits++;
    if (timed && waitMs > LONG_WAIT_MS) this.record.longWaits++;
    this.stretchMs = 0;
  }

  run(): void {
    const record = this.record;
    record.reset();
    const coldStart = this.plan.singleFunctionColdStart;
    if (coldStart && this.random.chance(coldStart.probability)) record.singleInitMs = this.random.sample(coldStart.init);
    this.atLambda = 0;
    this.atSfn = 0;
    this.stretchMs = 0;
    this.runSequence(this.plan.steps, true);
    record.lambdaWallMs = this.lambdaMs;
    record.sfnWallMs = this.sfnMs;
    record.historyEvents = historyEventsOf(record);
  }

  /** Runs steps one after another; stops at the first failure. `topLevel` records each step's share. */
  private runSequence(steps: readonly PlanNode[], topLevel = false): void {
    const record = this.record;
    let lambda = 0;
    let sfn = 0;
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    let i = 0;
    for (; i < steps.length; i++) {
      this.atLambda = startLambda + lambda;
      this.atSfn = startSfn + sfn;
      const transitionsBefore = record.transitions;
      this.runStep(steps[i]!);
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      if (topLevel) {
        record.topLevelSfnMs[i] = this.sfnMs;
        record.topLevelTransitions[i] = record.transitions - transitionsBefore;
      }
      if (this.record.failed) break;
    }
    // Steps a failure skipped did not run: their shares are zero (the record is not cleared per run).
    if (topLevel) {
      for (i++; i < steps.length; i++) {
        record.topLevelSfnMs[i] = 0;
        record.topLevelTransitions[i] = 0;
      }
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
  }

  private runStep(node: PlanNode): void {
    switch (node.kind) {
      case 'task':
        return this.runTask(node);
      case 'wait':
        return this.runWait(node);
      case 'parallel':
        return this.runParallel(node);
      case 'map':
        return this.runMap(node);
      case 'choice':
        return this.runChoice(node);
    }
  }

  private enterState(): void {
    this.record.transitions++;
  }

  /** One Lambda invocation by a task state; returns its INIT time (0 when warm). */
  private invokeTask(task: TaskNode, durationMs: number): number {
    const record = this.record;
    const coldStart = task.coldStart;
    const initMs = coldStart && this.random.chance(coldStart.probability) ? this.random.sample(coldStart.init) : 0;
    // Billed duration = INIT + INVOKE, rounded up to 1 ms as one figure; the invoke part stops at the timeout.
    const billedMs = Math.ceil(initMs + Math.min(durationMs, task.timeoutMs));
    record.taskInvocations++;
    record.taskBilledMs += billedMs;
    record.taskInitMbMs += initMs * task.memoryMb;
    record.taskMbMs += (billedMs - initMs) * task.memoryMb;
    record.taskStorageMbMs += billedMs * task.extraStorageMb;
    const ratio = durationMs / task.timeoutMs;
    if (ratio > record.taskTimeoutRatio) record.taskTimeoutRatio = ratio;
    return initMs;
  }

  private runTask(task: TaskNode): void {
    const random = this.random;
    const overhead = this.plan.transitionOverheadMs;
    const retries = task.retryDelaysMs.length;
    let lambda = 0;
    let sfn = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        const delay = task.retryDelaysMs[attempt - 1]!;
        if (this.trace) this.traceSpans(task.name, 'retry-wait', lambda, delay, sfn, delay, attempt, false);
        lambda += delay;
        sfn += delay;
        // A retry after a delay: a durable function sleeps through it, a chain re-queues the step.
        this.record.retries++;
        if (delay > 0) this.stretchMs = 0;
      }
      // Each attempt (the first and every retry) enters the state again: one more transition.
      this.enterState();
      const durationMs = random.sample(task.duration);
      const initMs = this.invokeTask(task, durationMs);
      this.compute(durationMs);
      const failedAttempt = random.chance(task.failureRate);
      if (this.trace) this.traceSpans(task.name, 'task', lambda, durationMs, sfn, initMs + durationMs, attempt + 1, failedAttempt);
      lambda += durationMs;
      sfn += initMs + durationMs + overhead;
      if (!failedAttempt) break;
      if (attempt === retries) {
        this.record.failed = true;
        break;
      }
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
  }

  private runWait(wait: WaitNode): void {
    const overhead = this.plan.transitionOverheadMs;
    const durationMs = this.random.sample(wait.duration);
    if (wait.mode !== 'poll' || wait.check === undefined) {
      this.enterState();
      if (wait.mode === 'callback') {
        this.record.callbackWaits++;
      }
      this.suspend(durationMs, wait.mode !== 'callback');
      if (this.trace) this.traceSpans(wait.name, wait.mode, 0, durationMs, 0, durationMs, 0, false);
      this.lambdaMs = durationMs;
      this.sfnMs = durationMs + overhead;
      return;
    }
    // Poll: rounds of Wait(interval) → check task → Choice(done?) until the condition holds,
    // which it does `durationMs` after the loop starts.
    const interval = wait.pollIntervalMs;
    const rounds = Math.max(1, Math.ceil(durationMs / interval));
    const simulated = rounds > POLL_ROUNDS_SIMULATED ? POLL_ROUNDS_SIMULATED : rounds;
    if (simulated < rounds) this.record.copyCounters(wait.counters);
    let lambda = 0;
    let sfn = 0;
    for (let round = 0; round < simulated; round++) {
      const checkMs = this.random.sample(wait.check.duration);
      this.enterState(); // Wait
      this.enterState(); // Task (check)
      this.suspend(interval);
      const initMs = this.invokeTask(wait.check, checkMs);
      this.compute(checkMs);
      this.enterState(); // Choice
      lambda += interval + checkMs;
      sfn += interval + initMs + checkMs + 3 * overhead;
    }
    if (simulated < rounds) {
      // Every round is alike: simulate some, scale counts, costs and time to all of them.
      const factor = (rounds - simulated) / simulated;
      this.record.addCountersSince(wait.counters, factor);
      lambda *= rounds / simulated;
      sfn *= rounds / simulated;
    }
    if (this.trace) this.traceSpans(wait.name, 'poll', 0, lambda, 0, sfn, 0, false);
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
  }

  private runParallel(node: ParallelNode): void {
    this.enterState();
    let lambda = 0;
    let sfn = 0;
    let failed = false;
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const stretchAtStart = this.stretchMs;
    let stretchAtEnd = stretchAtStart;
    for (let i = 0; i < node.branches.length; i++) {
      this.stretchMs = stretchAtStart;
      this.record.mapParallelUnits++;
      this.atLambda = startLambda;
      this.atSfn = startSfn;
      this.runSequence(node.branches[i]!);
      if (this.stretchMs > stretchAtEnd) stretchAtEnd = this.stretchMs;
      if (this.lambdaMs > lambda) lambda = this.lambdaMs;
      if (this.sfnMs > sfn) sfn = this.sfnMs;
      // Branches run concurrently: a failed branch fails the state, but the others still ran.
      failed ||= this.record.failed;
      this.record.failed = false;
    }
    this.record.failed = failed;
    this.stretchMs = stretchAtEnd;
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.plan.transitionOverheadMs;
  }

  private runMap(node: MapNode): void {
    this.enterState();
    const allItems = sampleCount(this.random, node);
    const items = allItems > MAP_ITEMS_SIMULATED ? MAP_ITEMS_SIMULATED : allItems;
    if (items < allItems) this.record.copyCounters(node.counters);
    const schedule = node.schedule;
    schedule.start(node.lambdaConcurrency === 0 ? items : node.lambdaConcurrency);
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const stretchAtStart = this.stretchMs;
    let stretchAtEnd = stretchAtStart;
    let failed = false;
    for (let item = 0; item < items; item++) {
      this.record.mapParallelUnits++;
      const slot = schedule.nextSlot();
      this.atLambda = startLambda + schedule.lambdaElapsed();
      this.atSfn = startSfn + schedule.slotStart(slot);
      this.stretchMs = stretchAtStart;
      this.runSequence(node.steps);
      if (this.stretchMs > stretchAtEnd) stretchAtEnd = this.stretchMs;
      failed ||= this.record.failed;
      this.record.failed = false;
      schedule.finish(slot, this.lambdaMs, this.sfnMs);
    }
    let lambda = schedule.totalLambdaMs();
    let sfn = schedule.totalSfnMs();
    if (items < allItems) {
      // A huge Map: the simulated items stand for all of them. Counts and costs scale exactly in
      // expectation; time scales with the number of rounds of slots (all at once: the slowest item).
      const scale = allItems / items;
      this.record.addCountersSince(node.counters, scale - 1);
      if (node.lambdaConcurrency !== 0) lambda *= scale;
      sfn *= scale;
    }
    this.record.failed = failed;
    this.stretchMs = stretchAtEnd;
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.plan.transitionOverheadMs;
  }

  /** Reports one span per clock; offsets are relative to where the current step starts. */
  private traceSpans(
    step: string,
    kind: TraceEvent['kind'],
    lambdaOffsetMs: number,
    lambdaMs: number,
    sfnOffsetMs: number,
    sfnMs: number,
    attempt: number,
    failed: boolean,
  ): void {
    const lambdaStart = this.atLambda + lambdaOffsetMs;
    const sfnStart = this.atSfn + sfnOffsetMs;
    this.trace?.({ step, kind, clock: 'lambda', startMs: lambdaStart, endMs: lambdaStart + lambdaMs, attempt, failed });
    this.trace?.({ step, kind, clock: 'sfn', startMs: sfnStart, endMs: sfnStart + sfnMs, attempt, failed });
  }

  private runChoice(node: ChoiceNode): void {
    this.enterState();
    const u = this.random.uniform();
    let branch = 0;
    while (branch < node.cumulative.length - 1 && u >= node.cumulative[branch]!) branch++;
    this.runSequence(node.branches[branch]!);
    this.sfnMs += this.plan.transitionOverheadMs;
  }
}

function sampleCount(random: Random, node: MapNode): number {
  const n = Math.round(random.sample(node.items));
  return n < node.minItems ? node.minItems : n > node.maxItems ? node.maxItems : n;
}
