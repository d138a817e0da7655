/**
 * A state machine imported from Amazon States Language, compiled for the graph runner
 * (src/engine/run-state-machine.ts). ASL is a graph (Next, Catch, Choice back-edges), so it is
 * kept as one: each scope (the top level, a Parallel branch, a Map's processor) is an array of
 * states that refer to each other by index. Every quantity is normalized (ms, MB); plain data only,
 * so a workload crosses to worker threads as it is.
 */
import type { CountDistribution, Distribution, LambdaSettings, MemoryCurve } from './types.js';

/** `next` of the last state of a scope. */
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

export interface MachineTask extends StateBase {
  readonly kind: 'task';
  readonly integration: Integration;
  readonly pattern: TaskPattern;
  /** The call itself (for a Lambda task: the invocation). */
  readonly duration: Distribution;
  /** The wait for the callback, the job or the activity worker (`callback`, `sync`, `activity`). */
  readonly wait: Distribution | undefined;
  readonly lambda: LambdaSettings;
  readonly failureRate: number;
  /** The error a failed attempt raises. */
  readonly error: string;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
  /** ASL HeartbeatSeconds, in ms (Infinity when not set). */
  readonly heartbeatMs: number;
  /** `durationByMemory`: how `duration` scales with memory; without it the duration does not change with memory. */
  readonly memoryCurve?: MemoryCurve;
}

export interface MachinePass extends StateBase {
  readonly kind: 'pass';
}

export interface MachineWait extends StateBase {
  readonly kind: 'wait';
  readonly duration: Distribution;
}

export interface MachineChoice extends StateBase {
  readonly kind: 'choice';
  /** Target state indexes, with their cumulative probabilities (the last forced to 1). */
  readonly targets: readonly number[];
  readonly cumulative: readonly number[];
}

export interface MachineParallel extends StateBase {
  readonly kind: 'parallel';
  readonly branches: readonly MachineScope[];
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
}

export interface MachineMap extends StateBase {
  readonly kind: 'map';
  readonly distributed: boolean;
  /** Distributed Map: the child executions' type. */
  readonly childType: 'STANDARD' | 'EXPRESS';
  readonly items: CountDistribution;
  /** Items per child execution (Distributed Map ItemBatcher MaxItemsPerBatch; 1 otherwise). */
  readonly itemsPerChild: number;
  /** 0 = no limit (ASL semantics). */
  readonly maxConcurrency: number;
  readonly processor: MachineScope;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
}

export interface MachineSucceed extends StateBase {
  readonly kind: 'succeed';
}

export interface MachineFail extends StateBase {
  readonly kind: 'fail';
  readonly error: string;
}

export type MachineState =
  | MachineTask
  | MachinePass
  | MachineWait
  | MachineChoice
  | MachineParallel
  | MachineMap
  | MachineSucceed
  | MachineFail;
export type MachineStateKind = MachineState['kind'];

export interface MachineScope {
  readonly startAt: number;
  readonly states: readonly MachineState[];
}

export interface StateMachine {
  /** The definition file (and template resource) it came from. */
  readonly source: string;
  readonly root: MachineScope;
  /** ASL TimeoutSeconds of the whole machine, in ms (Infinity when not set). */
  readonly timeoutMs: number;
  /** The `Type` the template declares (informational: flowcost compares both). */
  readonly declaredType: 'STANDARD' | 'EXPRESS' | undefined;
}

/** Every scope of a machine, depth first. */
export function* machineScopes(scope: MachineScope): Generator<MachineScope> {
  yield scope;
  for (const state of scope.states) {
    if (state.kind === 'parallel') for (const branch of state.branches) yield* machineScopes(branch);
    if (state.kind === 'map') yield* machineScopes(state.processor);
  }
}

/** Every state of a machine, depth first. */
export function* machineStates(machine: StateMachine): Generator<MachineState> {
  for (const scope of machineScopes(machine.root)) yield* scope.states;
}
