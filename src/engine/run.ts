/**
 * Run one execution of a compiled plan (the workload's state graph): sample every duration,
 * failure, retry and branch, and record what happened into an ExecutionRecord. Time is kept on two
 * clocks at once: `lambda` (the whole job inline in one function) and `sfn` (the job as a state
 * machine: transition overhead, Map slots).
 *
 * Billing conventions (https://aws.amazon.com/step-functions/pricing/): every state entered is one
 * transition, each retry again; inline Map iterations cost nothing themselves but every state
 * inside does; a Distributed Map costs one transition per child execution
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-statemachines.html).
 */
import { END_OF_SCOPE, errorMatches, firstCatcher, retryDelayMs } from '../workload/graph.js';
import { RETRY_HORIZON_MS } from './retry-horizon.js';
import { UNSTRUCTURED } from '../workload/graph-structure.js';
import {
  DISTRIBUTED_CHILDREN_SIMULATED,
  DISTRIBUTED_MAX_CONCURRENCY,
  MAP_ITEMS_SIMULATED,
  MAX_STATES_SIMULATED,
  POLL_ROUNDS_SIMULATED,
  type CompiledFunction,
  type CompiledScope,
  type CompiledState,
  type Plan,
} from './compile.js';
import { expressBilledMemoryMb, expressGbHours } from '../pricing/express-billing.js';
import { fieldIndex, LONG_WAIT_MS, type ExecutionRecord } from './execution.js';
import { stepFunctionsRetryDelayMs } from './retry-delay.js';
import type { Random } from './random.js';

/** Standard's execution history limit (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). */
const HISTORY_LIMIT_EVENTS = 25_000;
/** The error the runner raises when it stops a runaway execution. */
const RUNAWAY_ERROR = 'States.Runtime';

/*
 * Execution history events, as Step Functions records them (event types of the HistoryEvent API,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): a state
 * writes <Type>StateEntered when it is entered and <Type>StateExited when it ends without an error
 * or its error is caught (a Fail state writes only FailStateEntered); a retry writes no new
 * StateEntered, only the attempt's own events (AWS's Step Functions Local testing sample shows a
 * retried task as TaskScheduled, TaskStarted, TaskFailed again under one TaskStateEntered:
 * aws-samples/aws-stepfunctions-examples, sam/app-local-testing-mock-config/README.md).
 */
/** ExecutionStarted + ExecutionSucceeded/Failed/TimedOut. */
const HISTORY_PER_EXECUTION = 2;
/** TaskScheduled + TaskStarted + TaskSucceeded/Failed per attempt (LambdaFunction… or Activity… alike). */
const HISTORY_PER_TASK_ATTEMPT = 3;
/** A `.sync` or `.waitForTaskToken` task also writes TaskSubmitted per attempt. */
const HISTORY_SUBMITTED = 1;
/** ParallelStateStarted / MapStateStarted + …Succeeded/Failed, per attempt. */
const HISTORY_PER_COMPOSITE_ATTEMPT = 2;
/** MapIterationStarted + MapIterationSucceeded/Failed/Aborted, per iteration started. */
const HISTORY_PER_ITERATION = 2;
/** Distributed Map: MapRunStarted + MapRunSucceeded/Failed (its children write histories of their own). */
const HISTORY_PER_MAP_RUN = 2;
/** One round of a polling loop: Wait (2), Task (2 + 3), Choice (2). */
const HISTORY_PER_POLL_ROUND = 9;

const LAMBDA_WALL_MS = fieldIndex('lambdaWallMs');
const SFN_WALL_MS = fieldIndex('sfnWallMs');
const TRANSITIONS = fieldIndex('transitions');
const HISTORY_EVENTS = fieldIndex('historyEvents');
const TASK_INVOCATIONS = fieldIndex('taskInvocations');
const TASK_MB_MS = fieldIndex('taskMbMs');
const TASK_INIT_MB_MS = fieldIndex('taskInitMbMs');
const TASK_STORAGE_MB_MS = fieldIndex('taskStorageMbMs');
const SINGLE_INIT_MS = fieldIndex('singleInitMs');
const TASK_TIMEOUT_RATIO = fieldIndex('taskTimeoutRatio');
const CALLBACK_WAITS = fieldIndex('callbackWaits');
const STATE_TIMEOUT_RATIO = fieldIndex('stateTimeoutRatio');
const HEARTBEAT_RATIO = fieldIndex('heartbeatRatio');
const SYNC_JOBS = fieldIndex('syncJobs');
const MAP_PARALLEL_UNITS = fieldIndex('mapParallelUnits');
const TASK_BILLED_MS = fieldIndex('taskBilledMs');
const SINGLE_FUNCTION_BILLED_MS = fieldIndex('singleFunctionBilledMs');
const WAITS = fieldIndex('waits');
const LONG_WAITS = fieldIndex('longWaits');
const COLD_RESUMES = fieldIndex('coldResumes'); // issue 18
const SERVICE_CALLS = fieldIndex('serviceCalls');
const SERVICE_CALL_MB_MS = fieldIndex('serviceCallMbMs');
const SERVICE_CALL_TIMEOUT_RATIO = fieldIndex('serviceCallTimeoutRatio');
const RETRIES = fieldIndex('retries');
const LONGEST_STRETCH_MS = fieldIndex('longestStretchMs');
const FAILED = fieldIndex('failed');
const CHILD_EXPRESS_REQUESTS = fieldIndex('childExpressRequests');
const CHILD_EXPRESS_GB_HOURS = fieldIndex('childExpressGbHours');
const CHILD_EXPRESS_MAX_MS = fieldIndex('childExpressMaxMs');
// issue 15.7: how an execution failed (the origin of the error it ended with) and the errors it survived.
const FAILED_AFTER_RETRIES = fieldIndex('failedAfterRetries');
const ENDED_IN_FAIL_STATE = fieldIndex('endedInFailState');
const RAN_AWAY = fieldIndex('ranAway');
const CAUGHT_ERRORS = fieldIndex('caughtErrors');
/** Where the error being raised came from: a task's attempt or a Fail state (a runaway is `runaway`). */
const FROM_TASK = 0;
const FROM_FAIL_STATE = 1;

/** The error of a Distributed Map whose failed items exceed its threshold. */
const EXCEEDED_TOLERATED_FAILURES = 'States.ExceedToleratedFailureThreshold';

/** One span of time in a traced execution (for timelines); times from the start of the execution. */
export interface TraceEvent {
  readonly step: string;
  /** A Lambda task's invocation, another service's call, or a wait of some kind. */
  readonly kind: 'task' | 'service' | 'retry-wait' | 'timer' | 'callback' | 'sync' | 'poll';
  /** `lambda`: the job inline in one function; `sfn`: the job as a state machine. */
  readonly clock: 'lambda' | 'sfn';
  readonly startMs: number;
  readonly endMs: number;
  /** 1 for a task's first attempt; 0 for waits. */
  readonly attempt: number;
  /** The attempt failed (a retry, a Catch or the execution's failure follows). */
  readonly failed: boolean;
  /** The top-level block the span belongs to (graph-structure.ts), -1 for none. */
  readonly block: number;
}

export class ExecutionRunner {
  /** Elapsed time of the last state or scope run, on each clock. */
  private lambdaMs = 0;
  private sfnMs = 0;
  /** Where the state being run starts, on each clock (read only by the trace). */
  private atLambda = 0;
  private atSfn = 0;
  /** The top-level block being run (read only by the trace). */
  private block = -1;
  /** Computing since the last suspension (see the record's longestStretchMs). */
  private stretchMs = 0;
  /** A structured Choice: where the run goes on after it. */
  private nextIndex = END_OF_SCOPE;
  /** A Succeed state ended its scope (and every Choice branch run inside that scope). */
  private succeeded = false;
  private statesSimulated = 0;
  private runaway = false;
  /**
   * No state is entered at or after this time (sfn clock): a Parallel branch or a Map iteration
   * failed then, and AWS stops the others (Infinity: no such failure).
   */
  private deadline = Infinity;
  /**
   * In a graph with loops, a Parallel branch runs on a share of the states left (`stateBudget`):
   * one that would loop for ever may still be stopped in time by another branch's failure.
   * `exhausted` says a branch used up its share.
   */
  private stateBudget = Infinity;
  private exhausted = false;
  /** At most this many states per Parallel branch in this run of its branches (grown until it suffices). */
  private branchShare = Infinity;
  /** Set by a Parallel's branches: the earliest time one of them had reached when it used up its share. */
  private exhaustedAt = Infinity;
  /** Set by a Parallel's or a Map's branches: when the first of them failed, and with what. */
  private failedAt = Infinity;
  private failure: string | null = null;
  /** issue 15.7: FROM_TASK or FROM_FAIL_STATE, for the error being raised (a Parallel's or a Map's: its first in time). */
  private errorOrigin = FROM_TASK;
  private readonly values: Float64Array;

  /** `trace` (optional) sees every task attempt and wait; it changes no draw and no result. */
  constructor(
    private readonly plan: Plan,
    private random: Random,
    private readonly record: ExecutionRecord,
    private trace?: (event: TraceEvent) => void,
  ) {
    record.trackBlocks(plan.blocks);
    this.values = record.values;
  }

  run(): void {
    const record = this.record;
    const v = this.values;
    record.reset();
    v[HISTORY_EVENTS] = HISTORY_PER_EXECUTION;
    const coldStart = this.plan.singleFunctionColdStart;
    if (coldStart && this.random.chance(coldStart.probability)) v[SINGLE_INIT_MS] = this.random.sample(coldStart.init);
    this.atLambda = 0;
    this.atSfn = 0;
    this.stretchMs = 0;
    this.statesSimulated = 0;
    this.runaway = false;
    this.succeeded = false;
    this.deadline = Infinity;
    this.stateBudget = Infinity;
    this.exhausted = false;
    const error = this.runScope(this.plan.root, this.plan.root.startAt, END_OF_SCOPE, true, false);
    if (error !== null) {
      v[FAILED] = 1;
      // issue 15.7
      v[this.runaway ? RAN_AWAY : this.errorOrigin === FROM_FAIL_STATE ? ENDED_IN_FAIL_STATE : FAILED_AFTER_RETRIES] = 1;
    }
    if (this.runaway && v[HISTORY_EVENTS]! <= HISTORY_LIMIT_EVENTS) v[HISTORY_EVENTS] = HISTORY_LIMIT_EVENTS + 1;
    v[LAMBDA_WALL_MS] = this.lambdaMs;
    v[SFN_WALL_MS] = this.sfnMs;
    // The machine's own TimeoutSeconds: the execution fails with States.Timeout past it.
    const ratio = this.sfnMs / this.plan.machineTimeoutMs;
    if (ratio > v[STATE_TIMEOUT_RATIO]!) v[STATE_TIMEOUT_RATIO] = ratio;
  }

  /**
   * Runs a scope from `start` until `stop` (a structured Choice's join) or its end; returns the
   * error it ended with, or null. `root`: the top level, whose blocks are accounted for.
   * `region`: a Choice's branch inside its scope (a Succeed there ends the enclosing scope too).
   */
  private runScope(scope: CompiledScope, start: number, stop: number, root: boolean, region: boolean): string | null {
    const v = this.values;
    let lambda = 0;
    let sfn = 0;
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    let index = start;
    let error: string | null = null;
    while (index !== stop && index !== END_OF_SCOPE) {
      if (this.plan.canRunAway && this.outOfStates()) {
        if (this.runaway) error = RUNAWAY_ERROR;
        break;
      }
      this.atLambda = startLambda + lambda;
      this.atSfn = startSfn + sfn;
      // Past the failure of another Parallel branch or Map iteration, this one stops: a state
      // starting at the very moment of the failure is still entered (it ran concurrently).
      if (this.atSfn > this.deadline) break;
      const node = scope.states[index]!;
      const kind = node.kind;
      let transitionsBefore = 0;
      let historyBefore = 0;
      if (root) {
        this.block = this.plan.blockOf[index]!;
        transitionsBefore = v[TRANSITIONS]!;
        historyBefore = v[HISTORY_EVENTS]!;
      }
      // A plain task (a Lambda or service call, no Retry, nothing to wait for) is run directly.
      error = node.plainTask ? this.runTaskAttempt(node) : this.runState(node, scope);
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      const catcher = error === null || this.runaway ? undefined : firstCatcher(node.catchers, error);
      // <Type>StateEntered, and <Type>StateExited unless an error leaves the state uncaught (a
      // polling loop and a Choice write their own).
      if (node.ownHistory) v[HISTORY_EVENTS]! += error === null || catcher ? 2 : 1;
      if (root && this.block >= 0) this.addToBlock(transitionsBefore, historyBefore);
      if (error !== null) {
        // issue 15.7: a task's or a Fail state's own error (a Parallel, a Map, a Choice's branch set theirs inside).
        if (kind === 'task') this.errorOrigin = FROM_TASK;
        else if (kind === 'fail') this.errorOrigin = FROM_FAIL_STATE;
        if (catcher === undefined) break;
        v[CAUGHT_ERRORS]!++; // issue 15.7
        // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states
        error = null;
        index = catcher.next;
        continue;
      }
      if (this.succeeded || kind === 'succeed') {
        this.succeeded = region;
        break;
      }
      index = kind === 'choice' ? this.nextIndex : node.next;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
    return error;
  }

  /**
   * In a graph with loops: whether the run must stop before the next state, because the execution
   * ran away (too many states) or a Parallel branch used up its share of them.
   */
  private outOfStates(): boolean {
    if (this.statesSimulated >= MAX_STATES_SIMULATED) {
      this.runaway = true;
      return true;
    }
    if (this.exhausted || this.statesSimulated >= this.stateBudget) {
      this.exhausted = true;
      return true;
    }
    return false;
  }

  /** What the top-level state just run added to its block (the hybrid's Express children are blocks). */
  private addToBlock(transitionsBefore: number, historyBefore: number): void {
    const v = this.values;
    const record = this.record;
    const block = this.block;
    record.blockSfnMs[block]! += this.sfnMs;
    record.blockTransitions[block]! += v[TRANSITIONS]! - transitionsBefore;
    record.blockHistoryEvents[block]! += v[HISTORY_EVENTS]! - historyBefore;
  }

  /** A state entered, or entered again by a retry: one transition. */
  private enterState(): void {
    this.statesSimulated++;
    this.values[TRANSITIONS]!++;
  }

  private compute(ms: number): void {
    this.stretchMs += ms;
    if (this.stretchMs > this.values[LONGEST_STRETCH_MS]!) this.values[LONGEST_STRETCH_MS] = this.stretchMs;
  }

  /**
   * A wait that a durable function sleeps through and a chain hands over; a timed one longer than
   * 15 minutes needs a schedule in a chain (a callback does not: something else resumes it).
   */
  private suspend(waitMs: number, timed: boolean): void {
    this.values[WAITS]!++;
    if (timed && waitMs > LONG_WAIT_MS) this.values[LONG_WAITS]!++;
    if (waitMs > this.plan.durableKeepWarmMs) this.values[COLD_RESUMES]!++; // issue 18: a durable function resumes cold
    this.stretchMs = 0;
  }

  private runState(node: CompiledState, scope: CompiledScope): string | null {
    switch (node.kind) {
      case 'task':
        if (node.retriers.length > 0) return this.withRetries(node);
        return this.runTaskAttempt(node);
      case 'parallel':
      case 'map':
        return this.withRetries(node);
      case 'wait': {
        this.enterState();
        const ms = this.random.sample(node.duration!);
        this.suspend(ms, true);
        if (this.trace) this.traceSpans(node.name, 'timer', 0, ms, 0, ms, 0, false);
        this.lambdaMs = ms;
        this.sfnMs = ms + this.plan.transitionOverheadMs;
        return null;
      }
      case 'poll':
        return this.runPoll(node);
      case 'choice':
        return this.runChoice(node, scope);
      case 'pass':
      case 'succeed':
      case 'fail':
        this.enterState();
        this.lambdaMs = 0;
        this.sfnMs = this.plan.transitionOverheadMs;
        return node.kind === 'fail' ? node.error : null;
    }
  }

  /**
   * Runs `attempt` until it succeeds or no Retrier takes its error: the first Retrier whose
   * ErrorEquals matches retries it after IntervalSeconds × BackoffRate^(retries so far), capped by
   * MaxDelaySeconds, drawn from [0, delay] with FULL jitter; each Retrier counts its own retries
   * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error).
   */
  private withRetries(node: CompiledState): string | null {
    const retriers = node.retriers;
    const counts = node.retries;
    for (let r = 0; r < counts.length; r++) counts[r] = 0;
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    let lambda = 0;
    let sfn = 0;
    let error: string | null;
    for (let n = 1; ; n++) {
      this.attempt = n;
      error = this.runAttempt(node);
      this.attempt = 1;
      lambda += this.lambdaMs;
      sfn += this.sfnMs;
      if (error === null || this.runaway) break;
      let r = 0;
      while (r < retriers.length && !errorMatches(retriers[r]!.errorEquals, error)) r++;
      const retrier = retriers[r];
      if (retrier === undefined || counts[r]! >= retrier.maxAttempts) break;
      // Another branch failed before this retry would start: AWS stops this state.
      if (startSfn + sfn > this.deadline) break;
      // Retrying for longer than any architecture keeps an execution: stopped (retry-horizon.ts).
      if (sfn > RETRY_HORIZON_MS) break;
      let delay = Math.min(retryDelayMs(retrier, counts[r]!), RETRY_HORIZON_MS);
      // issue 15.10: the Step Functions clock waits whole seconds (IntervalSeconds); the job inline waits as written.
      let sfnDelay = Math.min(stepFunctionsRetryDelayMs(retrier, counts[r]!), RETRY_HORIZON_MS);
      if (retrier.fullJitter) {
        const u = this.random.uniform();
        delay *= u;
        sfnDelay *= u;
      }
      counts[r]!++;
      this.atLambda = startLambda;
      this.atSfn = startSfn;
      if (this.trace) this.traceSpans(node.name, 'retry-wait', lambda, delay, sfn, sfnDelay, n, false);
      lambda += delay;
      sfn += sfnDelay;
      // A retry after a delay: a durable function sleeps through it, a chain re-queues the step.
      this.values[RETRIES]!++;
      if (delay > 0) this.stretchMs = 0;
      this.atLambda = startLambda + lambda;
      this.atSfn = startSfn + sfn;
    }
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
    return error;
  }

  /** The attempt being run (1 for the first), for the trace. */
  private attempt = 1;

  /** One attempt of a state that retries: a Task, a Parallel or a Map. */
  private runAttempt(node: CompiledState): string | null {
    switch (node.kind) {
      case 'task':
        return this.runTaskAttempt(node);
      case 'parallel':
        return this.runParallel(node);
      case 'map':
        return node.distributed ? this.runDistributedMap(node) : this.runInlineMap(node);
      default:
        return null;
    }
  }

  /**
   * One Lambda invocation; returns its INIT time (0 when warm). `singleMs`: how long it runs inside
   * the single function (at that function's memory), the computing of a durable function.
   */
  private invoke(fn: CompiledFunction, durationMs: number, singleMs: number): number {
    const v = this.values;
    const coldStart = fn.coldStart;
    const initMs = coldStart && this.random.chance(coldStart.probability) ? this.random.sample(coldStart.init) : 0;
    // Billed duration = INIT + INVOKE, rounded up to 1 ms as one figure; the invoke part stops at the timeout.
    const billedMs = Math.ceil(initMs + Math.min(durationMs, fn.timeoutMs));
    v[TASK_INVOCATIONS]!++;
    v[TASK_BILLED_MS]! += billedMs;
    v[TASK_INIT_MB_MS]! += initMs * fn.memoryMb;
    v[TASK_MB_MS]! += (billedMs - initMs) * fn.memoryMb;
    v[TASK_STORAGE_MB_MS]! += billedMs * fn.extraStorageMb;
    v[SINGLE_FUNCTION_BILLED_MS]! += singleMs === durationMs ? billedMs : Math.ceil(initMs + Math.min(singleMs, fn.timeoutMs));
    const ratio = durationMs / fn.timeoutMs;
    if (ratio > v[TASK_TIMEOUT_RATIO]!) v[TASK_TIMEOUT_RATIO] = ratio;
    this.compute(singleMs);
    return initMs;
  }

  /**
   * A call to another service that a function would wait for (issue 18.3): in a chain the step's
   * function calls the SDK and waits, billed per ms at the workload's Lambda memory and stopped at
   * its timeout; Step Functions calls the service itself and bills no Lambda.
   */
  private serviceCall(fn: CompiledFunction, durationMs: number): void {
    const v = this.values;
    v[SERVICE_CALLS]!++;
    v[SERVICE_CALL_MB_MS]! += Math.ceil(Math.min(durationMs, fn.timeoutMs)) * fn.memoryMb;
    const ratio = durationMs / fn.timeoutMs;
    if (ratio > v[SERVICE_CALL_TIMEOUT_RATIO]!) v[SERVICE_CALL_TIMEOUT_RATIO] = ratio;
  }

  /** One attempt of a Task: a Lambda invocation, or a call to another service, and what it waits for. */
  private runTaskAttempt(node: CompiledState): string | null {
    const v = this.values;
    const random = this.random;
    this.enterState();
    const durationMs = random.sample(node.duration!);
    const singleMs = durationMs * node.singleFunctionScale;
    const initMs = node.fn ? this.invoke(node.fn, durationMs, singleMs) : 0;
    if (node.serviceFn) this.serviceCall(node.serviceFn, durationMs);
    if (node.pattern !== 'request' || node.wait || this.trace) return this.finishWaitingAttempt(node, durationMs, singleMs, initMs);
    v[HISTORY_EVENTS]! += HISTORY_PER_TASK_ATTEMPT;
    const failed = random.chance(node.failureRate);
    if (node.timeoutMs !== Infinity || node.heartbeatMs !== Infinity) this.stateTimeouts(node, durationMs);
    this.lambdaMs = singleMs;
    this.sfnMs = initMs + durationMs + this.plan.transitionOverheadMs;
    return failed ? node.error : null;
  }

  /** The rest of a task attempt that waits (a callback, an activity, a `.sync` job) or is traced. */
  private finishWaitingAttempt(node: CompiledState, durationMs: number, singleMs: number, initMs: number): string | null {
    const v = this.values;
    const random = this.random;
    const pattern = node.pattern;
    v[HISTORY_EVENTS]! += pattern === 'sync' || pattern === 'callback' ? HISTORY_PER_TASK_ATTEMPT + HISTORY_SUBMITTED : HISTORY_PER_TASK_ATTEMPT;
    const waitMs = node.wait ? random.sample(node.wait) : 0;
    if (pattern === 'callback' || pattern === 'activity') {
      v[CALLBACK_WAITS]!++;
      this.suspend(waitMs, false);
    }
    if (pattern === 'sync') v[SYNC_JOBS]!++;
    const failed = random.chance(node.failureRate);
    const busyMs = durationMs + waitMs;
    this.stateTimeouts(node, busyMs);
    if (this.trace) {
      if (node.fn || durationMs > 0) {
        this.traceSpans(node.name, node.fn ? 'task' : 'service', 0, singleMs, 0, initMs + durationMs, this.attempt, failed && waitMs === 0);
      }
      if (node.wait) {
        const kind = pattern === 'sync' ? 'sync' : 'callback';
        this.traceSpans(node.name, kind, singleMs, waitMs, initMs + durationMs, waitMs, node.writtenAsWait ? 0 : this.attempt, failed);
      }
    }
    this.lambdaMs = singleMs + waitMs;
    this.sfnMs = initMs + busyMs + this.plan.transitionOverheadMs;
    return failed ? node.error : null;
  }

  /** A task's TimeoutSeconds and HeartbeatSeconds: how close it came to them. */
  private stateTimeouts(node: CompiledState, busyMs: number): void {
    const v = this.values;
    const timeoutRatio = busyMs / node.timeoutMs;
    if (timeoutRatio > v[STATE_TIMEOUT_RATIO]!) v[STATE_TIMEOUT_RATIO] = timeoutRatio;
    const heartbeatRatio = busyMs / node.heartbeatMs;
    if (heartbeatRatio > v[HEARTBEAT_RATIO]!) v[HEARTBEAT_RATIO] = heartbeatRatio;
  }

  /**
   * A polling loop: rounds of Wait(interval) → check task → Choice(done?) until the condition
   * holds, which it does `duration` after the loop starts. Every round is alike: a long loop is
   * simulated in part and its counts, costs and time scaled to all of its rounds.
   */
  private runPoll(node: CompiledState): string | null {
    const v = this.values;
    const overhead = this.plan.transitionOverheadMs;
    const durationMs = this.random.sample(node.duration!);
    const interval = node.intervalMs;
    const fn = node.fn!;
    const rounds = Math.max(1, Math.ceil(durationMs / interval));
    const simulated = rounds > POLL_ROUNDS_SIMULATED ? POLL_ROUNDS_SIMULATED : rounds;
    if (simulated < rounds) this.record.snapshotCounts(node.counts);
    let lambda = 0;
    let sfn = 0;
    for (let round = 0; round < simulated; round++) {
      const checkMs = this.random.sample(node.checkDuration!);
      this.enterState(); // Wait
      this.enterState(); // Task (check)
      this.suspend(interval, true);
      v[HISTORY_EVENTS]! += HISTORY_PER_POLL_ROUND;
      const initMs = this.invoke(fn, checkMs, checkMs);
      this.enterState(); // Choice
      lambda += interval + checkMs;
      sfn += interval + initMs + checkMs + 3 * overhead;
    }
    if (simulated < rounds) {
      const factor = (rounds - simulated) / simulated;
      this.record.addCountsSince(node.counts, factor);
      lambda *= rounds / simulated;
      sfn *= rounds / simulated;
    }
    if (this.trace) this.traceSpans(node.name, 'poll', 0, lambda, 0, sfn, 0, false);
    this.lambdaMs = lambda;
    this.sfnMs = sfn;
    return null;
  }

  /**
   * A Choice picks a target by its probabilities. A structured one (its branches rejoin before it
   * can be entered again) runs the branch it picked here, up to the join, so that the branch's
   * time adds up as one part of the scope; an unstructured one just says where to go next.
   */
  private runChoice(node: CompiledState, scope: CompiledScope): string | null {
    this.enterState();
    const { targets, cumulative } = node;
    const u = this.random.uniform();
    let branch = 0;
    while (branch < cumulative.length - 1 && u >= cumulative[branch]!) branch++;
    const target = targets[branch] ?? END_OF_SCOPE;
    const overhead = this.plan.transitionOverheadMs;
    this.values[HISTORY_EVENTS]! += 2; // ChoiceStateEntered and ChoiceStateExited, before the branch it picked
    if (node.join === UNSTRUCTURED) {
      this.nextIndex = target;
      this.lambdaMs = 0;
      this.sfnMs = overhead;
      return null;
    }
    const error = this.runScope(scope, target, node.join, false, true);
    this.nextIndex = node.join;
    this.sfnMs += overhead;
    return error;
  }

  /**
   * Branches run concurrently: the slowest decides. When one fails, AWS fails the Parallel and stops
   * the others: states they have not entered yet are never entered, and the error is the one that
   * happened first (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html).
   * Branches that can fail each draw from a stream of their own, so after a failure the branches
   * are run again from the same draws, each stopped at the time of the first failure.
   */
  private runParallel(node: CompiledState): string | null {
    this.enterState();
    this.values[HISTORY_EVENTS]! += HISTORY_PER_COMPOSITE_ATTEMPT;
    if (!node.canFail) {
      this.parallelBranches(node);
      return null;
    }
    for (let b = 0; b < node.branches.length; b++) node.seeds[b] = this.random.nextUint32();
    return this.withReplayAfterFailure(node, () => this.parallelBranches(node));
  }

  private parallelBranches(node: CompiledState): void {
    const v = this.values;
    let lambda = 0;
    let sfn = 0;
    let failedAt = Infinity;
    let failure: string | null = null;
    let failureOrigin = FROM_TASK; // issue 15.7
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const stretchAtStart = this.stretchMs;
    let stretchAtEnd = stretchAtStart;
    const parent = this.random;
    const outer = this.deadline;
    const outerBudget = this.stateBudget;
    /** The earliest time a branch had reached when it used up its share of states. */
    let exhaustedAt = Infinity;
    const branches = node.branches.length;
    for (let b = 0; b < branches; b++) {
      if (this.runaway) break;
      const branch = node.branches[b]!;
      if (this.plan.canRunAway) {
        const left = Math.min(outerBudget, MAX_STATES_SIMULATED) - this.statesSimulated;
        this.stateBudget = this.statesSimulated + Math.min(this.branchShare, Math.floor(left / (branches - b)));
      }
      this.stretchMs = stretchAtStart;
      v[MAP_PARALLEL_UNITS]!++;
      this.atLambda = startLambda;
      this.atSfn = startSfn;
      if (node.substream) {
        node.substream.reseed(node.seeds[b]!);
        this.random = node.substream;
      }
      const branchError = this.runScope(branch, branch.startAt, END_OF_SCOPE, false, false);
      if (node.substream) this.random = parent;
      this.stateBudget = outerBudget;
      if (this.exhausted) {
        this.exhausted = outerBudget !== Infinity && this.statesSimulated >= outerBudget;
        exhaustedAt = Math.min(exhaustedAt, startSfn + this.sfnMs);
      }
      if (this.stretchMs > stretchAtEnd) stretchAtEnd = this.stretchMs;
      if (branchError !== null && startSfn + this.sfnMs < failedAt) {
        failedAt = startSfn + this.sfnMs;
        failure = branchError;
        failureOrigin = this.errorOrigin; // issue 15.7
        // The branches after this one stop here already (a replay stops them all at the first failure).
        this.deadline = Math.min(outer, failedAt);
      }
      if (this.lambdaMs > lambda) lambda = this.lambdaMs;
      if (this.sfnMs > sfn) sfn = this.sfnMs;
    }
    this.deadline = outer;
    this.exhaustedAt = exhaustedAt;
    if (exhaustedAt < failedAt && !this.exhausted && this.branchShare === Infinity) {
      // A branch was still looping when nothing had yet stopped it: the execution runs away.
      this.runaway = true;
      failure = RUNAWAY_ERROR;
      failedAt = startSfn + sfn;
    }
    this.stretchMs = stretchAtEnd;
    this.failedAt = failedAt;
    this.failure = failure;
    this.errorOrigin = failureOrigin; // issue 15.7
    this.lambdaMs = lambda;
    this.sfnMs = (failure === null ? sfn : failedAt - startSfn) + this.plan.transitionOverheadMs;
  }

  /**
   * Runs `branches` (a Parallel's or a Map's, each on its own stream); when one failed, restores
   * the record and runs them again, stopped at the first failure, and returns that failure.
   */
  private withReplayAfterFailure(node: CompiledState, branches: () => void): string | null {
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const stretch = this.stretchMs;
    node.snapshot.set(this.values);
    const trace = this.trace;
    const traced: TraceEvent[] = [];
    if (trace) this.trace = (event) => traced.push(event);
    // In a graph with loops, try small shares of states per branch first: a branch that loops for
    // ever is usually stopped early by another's failure; grow the share only when that does not
    // settle it (the last try uses the whole budget: then a loop that nothing stops runs away).
    for (let share = this.plan.canRunAway ? 256 : Infinity; ; share *= 16) {
      const outerShare = this.branchShare;
      this.branchShare = share >= MAX_STATES_SIMULATED ? Infinity : share;
      branches();
      this.branchShare = outerShare;
      if (share >= MAX_STATES_SIMULATED || this.runaway || this.exhaustedAt >= this.failedAt) break;
      this.values.set(node.snapshot);
      this.stretchMs = stretch;
      this.atLambda = startLambda;
      this.atSfn = startSfn;
      traced.length = 0;
    }
    this.trace = trace;
    const failedAt = this.failedAt;
    const failure = this.failure;
    if (failure === null || this.runaway) {
      if (trace) for (const event of traced) trace(event);
      return failure;
    }
    this.values.set(node.snapshot);
    this.stretchMs = stretch;
    this.atLambda = startLambda;
    this.atSfn = startSfn;
    const outer = this.deadline;
    this.deadline = Math.min(outer, failedAt);
    branches();
    this.deadline = outer;
    return failure;
  }

  private sampleItems(node: CompiledState): number {
    const n = Math.round(this.random.sample(node.items!));
    return n < node.minItems ? node.minItems : n > node.maxItems ? node.maxItems : n;
  }

  /**
   * Inline Map: at most 40 iterations at once in Step Functions; inside one function, waves of as
   * many as its code runs at once (lambda.inProcessConcurrency, default 1: one after another). A failed iteration fails the Map: iterations not started by then never start, the
   * others stop (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html), run
   * again from their own streams as for a Parallel.
   */
  private runInlineMap(node: CompiledState): string | null {
    this.enterState();
    this.values[HISTORY_EVENTS]! += HISTORY_PER_COMPOSITE_ATTEMPT;
    const allItems = this.sampleItems(node);
    const items = allItems > MAP_ITEMS_SIMULATED ? MAP_ITEMS_SIMULATED : allItems;
    if (items < allItems) this.record.snapshotCounts(node.counts);
    if (!node.canFail) {
      this.mapItems(node, items, allItems);
      return null;
    }
    for (let i = 0; i < items; i++) node.seeds[i] = this.random.nextUint32();
    return this.withReplayAfterFailure(node, () => this.mapItems(node, items, allItems));
  }

  private mapItems(node: CompiledState, items: number, allItems: number): void {
    const v = this.values;
    const schedule = node.schedule;
    schedule.start(node.functionWave);
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const wave = node.functionWave;
    // Inside one function each wave of items starts where the slowest of the wave before ended.
    let stretchAtWave = this.stretchMs;
    let stretchAtEnd = stretchAtWave;
    const processor = node.processor!;
    const parent = this.random;
    const outer = this.deadline;
    let failedAt = Infinity;
    let failure: string | null = null;
    let failureOrigin = FROM_TASK; // issue 15.7
    for (let item = 0; item < items && !this.runaway; item++) {
      const slot = schedule.nextSlot();
      // Items start in order, each in the slot that frees first: none starts once one has failed
      // (not even one whose slot frees at that very moment: it was freed by the failure).
      if (startSfn + schedule.slotStart(slot) >= this.deadline) break;
      v[MAP_PARALLEL_UNITS]!++;
      v[HISTORY_EVENTS]! += HISTORY_PER_ITERATION;
      this.atLambda = startLambda + schedule.lambdaElapsed();
      this.atSfn = startSfn + schedule.slotStart(slot);
      if (item > 0 && item % wave === 0) stretchAtWave = stretchAtEnd;
      this.stretchMs = stretchAtWave;
      if (node.substream) {
        node.substream.reseed(node.seeds[item]!);
        this.random = node.substream;
      }
      const itemError = this.runScope(processor, processor.startAt, END_OF_SCOPE, false, false);
      if (node.substream) this.random = parent;
      if (this.stretchMs > stretchAtEnd) stretchAtEnd = this.stretchMs;
      if (itemError !== null && this.atSfn + this.sfnMs < failedAt) {
        failedAt = this.atSfn + this.sfnMs;
        failure = itemError;
        failureOrigin = this.errorOrigin; // issue 15.7
        this.deadline = Math.min(outer, failedAt);
      }
      schedule.finish(slot, this.lambdaMs, this.sfnMs);
    }
    let lambda = schedule.totalLambdaMs();
    let sfn = schedule.totalSfnMs();
    this.deadline = outer;
    this.exhaustedAt = Infinity;
    if (items < allItems && !this.runaway && failure === null && outer === Infinity) {
      // A huge Map: the simulated items stand for all of them. Counts and costs scale exactly in
      // expectation; time scales with the number of rounds of slots (all at once: the slowest item).
      const scale = allItems / items;
      this.record.addCountsSince(node.counts, scale - 1);
      lambda *= Math.ceil(allItems / node.functionWave) / Math.ceil(items / node.functionWave);
      sfn *= scale;
    }
    this.stretchMs = stretchAtEnd;
    this.failedAt = failedAt;
    this.failure = failure;
    this.errorOrigin = failureOrigin; // issue 15.7
    this.lambdaMs = lambda;
    this.sfnMs = (failure === null ? sfn : failedAt - startSfn) + this.plan.transitionOverheadMs;
  }

  /**
   * Distributed Map: one transition per child execution started (a batch of ItemsPerBatch items
   * each). STANDARD children's states are billed as transitions too; EXPRESS children's are not.
   * Children write their own history, not the parent's. A sample of children stands for all.
   */
  private runDistributedMap(node: CompiledState): string | null {
    this.enterState();
    const v = this.values;
    const record = this.record;
    const express = node.expressChildren;
    const items = this.sampleItems(node);
    const children = Math.ceil(items / node.itemsPerChild);
    const simulated = Math.min(children, DISTRIBUTED_CHILDREN_SIMULATED);
    record.snapshotCounts(node.counts);
    const transitionsBefore = v[TRANSITIONS]!;
    const historyBefore = v[HISTORY_EVENTS]!;
    const processor = node.processor!;
    const startLambda = this.atLambda;
    const startSfn = this.atSfn;
    const wave = node.functionWave;
    let stretchAtWave = this.stretchMs;
    let stretchAtEnd = stretchAtWave;
    let lambdaSum = 0;
    let sfnSum = 0;
    let lambdaMax = 0;
    let sfnMax = 0;
    let error: string | null = null;
    let failedChildren = 0;
    let failedItems = 0;
    let errorOrigin = FROM_TASK; // issue 15.7
    let expressGb = 0;
    for (let child = 0; child < simulated && !this.runaway; child++) {
      this.atLambda = startLambda;
      this.atSfn = startSfn;
      if (child > 0 && child % wave === 0) stretchAtWave = stretchAtEnd;
      this.stretchMs = stretchAtWave;
      const unitsBefore = v[MAP_PARALLEL_UNITS]!;
      const childError = this.runScope(processor, processor.startAt, END_OF_SCOPE, false, false);
      if (this.stretchMs > stretchAtEnd) stretchAtEnd = this.stretchMs;
      if (childError !== null) {
        if (error === null) errorOrigin = this.errorOrigin; // issue 15.7
        error ??= childError;
        failedChildren++;
        // The items of the batch it ran (the last child holds the rest).
        failedItems += child === children - 1 ? items - child * node.itemsPerChild : node.itemsPerChild;
      }
      lambdaSum += this.lambdaMs;
      sfnSum += this.sfnMs;
      if (this.lambdaMs > lambdaMax) lambdaMax = this.lambdaMs;
      if (this.sfnMs > sfnMax) sfnMax = this.sfnMs;
      if (express) {
        // An Express execution of its own: its duration and memory are billed per child.
        const memoryMb = expressBilledMemoryMb(node.childDefinitionKb, this.plan.payloadKb, v[MAP_PARALLEL_UNITS]! - unitsBefore);
        expressGb += expressGbHours(this.sfnMs, memoryMb);
        if (this.sfnMs > v[CHILD_EXPRESS_MAX_MS]!) v[CHILD_EXPRESS_MAX_MS] = this.sfnMs;
      }
    }
    if (express) {
      v[TRANSITIONS] = transitionsBefore;
      v[CHILD_EXPRESS_REQUESTS]! += simulated;
      v[CHILD_EXPRESS_GB_HOURS]! += expressGb;
    }
    // The children write histories of their own.
    v[HISTORY_EVENTS] = historyBefore;
    if (simulated > 0 && simulated < children && !this.runaway) record.addCountsSince(node.counts, children / simulated - 1);
    v[TRANSITIONS]! += children;
    // The parent records MapStateStarted/Succeeded and the Map Run's MapRunStarted/Succeeded.
    v[HISTORY_EVENTS]! += HISTORY_PER_COMPOSITE_ATTEMPT + HISTORY_PER_MAP_RUN;
    // Time: waves of MaxConcurrency children, each wave as long as the slowest simulated child
    // when every child was simulated, else as long as the mean child.
    const concurrency = node.maxConcurrency === 0 ? DISTRIBUTED_MAX_CONCURRENCY : Math.min(node.maxConcurrency, DISTRIBUTED_MAX_CONCURRENCY);
    const waves = Math.ceil(children / concurrency);
    // Inside one function: waves of as many children as its code runs at once.
    const functionWaves = Math.ceil(children / node.functionWave);
    const exact = simulated === children;
    this.stretchMs = stretchAtEnd;
    this.lambdaMs = simulated === 0 ? 0 : functionWaves * (exact && functionWaves === 1 ? lambdaMax : lambdaSum / simulated);
    this.sfnMs = (simulated === 0 ? 0 : waves * (exact && waves === 1 ? sfnMax : sfnSum / simulated)) + this.plan.transitionOverheadMs;
    this.errorOrigin = errorOrigin; // issue 15.7
    const tolerance = node.tolerance;
    if (error === null || tolerance === undefined) return error;
    // A failure threshold: the Map Run fails only when the failed items exceed it; a sample of
    // children stands for all of them (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html).
    const failed = exact ? failedItems : (failedChildren / simulated) * items;
    return failed > tolerance.count || failed * 100 > tolerance.percent * items ? EXCEEDED_TOLERATED_FAILURES : null;
  }

  /** Reports one span per clock; offsets are relative to where the current state starts. */
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
    const block = this.block;
    this.trace?.({ step, kind, clock: 'lambda', startMs: lambdaStart, endMs: lambdaStart + lambdaMs, attempt, failed, block });
    this.trace?.({ step, kind, clock: 'sfn', startMs: sfnStart, endMs: sfnStart + sfnMs, attempt, failed, block });
  }
}
