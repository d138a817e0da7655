/**
 * Run one execution of an imported state machine (a graph: Next, Catch, Choice back-edges) and
 * record it into the same ExecutionRecord the step-tree runner fills, on the same two clocks:
 * `lambda` (the whole job inline in one function) and `sfn` (the job as a state machine).
 *
 * Billing conventions are those of run-execution.ts: every state entered is one transition, each
 * retry again (https://aws.amazon.com/step-functions/pricing/); inline Map iterations cost nothing
 * themselves but every state inside does; Distributed Map: one transition per child execution
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-statemachines.html).
 */
import {
  END_OF_SCOPE,
  type Catcher,
  type MachineMap,
  type MachineScope,
  type MachineState,
  type MachineTask,
  type Retrier,
  type StateMachine,
} from '../workload/state-machine.js';
import type { Workload } from '../workload/types.js';
import { FREE_EPHEMERAL_STORAGE_MB, INLINE_MAP_MAX_CONCURRENCY, MAP_ITEMS_SIMULATED, type ColdStartSampler } from './compile-plan.js';
import {
  COUNTERS,
  HISTORY_EVENTS_PER_EXECUTION,
  HISTORY_EVENTS_PER_ITERATION,
  HISTORY_EVENTS_PER_STATE,
  HISTORY_EVENTS_PER_TASK_ATTEMPT,
  LONG_WAIT_MS,
  type ExecutionRecord,
} from './execution.js';
import { MapSchedule } from './map-schedule.js';
import { toSampler, type Random, type Sampler } from './random.js';
import { durationAtMemory } from '../workload/memory-curve.js'; // issue 17 (calibrate)

/**
 * Bounded work: one execution simulates at most this many states (loops included). Past it the
 * execution is stopped and counts as failed and as breaking Standard's 25,000-event history, which
 * it has long passed by then (every state writes at least two events).
 */
export const MAX_STATES_SIMULATED = 50_000;
/** A Distributed Map simulates this many child executions and scales them to all of them. */
export const DISTRIBUTED_CHILDREN_SIMULATED = 64;
/** Distributed Map runs up to 10,000 child executions at once (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html). */
const DISTRIBUTED_MAX_CONCURRENCY = 10_000;
const HISTORY_LIMIT_EVENTS = 25_000;

/** The error the runner raises when it stops a runaway execution. */
const RUNAWAY_ERROR = 'States.Runtime';

/**
 * Whether a Retrier's or Catcher's ErrorEquals matches an error
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html): a name
 * matches itself; States.ALL matches every error but States.Runtime and States.DataLimitExceeded;
 * States.TaskFailed matches every error but States.Timeout (and those two).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  const terminal = error === 'States.Runtime' || error === 'States.DataLimitExceeded';
  for (const name of errorEquals) {
    if (name === error) return true;
    if (terminal) continue;
    if (name === 'States.ALL') return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout') return true;
  }
  return false;
}

interface CompiledScope {
  readonly startAt: number;
  readonly states: readonly CompiledState[];
}

interface CompiledState {
  readonly state: MachineState;
  readonly duration: Sampler | undefined;
  readonly wait: Sampler | undefined;
  readonly items: Sampler | undefined;
  readonly coldStart: ColdStartSampler | undefined;
  readonly extraStorageMb: number;
  readonly branches: readonly CompiledScope[];
  readonly processor: CompiledScope | undefined;
  /** Per retrier: retries made since the state was entered (scratch). */
  readonly retries: Int32Array;
  /** When the inline Map's items run on both clocks (scratch). */
  readonly schedule: MapSchedule;
  /** Scratch for scaling huge Maps. */
  readonly counters: Float64Array;
}

function compileScope(scope: MachineScope): CompiledScope {
  return { startAt: scope.startAt, states: scope.states.map(compileState) };
}

function compileState(state: MachineState): CompiledState {
  const task = state.kind === 'task' ? state : undefined;
  const map = state.kind === 'map' ? state : undefined;
  const coldStart = task?.integration === 'lambda' ? task.lambda.coldStart : undefined;
  const retriers = state.kind === 'task' || state.kind === 'parallel' || state.kind === 'map' ? state.retriers.length : 0;
  return {
    state,
    // issue 17 (calibrate): a task's duration scaled along its durationByMemory curve to the memory it runs at.
    duration: task ? toSampler(durationAtMemory(task.duration, task.memoryCurve, task.lambda.memoryMb)) : state.kind === 'wait' ? toSampler(state.duration) : undefined,
    wait: task?.wait ? toSampler(task.wait) : undefined,
    items: map ? toSampler(map.items.dist) : undefined,
    coldStart: coldStart ? { probability: coldStart.probability, init: toSampler(coldStart.init) } : undefined,
    extraStorageMb: task?.integration === 'lambda' ? Math.max(0, task.lambda.ephemeralStorageMb - FREE_EPHEMERAL_STORAGE_MB) : 0,
    branches: state.kind === 'parallel' ? state.branches.map(compileScope) : [],
    processor: map ? compileScope(map.processor) : undefined,
    retries: new Int32Array(retriers),
    schedule: new MapSchedule(new Float64Array(map && !map.distributed ? inlineConcurrency(map) : 0)),
    counters: new Float64Array(COUNTERS),
  };
}

function inlineConcurrency(map: MachineMap): number {
  return map.maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : Math.min(map.maxConcurrency, INLINE_MAP_MAX_CONCURRENCY);
}

export class StateMachineRunner {
  private readonly root: CompiledScope;
  private readonly overheadMs: number;
  private readonly machineTimeoutMs: number;
  private readonly singleColdStart: ColdStartSampler | undefined;
  /** Elapsed time of the last state or scope run, on each clock. */
  private lambdaMs = 0;
  private sfnMs = 0;
  /** The Choice's pick, read by the scope loop. */
  private nextIndex = END_OF_SCOPE;
  private statesSimulated = 0;
  private runaway = false;

  constructor(
    workload: Workload & { readonly stateMachine: StateMachine },
    private readonly random: Random,
    private readonly record: ExecutionRecord,
  ) {
    this.root = compileScope(workload.stateMachine.root);
    this.overheadMs = workload.stepFunctions.transitionOverheadMs;
    this.machineTimeoutMs = workload.stateMachine.timeoutMs;
    const cold = workload.singleFunction.coldStart;
    this.singleColdStart = cold ? { probability: cold.probability, init: toSampler(cold.init) } : undefined;
  }

  run(): void {
    const record = this.record;
    record.reset();
    record.historyEvents = HISTORY_EVENTS_PER_EXECUTION;
    const coldStart = this.singleColdStart;
    if (coldStart && this.random.chance(coldStart.probability)) record.singleInitMs = this.random.sample(coldStart.init);
    this.statesSimulated = 0;
    this.runaway = false;
    const error = this.runScope(this.root);
    if (error !== null) record.failed = true;
    if (this.runaway && record.historyEvents <= HISTORY_LIMIT_EVENTS) record.historyEvents = HISTORY_LIMIT_EVENTS + 1;
    record.lambdaWallMs = this.lambdaMs;
    record.sfnWallMs = this.sfnMs;
    // The machine's own TimeoutSeconds: the execution fails with States.Timeout past it.
    const ratio = this.sfnMs / this.machineTimeoutMs;
    if (ratio > record.stateTimeoutRatio) record.stateTimeoutRatio = ratio;
  }

  /** Runs a scope from its StartAt to its end; returns the error it ended with, or null. */
  private runScope(scope: CompiledScope): string | null {
    let lambda = 0;
    let sfn = 0;
    let index = scope.startAt;
    let error: string | null = null;
    while (index !== END_OF_SCOPE) {
      if (this.statesSimulated >= MAX_STATES_SIMULATED) {
        this.runaway = true;
        error = RUNAWAY_ERROR;
        break;
      }
      const node = scope.states[index]!;
      error = this.runState(node);
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      const state = node.state;
      if (error !== null) {
        if (this.runaway) break;
        const catcher = firstCatcher(state, error);
        if (catcher === undefined) break;
        // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states
        error = null;
        index = catcher.next;
        continue;
      }
      if (state.kind === 'succeed') break;
      index = state.kind === 'choice' ? this.nextIndex : state.next;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
    return error;
  }

  /**
   * A wait that a durable function sleeps through and a chain hands over; a timed one longer than
   * 15 minutes needs a schedule in a chain (a callback does not: something else resumes it).
   */
  private suspend(waitMs: number, timed = true): void {
    this.record.waits++;
    if (timed && waitMs > LONG_WAIT_MS) this.record.longWaits++;
  }

  private enterState(): void {
    this.statesSimulated++;
    this.record.transitions++;
    this.record.historyEvents += HISTORY_EVENTS_PER_STATE;
  }

  private runState(node: CompiledState): string | null {
    const state = node.state;
    switch (state.kind) {
      case 'task':
        return this.withRetries(node, state.retriers, () => this.runTaskAttempt(node, state));
      case 'parallel':
        return this.withRetries(node, state.retriers, () => this.runParallel(node));
      case 'map':
        return this.withRetries(node, state.retriers, () => (state.distributed ? this.runDistributedMap(node, state) : this.runInlineMap(node, state)));
      case 'wait': {
        this.enterState();
        const ms = this.random.sample(node.duration!);
        this.suspend(ms);
        this.lambdaMs = ms;
        this.sfnMs = ms + this.overheadMs;
        return null;
      }
      case 'choice': {
        this.enterState();
        const u = this.random.uniform();
        let branch = 0;
        while (branch < state.cumulative.length - 1 && u >= state.cumulative[branch]!) branch++;
        this.nextIndex = state.targets[branch] ?? END_OF_SCOPE;
        this.lambdaMs = 0;
        this.sfnMs = this.overheadMs;
        return null;
      }
      case 'pass':
      case 'succeed':
      case 'fail':
        this.enterState();
        this.lambdaMs = 0;
        this.sfnMs = this.overheadMs;
        return state.kind === 'fail' ? state.error : null;
    }
  }

  /**
   * Runs `attempt` until it succeeds or no Retrier takes its error: the first Retrier whose
   * ErrorEquals matches retries it after IntervalSeconds × BackoffRate^(retries so far), capped by
   * MaxDelaySeconds, drawn from [0, delay] with FULL jitter; each Retrier counts its own retries
   * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error).
   */
  private withRetries(node: CompiledState, retriers: readonly Retrier[], attempt: () => string | null): string | null {
    const counts = node.retries;
    counts.fill(0);
    let lambda = 0;
    let sfn = 0;
    let error: string | null;
    for (;;) {
      error = attempt();
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      if (error === null || this.runaway) break;
      let r = 0;
      while (r < retriers.length && !errorMatches(retriers[r]!.errorEquals, error)) r++;
      const retrier = retriers[r];
      if (retrier === undefined || counts[r]! >= retrier.maxAttempts) break;
      let delay = Math.min(retrier.intervalMs * Math.pow(retrier.backoffRate, counts[r]!), retrier.maxDelayMs);
      if (retrier.fullJitter) delay *= this.random.uniform();
      counts[r]!++;
      lambda += delay;
      sfn += delay;
      this.record.retries++;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
    return error;
  }

  private runTaskAttempt(node: CompiledState, task: MachineTask): string | null {
    const record = this.record;
    const random = this.random;
    this.enterState();
    record.historyEvents += HISTORY_EVENTS_PER_TASK_ATTEMPT;
    const durationMs = random.sample(node.duration!);
    let initMs = 0;
    if (task.integration === 'lambda') {
      const coldStart = node.coldStart;
      initMs = coldStart && random.chance(coldStart.probability) ? random.sample(coldStart.init) : 0;
      // Billed duration = INIT + INVOKE, rounded up to 1 ms as one figure; the invoke part stops at the timeout.
      const billedMs = Math.ceil(initMs + Math.min(durationMs, task.lambda.timeoutMs));
      record.taskInvocations++;
      record.taskBilledMs += billedMs;
      // Approximation: a machine's compute between suspensions is taken as its longest task.
      if (durationMs > record.longestStretchMs) record.longestStretchMs = durationMs;
      record.taskInitMbMs += initMs * task.lambda.memoryMb;
      record.taskMbMs += (billedMs - initMs) * task.lambda.memoryMb;
      record.taskStorageMbMs += billedMs * node.extraStorageMb;
      const ratio = durationMs / task.lambda.timeoutMs;
      if (ratio > record.taskTimeoutRatio) record.taskTimeoutRatio = ratio;
    }
    const waitMs = node.wait ? random.sample(node.wait) : 0;
    if (task.pattern === 'callback' || task.pattern === 'activity') {
      record.callbackWaits++;
      this.suspend(waitMs, false);
    }
    if (task.pattern === 'sync') record.syncJobs++;
    const failed = random.chance(task.failureRate);
    const busyMs = durationMs + waitMs;
    const timeoutRatio = busyMs / task.timeoutMs;
    if (timeoutRatio > record.stateTimeoutRatio) record.stateTimeoutRatio = timeoutRatio;
    const heartbeatRatio = busyMs / task.heartbeatMs;
    if (heartbeatRatio > record.heartbeatRatio) record.heartbeatRatio = heartbeatRatio;
    this.lambdaMs = busyMs;
    this.sfnMs = initMs + busyMs + this.overheadMs;
    return failed ? task.error : null;
  }

  /** Branches run concurrently: the slowest decides; the first failed branch (in order) fails the state. */
  private runParallel(node: CompiledState): string | null {
    this.enterState();
    let lambda = 0;
    let sfn = 0;
    let error: string | null = null;
    for (const branch of node.branches) {
      if (this.runaway) break;
      this.record.mapParallelUnits++;
      this.record.historyEvents += HISTORY_EVENTS_PER_ITERATION;
      const branchError = this.runScope(branch);
      error ??= branchError;
      if (this.lambdaMs > lambda) lambda = this.lambdaMs;
      if (this.sfnMs > sfn) sfn = this.sfnMs;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.overheadMs;
    return error;
  }

  private sampleItems(node: CompiledState, map: MachineMap): number {
    const n = Math.round(this.random.sample(node.items!));
    return n < map.items.min ? map.items.min : n > map.items.max ? map.items.max : n;
  }

  /** Inline Map: at most 40 iterations at once in Step Functions; waves of MaxConcurrency inside one function. */
  private runInlineMap(node: CompiledState, map: MachineMap): string | null {
    this.enterState();
    const record = this.record;
    const allItems = this.sampleItems(node, map);
    const items = allItems > MAP_ITEMS_SIMULATED ? MAP_ITEMS_SIMULATED : allItems;
    if (items < allItems) record.copyCounters(node.counters);
    const schedule = node.schedule;
    schedule.start(map.maxConcurrency === 0 ? items : map.maxConcurrency);
    let error: string | null = null;
    let item = 0;
    for (; item < items && !this.runaway; item++) {
      record.mapParallelUnits++;
      record.historyEvents += HISTORY_EVENTS_PER_ITERATION;
      const slot = schedule.nextSlot();
      const itemError = this.runScope(node.processor!);
      error ??= itemError;
      schedule.finish(slot, this.lambdaMs, this.sfnMs);
    }
    let lambda = schedule.totalLambdaMs();
    let sfn = schedule.totalSfnMs();
    if (items < allItems && !this.runaway) {
      const scale = allItems / items;
      record.addCountersSince(node.counters, scale - 1);
      if (map.maxConcurrency !== 0) lambda *= scale;
      sfn *= scale;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn + this.overheadMs;
    return error;
  }

  /**
   * Distributed Map: one transition per child execution started (a batch of ItemsPerBatch items
   * each). STANDARD children's states are billed as transitions too; EXPRESS children's are not
   * (their own Express charges are not metered: an approximation the workload's warnings state).
   * Children write their own history, not the parent's. A sample of children stands for all.
   */
  private runDistributedMap(node: CompiledState, map: MachineMap): string | null {
    this.enterState();
    const record = this.record;
    const children = Math.ceil(this.sampleItems(node, map) / map.itemsPerChild);
    const simulated = Math.min(children, DISTRIBUTED_CHILDREN_SIMULATED);
    record.copyCounters(node.counters);
    const transitionsBefore = record.transitions;
    const historyBefore = record.historyEvents;
    let lambdaSum = 0;
    let sfnSum = 0;
    let lambdaMax = 0;
    let sfnMax = 0;
    let error: string | null = null;
    for (let child = 0; child < simulated && !this.runaway; child++) {
      const childError = this.runScope(node.processor!);
      error ??= childError;
      lambdaSum += this.lambdaMs;
      sfnSum += this.sfnMs;
      if (this.lambdaMs > lambdaMax) lambdaMax = this.lambdaMs;
      if (this.sfnMs > sfnMax) sfnMax = this.sfnMs;
    }
    if (map.childType === 'EXPRESS') record.transitions = transitionsBefore;
    record.historyEvents = historyBefore;
    if (simulated > 0 && simulated < children && !this.runaway) record.addCountersSince(node.counters, children / simulated - 1);
    record.transitions += children;
    // Time: waves of MaxConcurrency children, each wave as long as the slowest simulated child
    // when every child was simulated, else as long as the mean child.
    const concurrency = map.maxConcurrency === 0 ? DISTRIBUTED_MAX_CONCURRENCY : Math.min(map.maxConcurrency, DISTRIBUTED_MAX_CONCURRENCY);
    const waves = Math.ceil(children / concurrency);
    const exact = simulated === children;
    this.lambdaMs = simulated === 0 ? 0 : waves * (exact && waves === 1 ? lambdaMax : lambdaSum / simulated);
    this.sfnMs = (simulated === 0 ? 0 : waves * (exact && waves === 1 ? sfnMax : sfnSum / simulated)) + this.overheadMs;
    return error;
  }
}

function firstCatcher(state: MachineState, error: string): Catcher | undefined {
  if (state.kind !== 'task' && state.kind !== 'parallel' && state.kind !== 'map') return undefined;
  return state.catchers.find((c) => errorMatches(c.errorEquals, error));
}
