/**
 * Run one execution of a compiled plan: sample every duration, failure and retry, and record what
 * happened into an `ExecutionRecord`. Timing is kept on two clocks at once: `lambda` (the job inline
 * in one function) and `sfn` (the job as a state machine: transition overhead, Map slots).
 */
import type { Random } from './random.js';
import type { ExecutionRecord } from './execution.js';
import type { ChoiceNode, MapNode, ParallelNode, Plan, PlanNode, TaskNode, WaitNode } from './compile-plan.js';

/** History events: ExecutionStarted + ExecutionSucceeded/Failed. */
const HISTORY_EVENTS_PER_EXECUTION = 2;
/** StateEntered + StateExited. */
const HISTORY_EVENTS_PER_STATE = 2;
/** LambdaFunctionScheduled + Started + Succeeded/Failed (or TaskScheduled/Started/Succeeded). */
const HISTORY_EVENTS_PER_TASK_ATTEMPT = 3;
/** IterationStarted + IterationSucceeded, per Map iteration or Parallel branch. */
const HISTORY_EVENTS_PER_ITERATION = 2;

export class ExecutionRunner {
  /** Elapsed time of the last step or sequence run, on each clock. */
  private lambdaMs = 0;
  private sfnMs = 0;

  constructor(
    private readonly plan: Plan,
    private readonly random: Random,
    private readonly record: ExecutionRecord,
  ) {}

  run(): void {
    const record = this.record;
    record.reset();
    record.historyEvents = HISTORY_EVENTS_PER_EXECUTION;
    const coldStart = this.plan.singleFunctionColdStart;
    if (coldStart && this.random.chance(coldStart.probability)) record.singleInitMs = this.random.sample(coldStart.init);
    this.runSequence(this.plan.steps);
    record.lambdaWallMs = this.lambdaMs;
    record.sfnWallMs = this.sfnMs;
  }

  /** Runs steps one after another; stops at the first failure. */
  private runSequence(steps: readonly PlanNode[]): void {
    let lambda = 0;
    let sfn = 0;
    for (let i = 0; i < steps.length; i++) {
      this.runStep(steps[i]!);
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      if (this.record.failed) break;
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
    this.record.historyEvents += HISTORY_EVENTS_PER_STATE;
  }

  /** One Lambda invocation by a task state; returns its INIT time (0 when warm). */
  private invokeTask(task: TaskNode, durationMs: number): number {
    const record = this.record;
    const coldStart = task.coldStart;
    const initMs = coldStart && this.random.chance(coldStart.probability) ? this.random.sample(coldStart.init) : 0;
    // Billed duration = INIT + INVOKE, rounded up to 1 ms as one figure; the invoke part stops at the timeout.
    const billedMs = Math.ceil(initMs + Math.min(durationMs, task.timeoutMs));
    record.taskInvocations++;
    record.taskInitMbMs += initMs * task.memoryMb;
    record.taskMbMs += (billedMs - initMs) * task.memoryMb;
    record.taskStorageMbMs += billedMs * task.extraStorageMb;
    record.historyEvents += HISTORY_EVENTS_PER_TASK_ATTEMPT;
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
        lambda += delay;
        sfn += delay;
      }
      // Each attempt (the first and every retry) enters the state again: one more transition.
      this.enterState();
      const durationMs = random.sample(task.duration);
      const initMs = this.invokeTask(task, durationMs);
      lambda += durationMs;
      sfn += initMs + durationMs + overhead;
      if (!random.chance(task.failureRate)) break;
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
        this.record.historyEvents += HISTORY_EVENTS_PER_TASK_ATTEMPT;
      }
      this.lambdaMs = durationMs;
      this.sfnMs = durationMs + overhead;
      return;
    }
    // Poll: rounds of Wait(interval) → check task → Choice(done?) until the condition holds,
    // which it does `durationMs` after the loop starts.
    const interval = wait.pollIntervalMs;
    const rounds = Math.max(1, Math.ceil(durationMs / interval));
    let lambda = 0;
    let sfn = 0;
    for (let round = 0; round < rounds; round++) {
      const checkMs = this.random.sample(wait.check.duration);
      this.enterState(); // Wait
      this.enterState(); // Task (check)
      const initMs = this.invokeTask(wait.check, checkMs);
      this.enterState(); // Choice
      lambda += interval + checkMs;
      sfn += interval + initMs + checkMs + 3 * overhead;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
  }

  private runParallel(node: ParallelNode): void {
    this.enterState();
    let lambda = 0;
    let sfn = 0;
    let failed = false;
    for (let i = 0; i < node.branches.length; i++) {
      this.record.mapParallelUnits++;
      this.record.historyEvents += HISTORY_EVENTS_PER_ITERATION;
      this.runSequence(node.branches[i]!);
      if (this.lambdaMs > lambda) lambda = this.lambdaMs;
      if (this.sfnMs > sfn) sfn = this.sfnMs;
      // Branches run concurrently: a failed branch fails the state, but the others still ran.
      failed ||= this.record.failed;
      this.record.failed = false;
    }
    this.record.failed = failed;
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.plan.transitionOverheadMs;
  }

  private runMap(node: MapNode): void {
    this.enterState();
    const items = sampleCount(this.random, node);
    const slots = node.slots;
    slots.fill(0);
    const wave = node.lambdaConcurrency === 0 ? items : node.lambdaConcurrency;
    let lambda = 0;
    let waveMax = 0;
    let inWave = 0;
    let failed = false;
    for (let item = 0; item < items; item++) {
      this.record.mapParallelUnits++;
      this.record.historyEvents += HISTORY_EVENTS_PER_ITERATION;
      this.runSequence(node.steps);
      failed ||= this.record.failed;
      this.record.failed = false;
      // Inside one function: waves of `wave` items, each as long as its slowest item.
      if (this.lambdaMs > waveMax) waveMax = this.lambdaMs;
      if (++inWave === wave) {
        lambda += waveMax;
        waveMax = 0;
        inWave = 0;
      }
      // Step Functions: each iteration starts in the slot that frees first.
      let first = 0;
      for (let s = 1; s < slots.length; s++) if (slots[s]! < slots[first]!) first = s;
      slots[first]! += this.sfnMs;
    }
    lambda += waveMax;
    let sfn = 0;
    for (let s = 0; s < slots.length; s++) if (slots[s]! > sfn) sfn = slots[s]!;
    this.record.failed = failed;
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.plan.transitionOverheadMs;
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
  const { dist, min, max } = node.items;
  const n = Math.round(random.sample(dist));
  return n < min ? min : n > max ? max : n;
}
