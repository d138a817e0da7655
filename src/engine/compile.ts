/**
 * Compile a workload's state graph once into the plan the runner walks per sample: samplers for
 * every distribution, scratch buffers allocated up front (retry counts, Map slots, snapshots), the
 * join of each structured Choice and the blocks of the top level (graph-structure.ts). A sample
 * allocates nothing.
 */
import { hasCycle, states, type Catcher, type FailureTolerance, type Retrier, type Scope, type State, type StateGraph, type StateKind, type TaskPattern } from '../workload/graph.js';
import { blocksOf, choiceJoins, postDominators } from '../workload/graph-structure.js';
import type { ColdStartProfile, LambdaSettings, Workload } from '../workload/types.js';
import { durationAtMemory, durationScale } from '../workload/memory-curve.js';
import { COUNTS, RECORD_FIELDS } from './execution.js';
import { MapSchedule } from './map-schedule.js';
import { Random, toSampler, type Sampler } from './random.js';

/** Lambda bills /tmp above this size. */
export const FREE_EPHEMERAL_STORAGE_MB = 512;

/**
 * Bounded work: one execution simulates at most this many items of one inline Map, this many
 * child executions of a Distributed Map and this many rounds of one polling loop, and scales what
 * they add up to the whole (stated in the report).
 */
export const MAP_ITEMS_SIMULATED = 10_000;
export const DISTRIBUTED_CHILDREN_SIMULATED = 64;
export const POLL_ROUNDS_SIMULATED = 256;
/**
 * A graph with a loop can run away: one execution simulates at most this many states, then it is
 * stopped and counts as failed and as breaking Standard's 25,000-event history, which it has long
 * passed by then (every state writes at least one event).
 */
export const MAX_STATES_SIMULATED = 50_000;

/** Step Functions runs at most 40 inline Map iterations at once, whatever MaxConcurrency says. */
export const INLINE_MAP_MAX_CONCURRENCY = 40; // https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
/** Distributed Map runs up to 10,000 child executions at once (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html). */
export const DISTRIBUTED_MAX_CONCURRENCY = 10_000;

export interface ColdStartSampler {
  readonly probability: number;
  readonly init: Sampler;
}

/** A Lambda function as the runner bills it. */
export interface CompiledFunction {
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly coldStart: ColdStartSampler | undefined;
  /** Ephemeral storage above the free 512 MB. */
  readonly extraStorageMb: number;
}

/**
 * A state as the runner reads it: every field it needs copied into one object shape (the graph's
 * states have one shape per kind; the runner's hot loop must see one), with samplers and scratch.
 */
export interface CompiledState {
  readonly kind: StateKind;
  readonly name: string;
  /** A Task with nothing around its one attempt: no Retry, no wait (the runner's fast path). */
  readonly plainTask: boolean;
  /** Whether the runner writes this state's StateEntered/StateExited events (a poll and a Choice write their own). */
  readonly ownHistory: boolean;
  /** Index of the state in its scope, and of the next one (END_OF_SCOPE: the end). */
  readonly index: number;
  readonly next: number;
  /** TimeoutSeconds and HeartbeatSeconds, in ms (Infinity when not set). */
  readonly timeoutMs: number;
  readonly heartbeatMs: number;
  /** Task: how it runs, and whether the user wrote it as a wait step (a callback). */
  readonly pattern: TaskPattern;
  readonly writtenAsWait: boolean;
  /** Task: the probability that an attempt fails, and the error it raises; Fail: its error. */
  readonly failureRate: number;
  readonly error: string;
  /** Task: the call; Wait: the wait; poll: the time until the condition holds. */
  readonly duration: Sampler | undefined;
  /** Task: the callback, activity or `.sync` wait. */
  readonly wait: Sampler | undefined;
  /** The function a Lambda task invokes, or a poll's check. */
  readonly fn: CompiledFunction | undefined;
  /**
   * A task that calls another service and waits for the answer (a request, or a `.sync` job): the
   * function a chain step would wait in (issue 18.3), at the workload's Lambda defaults.
   */
  readonly serviceFn: CompiledFunction | undefined;
  /**
   * How much longer (> 1) the task runs inside the single function, at its memory, than at its own
   * (its durationByMemory curve; 1 without one): the clock of one function and a durable one.
   */
  readonly singleFunctionScale: number;
  /** Poll: the check's duration and the interval between checks. */
  readonly checkDuration: Sampler | undefined;
  readonly intervalMs: number;
  /** Choice: its targets and their cumulative probabilities; where its branches rejoin (END_OF_SCOPE: the end) or UNSTRUCTURED. */
  readonly targets: Int32Array;
  readonly cumulative: Float64Array;
  readonly join: number;
  /** Map: items (clamped to min…max), concurrency (0: no limit), Distributed mode, EXPRESS children, items per child. */
  readonly items: Sampler | undefined;
  readonly minItems: number;
  readonly maxItems: number;
  readonly maxConcurrency: number;
  /** Inline and Distributed Map: how many items (children) run at once inside one function (lambda.inProcessConcurrency, capped by MaxConcurrency). */
  readonly functionWave: number;
  readonly distributed: boolean;
  readonly expressChildren: boolean;
  readonly itemsPerChild: number;
  /** Distributed Map: its Map Run's failure threshold (undefined: any failed child fails it with the child's error). */
  readonly tolerance: FailureTolerance | undefined;
  readonly branches: readonly CompiledScope[];
  readonly processor: CompiledScope | undefined;
  readonly retriers: readonly Retrier[];
  readonly catchers: readonly Catcher[];
  /** Per retrier: retries made since the state was entered (scratch). */
  readonly retries: Int32Array;
  /** When an inline Map's items run on both clocks (scratch). */
  readonly schedule: MapSchedule;
  /** Scratch for scaling huge Maps and long polling loops. */
  readonly counts: Float64Array;
  /**
   * Parallel, inline Map: whether a branch or an iteration can fail. Then each one draws from a
   * stream of its own (`seeds`, `substream`), so that after a failure the run can be replayed
   * stopping every other one where AWS stops it (a snapshot of the record to replay from).
   */
  readonly canFail: boolean;
  readonly seeds: Uint32Array;
  readonly substream: Random | undefined;
  readonly snapshot: Float64Array;
  /** Distributed Map with EXPRESS children: the children's definition size, for their Express memory. */
  readonly childDefinitionKb: number;
}

export interface CompiledScope {
  readonly startAt: number;
  readonly states: readonly CompiledState[];
}

export interface Plan {
  readonly root: CompiledScope;
  /** The block of each top-level state (-1: none), and how many blocks there are. */
  readonly blockOf: Int32Array;
  readonly blocks: number;
  readonly transitionOverheadMs: number;
  /** ASL TimeoutSeconds of the whole machine (Infinity when not set). */
  readonly machineTimeoutMs: number;
  /** Cold starts of the single function (architecture `lambda`). */
  readonly singleFunctionColdStart: ColdStartSampler | undefined;
  /** Whether an execution can run away (the graph has a loop): then MAX_STATES_SIMULATED applies. */
  readonly canRunAway: boolean;
  /** The state passed between states (Express memory of Distributed Map children). */
  readonly payloadKb: number;
  /** issue 18: a durable function suspended longer than this resumes cold (lambdaDurable.keepWarm). */
  readonly durableKeepWarmMs: number;
}

export function compilePlan(workload: Workload): Plan {
  const graph = workload.graph;
  const blocks = blocksOf(graph.root);
  const canRunAway = hasCycle(graph);
  const context: Context = {
    canRunAway,
    kbPerState: workload.stepFunctions.definitionKb / Math.max(1, [...states(graph)].length),
    singleFunctionMemoryMb: workload.singleFunction.memoryMb,
    inProcessConcurrency: workload.inProcessConcurrency,
  };
  return {
    root: compileScope(graph.root, context),
    blockOf: blocks.blockOf,
    blocks: blocks.heads.length,
    transitionOverheadMs: workload.stepFunctions.transitionOverheadMs,
    machineTimeoutMs: graph.timeoutMs,
    singleFunctionColdStart: coldStartSampler(workload.singleFunction.coldStart),
    canRunAway,
    payloadKb: workload.payloadKb,
    durableKeepWarmMs: workload.lambdaDurable.keepWarmMs, // issue 18
  };
}

interface Context {
  readonly canRunAway: boolean;
  readonly inProcessConcurrency: number;
  readonly singleFunctionMemoryMb: number;
  /** The definition's size per state, to estimate a part of it. */
  readonly kbPerState: number;
}

function compileScope(scope: Scope, context: Context): CompiledScope {
  const joins = choiceJoins(scope, postDominators(scope));
  return { startAt: scope.startAt, states: scope.states.map((state, index) => compileState(state, index, joins[index]!, context)) };
}

/** Whether running a scope can end in an error: a task that can fail, a Fail state, or a loop that may run away. */
function scopeCanFail(scope: Scope, context: Context): boolean {
  return context.canRunAway || scope.states.some((state) => stateCanFail(state, context));
}

/** Whether a Parallel's branches or an inline Map's iterations can fail (then their failure semantics apply). */
export function branchesCanFail(graph: StateGraph): boolean {
  const context: Context = { canRunAway: hasCycle(graph), kbPerState: 0, singleFunctionMemoryMb: 0, inProcessConcurrency: 1 };
  for (const state of states(graph)) {
    if ((state.kind === 'parallel' || (state.kind === 'map' && !state.distributed)) && stateCanFail(state, context)) return true;
  }
  return false;
}

function stateCanFail(state: State, context: Context): boolean {
  switch (state.kind) {
    case 'task':
      return state.failureRate > 0;
    case 'fail':
      return true;
    case 'parallel':
      return state.branches.some((branch) => scopeCanFail(branch, context));
    case 'map':
      // A Map Run that tolerates every failed item (100 %, no count) never fails.
      if (state.tolerance && state.tolerance.percent >= 100 && state.tolerance.count === Infinity) return false;
      return scopeCanFail(state.processor, context);
    default:
      return false;
  }
}

function countStates(scope: Scope): number {
  return scope.states.reduce(
    (n, s) => n + 1 + (s.kind === 'parallel' ? s.branches.reduce((m, b) => m + countStates(b), 0) : s.kind === 'map' ? countStates(s.processor) : 0),
    0,
  );
}

export function inlineConcurrency(maxConcurrency: number): number {
  return maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : Math.min(maxConcurrency, INLINE_MAP_MAX_CONCURRENCY);
}

function compileState(state: State, index: number, join: number, context: Context): CompiledState {
  const retriers = state.kind === 'task' || state.kind === 'parallel' || state.kind === 'map' ? state.retriers : [];
  const catchers = state.kind === 'task' || state.kind === 'parallel' || state.kind === 'map' ? state.catchers : [];
  const task = state.kind === 'task' ? state : undefined;
  const map = state.kind === 'map' ? state : undefined;
  const choice = state.kind === 'choice' ? state : undefined;
  const inlineMap = map !== undefined && !map.distributed;
  const canFail = (state.kind === 'parallel' || inlineMap) && stateCanFail(state, context);
  const runs = state.kind === 'parallel' ? state.branches.length : MAP_ITEMS_SIMULATED;
  return {
    kind: state.kind,
    name: state.name,
    plainTask: task !== undefined && task.retriers.length === 0 && task.pattern === 'request' && task.wait === undefined,
    ownHistory: state.kind !== 'poll' && state.kind !== 'choice',
    index,
    next: state.next,
    timeoutMs: state.timeoutMs,
    heartbeatMs: task?.heartbeatMs ?? Infinity,
    pattern: task?.pattern ?? 'request',
    writtenAsWait: task?.written === 'wait',
    failureRate: task?.failureRate ?? 0,
    error: task?.error ?? (state.kind === 'fail' ? state.error : ''),
    // A task runs at its own memory: along its curve when a sweep or the workload changed that memory.
    duration: task
      ? toSampler(durationAtMemory(task.duration, task.memoryCurve, task.lambda.memoryMb))
      : state.kind === 'wait' || state.kind === 'poll'
        ? toSampler(state.duration)
        : undefined,
    wait: task?.wait ? toSampler(task.wait) : undefined,
    fn: task?.integration === 'lambda' ? compileFunction(task.lambda) : state.kind === 'poll' ? compileFunction(state.check.lambda) : undefined,
    serviceFn: task?.integration === 'service' && (task.pattern === 'request' || task.pattern === 'sync') ? compileFunction(task.lambda) : undefined,
    singleFunctionScale: task?.memoryCurve
      ? durationScale(task.memoryCurve, context.singleFunctionMemoryMb) / durationScale(task.memoryCurve, task.lambda.memoryMb)
      : 1,
    checkDuration: state.kind === 'poll' ? toSampler(state.check.duration) : undefined,
    intervalMs: state.kind === 'poll' ? state.intervalMs : 0,
    targets: Int32Array.from(choice?.targets ?? []),
    cumulative: Float64Array.from(choice?.cumulative ?? []),
    join,
    items: map ? toSampler(map.items.dist) : undefined,
    minItems: map?.items.min ?? 0,
    maxItems: map?.items.max ?? 0,
    maxConcurrency: map?.maxConcurrency ?? 0,
    functionWave: map && map.maxConcurrency > 0 ? Math.min(map.maxConcurrency, context.inProcessConcurrency) : context.inProcessConcurrency,
    distributed: map?.distributed ?? false,
    expressChildren: map?.childType === 'EXPRESS',
    itemsPerChild: map?.itemsPerChild ?? 1,
    tolerance: map?.tolerance,
    branches: state.kind === 'parallel' ? state.branches.map((branch) => compileScope(branch, context)) : [],
    processor: map ? compileScope(map.processor, context) : undefined,
    retriers,
    catchers,
    retries: new Int32Array(retriers.length),
    schedule: new MapSchedule(new Float64Array(inlineMap ? inlineConcurrency(map.maxConcurrency) : 0)),
    counts: new Float64Array(map || state.kind === 'poll' ? COUNTS : 0),
    canFail,
    seeds: new Uint32Array(canFail ? runs : 0),
    substream: canFail ? new Random(0) : undefined,
    snapshot: new Float64Array(canFail ? RECORD_FIELDS.length : 0),
    childDefinitionKb: map?.distributed ? context.kbPerState * countStates(map.processor) : 0,
  };
}

function compileFunction(lambda: LambdaSettings): CompiledFunction {
  return {
    memoryMb: lambda.memoryMb,
    timeoutMs: lambda.timeoutMs,
    coldStart: coldStartSampler(lambda.coldStart),
    extraStorageMb: Math.max(0, lambda.ephemeralStorageMb - FREE_EPHEMERAL_STORAGE_MB),
  };
}

function coldStartSampler(profile: ColdStartProfile | undefined): ColdStartSampler | undefined {
  return profile ? { probability: profile.probability, init: toSampler(profile.init) } : undefined;
}
