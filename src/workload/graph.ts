/**
 * The one model of an execution: a graph of states, as Amazon States Language has it. Step-tree
 * workloads and imported definitions both normalize into it (a step tree is a state machine written
 * shorter: a sequence is a chain of Next, a choice's branches rejoin after it, a poll wait is a
 * Wait → Task → Choice loop kept as one state), so every stage after normalization — compile,
 * simulate, estimate, sweep, timeline, export — exists once.
 *
 * Each scope (the top level, a Parallel branch, a Map's processor) is an array of states that refer
 * to each other by index. Every quantity is normalized (ms, MB); plain data only, so a workload
 * crosses to worker threads as it is.
 */
import type { CountDistribution, Distribution, LambdaSettings, MemoryCurve } from './types.js';

/** `next` of a state that ends its scope. */
export const END_OF_SCOPE = -1;

/**
 * How a Task state runs (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html):
 * request-response, `.sync` (run a job and wait), `.waitForTaskToken` (callback), or an activity.
 */
export const TASK_PATTERNS = ['request', 'sync', 'callback', 'activity'] as const;
export type TaskPattern = (typeof TASK_PATTERNS)[number];

/** What a Task state calls: a Lambda function (billed invocation) or another service (no Lambda bill). */
export const INTEGRATIONS = ['lambda', 'service'] as const;
export type Integration = (typeof INTEGRATIONS)[number];

/** ASL Retrier (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error). */
export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly maxAttempts: number;
  readonly intervalMs: number;
  readonly backoffRate: number;
  /** Infinity when MaxDelaySeconds is not set. */
  readonly maxDelayMs: number;
  /** FULL: each interval is drawn uniformly from [0, interval]. */
  readonly fullJitter: boolean;
}

export interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: number;
}

interface StateBase {
  readonly name: string;
  /** Index of the next state in the same scope, or END_OF_SCOPE. */
  readonly next: number;
  /** ASL TimeoutSeconds of the state, in ms (Infinity when not set). */
  readonly timeoutMs: number;
}

export interface TaskState extends StateBase {
  readonly kind: 'task';
  readonly integration: Integration;
  readonly pattern: TaskPattern;
  /** The call itself (for a Lambda task: the invocation). */
  readonly duration: Distribution;
  /** The wait for the callback, the job or the activity worker (`callback`, `sync`, `activity`). */
  readonly wait: Distribution | undefined;
  readonly lambda: LambdaSettings;
  /** Probability that one attempt fails. */
  readonly failureRate: number;
  /** The error a failed attempt raises. */
  readonly error: string;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
  /** ASL HeartbeatSeconds, in ms (Infinity when not set). */
  readonly heartbeatMs: number;
  /** What the user wrote: a `task` or a `wait` step (a callback wait is a Task waiting for its token). */
  readonly written: 'task' | 'wait';
  /** Duration versus memory (`durationByMemory`); without it the duration does not change with memory. */
  readonly memoryCurve?: MemoryCurve;
  /** A step tree's service task: the service it calls (`service: glue`), for messages and export. */
  readonly service?: string;
}

export interface WaitState extends StateBase {
  readonly kind: 'wait';
  readonly duration: Distribution;
}

/**
 * A polling loop (step trees' `wait: …, mode: poll`): rounds of Wait(interval) → Task(check) →
 * Choice(done?) until the condition holds, `duration` after the loop starts. One state here, three
 * states per round in Step Functions (and in `flowcost export --asl`).
 */
export interface PollState extends StateBase {
  readonly kind: 'poll';
  readonly duration: Distribution;
  readonly intervalMs: number;
  readonly check: { readonly name: string; readonly duration: Distribution; readonly lambda: LambdaSettings };
}

export interface ChoiceState extends StateBase {
  readonly kind: 'choice';
  /** Target state indexes, with their probabilities and cumulative probabilities (the last forced to 1). */
  readonly targets: readonly number[];
  readonly probabilities: readonly number[];
  readonly cumulative: readonly number[];
  /** The Default target's index, when the definition names one (for export). */
  readonly defaultTarget: number | undefined;
}

export interface ParallelState extends StateBase {
  readonly kind: 'parallel';
  readonly branches: readonly Scope[];
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
}

export interface MapState extends StateBase {
  readonly kind: 'map';
  readonly distributed: boolean;
  /** Distributed Map: the child executions' type. */
  readonly childType: 'STANDARD' | 'EXPRESS';
  readonly items: CountDistribution;
  /** Items per child execution (Distributed Map ItemBatcher MaxItemsPerBatch; 1 otherwise). */
  readonly itemsPerChild: number;
  /** 0 = no limit (ASL semantics). */
  readonly maxConcurrency: number;
  /**
   * Distributed Map: the failure threshold of its Map Run, when the definition sets one
   * (ToleratedFailurePercentage, ToleratedFailureCount); without one, any failed child fails it.
   */
  readonly tolerance?: FailureTolerance;
  readonly processor: Scope;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
}

/**
 * A Map Run fails when more than `percent` % of its items, or more than `count` items, failed
 * (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html): a field the
 * definition leaves out does not apply (100 %, Infinity).
 */
export interface FailureTolerance {
  readonly percent: number;
  readonly count: number;
}

export interface PassState extends StateBase {
  readonly kind: 'pass';
}

export interface SucceedState extends StateBase {
  readonly kind: 'succeed';
}

export interface FailState extends StateBase {
  readonly kind: 'fail';
  readonly error: string;
}

export type State = TaskState | WaitState | PollState | ChoiceState | ParallelState | MapState | PassState | SucceedState | FailState;
export type StateKind = State['kind'];

export interface Scope {
  readonly startAt: number;
  readonly states: readonly State[];
}

export interface StateGraph {
  readonly root: Scope;
  /** ASL TimeoutSeconds of the whole machine, in ms (Infinity when not set). */
  readonly timeoutMs: number;
  /** Where the graph came from. */
  readonly origin:
    | { readonly kind: 'steps' }
    | {
        readonly kind: 'definition';
        /** The definition file (and template resource) it came from. */
        readonly source: string;
        /** The `Type` the template declares (informational: flowcost compares both). */
        readonly declaredType: 'STANDARD' | 'EXPRESS' | undefined;
      };
}

/** Every scope of a graph, depth first. */
export function* scopes(scope: Scope): Generator<Scope> {
  yield scope;
  for (const state of scope.states) {
    if (state.kind === 'parallel') for (const branch of state.branches) yield* scopes(branch);
    if (state.kind === 'map') yield* scopes(state.processor);
  }
}

/** Every state of a graph, depth first. */
export function* states(graph: StateGraph): Generator<State> {
  for (const scope of scopes(graph.root)) yield* scope.states;
}

export function someState(graph: StateGraph, predicate: (state: State) => boolean): boolean {
  for (const state of states(graph)) if (predicate(state)) return true;
  return false;
}

/** The Lambda functions a graph invokes: its Lambda tasks and its polling checks. */
export function* lambdaFunctions(graph: StateGraph): Generator<LambdaSettings> {
  for (const state of states(graph)) {
    if (state.kind === 'task' && state.integration === 'lambda') yield state.lambda;
    if (state.kind === 'poll') yield state.check.lambda;
  }
}

/** A state that waits: a Wait, a polling loop, a callback, an activity or a `.sync` job. */
export function waits(state: State): boolean {
  return state.kind === 'wait' || state.kind === 'poll' || (state.kind === 'task' && state.pattern !== 'request');
}

/** A task that waits for a token to come back (callback or activity): Express cannot run it. */
export function waitsForToken(state: State): boolean {
  return state.kind === 'task' && (state.pattern === 'callback' || state.pattern === 'activity');
}

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

/** The delay before retry k + 1 (k retries made so far): IntervalSeconds × BackoffRate^k, capped by MaxDelaySeconds. */
export function retryDelayMs(retrier: Retrier, retriesSoFar: number): number {
  return Math.min(retrier.intervalMs * Math.pow(retrier.backoffRate, retriesSoFar), retrier.maxDelayMs);
}

/** The first of a state's Catchers that takes `error`. */
export function firstCatcher(catchers: readonly Catcher[], error: string): Catcher | undefined {
  return catchers.find((c) => errorMatches(c.errorEquals, error));
}

/** Every state reachable from a scope's states by transitions (Next, Choice targets, Catch). */
export function successors(state: State): number[] {
  const out: number[] = [];
  if (state.kind === 'choice') out.push(...state.targets);
  else if (state.kind !== 'succeed' && state.kind !== 'fail' && state.next !== END_OF_SCOPE) out.push(state.next);
  if (state.kind === 'task' || state.kind === 'parallel' || state.kind === 'map') for (const c of state.catchers) out.push(c.next);
  return out.filter((target) => target !== END_OF_SCOPE);
}

/** Whether any scope of the graph has a cycle (a state that can be entered again): only then can an execution run away. */
export function hasCycle(graph: StateGraph): boolean {
  for (const scope of scopes(graph.root)) {
    const n = scope.states.length;
    const mark = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
    const stack: { node: number; next: number[] }[] = [];
    for (let start = 0; start < n; start++) {
      if (mark[start] !== 0) continue;
      stack.push({ node: start, next: successors(scope.states[start]!) });
      mark[start] = 1;
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const target = top.next.pop();
        if (target === undefined) {
          mark[top.node] = 2;
          stack.pop();
          continue;
        }
        if (mark[target] === 1) return true;
        if (mark[target] === 0) {
          mark[target] = 1;
          stack.push({ node: target, next: successors(scope.states[target]!) });
        }
      }
    }
  }
  return false;
}
