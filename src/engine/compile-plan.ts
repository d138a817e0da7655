/**
 * Compile a workload once into a plan the simulation walks per sample: retry delays precomputed,
 * defaults resolved, Map scratch buffers allocated up front, so a sample allocates nothing.
 */
import { COUNTERS } from './execution.js';
import { MapSchedule } from './map-schedule.js';
import type { ColdStartProfile, Step, TaskStep, Workload } from '../workload/types.js';
import { toSampler, type Sampler } from './random.js';
import { durationAtMemory } from '../workload/memory-curve.js'; // issue 17 (calibrate)

/** Lambda bills /tmp above this size. */
export const FREE_EPHEMERAL_STORAGE_MB = 512;

/**
 * Bounded work: one execution simulates at most this many items of one Map and this many rounds
 * of one polling loop, and scales what they add up to the whole (stated in the report).
 */
export const MAP_ITEMS_SIMULATED = 10_000;
export const POLL_ROUNDS_SIMULATED = 256;

/** Step Functions runs at most 40 inline Map iterations at once, whatever MaxConcurrency says. */
export const INLINE_MAP_MAX_CONCURRENCY = 40; // https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html

export interface ColdStartSampler {
  readonly probability: number;
  readonly init: Sampler;
}

export interface TaskNode {
  readonly kind: 'task';
  readonly name: string;
  readonly duration: Sampler;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly failureRate: number;
  readonly coldStart: ColdStartSampler | undefined;
  /** Ephemeral storage above the free 512 MB. */
  readonly extraStorageMb: number;
  /** Delay before retry k (k = 0 … maxAttempts − 1). Empty when the task has no retrier. */
  readonly retryDelaysMs: Float64Array;
}

export interface WaitNode {
  readonly kind: 'wait';
  readonly name: string;
  readonly mode: 'timer' | 'callback' | 'poll';
  readonly duration: Sampler;
  readonly pollIntervalMs: number;
  readonly check: TaskNode | undefined;
  /** Scratch for scaling long polling loops. */
  readonly counters: Float64Array;
}

export interface ParallelNode {
  readonly kind: 'parallel';
  readonly name: string;
  readonly branches: readonly (readonly PlanNode[])[];
}

export interface MapNode {
  readonly kind: 'map';
  readonly name: string;
  readonly items: Sampler;
  readonly minItems: number;
  readonly maxItems: number;
  /** Items per wave inside one function (0 = all at once). */
  readonly lambdaConcurrency: number;
  /** Concurrent iterations in Step Functions (1 … 40). */
  readonly sfnConcurrency: number;
  /** When items run on both clocks (scratch, reused per sample). */
  readonly schedule: MapSchedule;
  /** Scratch for scaling huge Maps. */
  readonly counters: Float64Array;
  readonly steps: readonly PlanNode[];
}

export interface ChoiceNode {
  readonly kind: 'choice';
  readonly name: string;
  /** Cumulative probabilities, last one forced to 1. */
  readonly cumulative: Float64Array;
  readonly branches: readonly (readonly PlanNode[])[];
}

export type PlanNode = TaskNode | WaitNode | ParallelNode | MapNode | ChoiceNode;

export interface Plan {
  readonly steps: readonly PlanNode[];
  readonly transitionOverheadMs: number;
  /** Cold starts of the single function (architecture `lambda`). */
  readonly singleFunctionColdStart: ColdStartSampler | undefined;
}

export function compilePlan(workload: Workload): Plan {
  return {
    steps: workload.steps.map(compileStep),
    transitionOverheadMs: workload.stepFunctions.transitionOverheadMs,
    singleFunctionColdStart: coldStartSampler(workload.singleFunction.coldStart),
  };
}

function compileStep(step: Step): PlanNode {
  switch (step.kind) {
    case 'task':
      return compileTask(step);
    case 'wait':
      return {
        kind: 'wait',
        name: step.name,
        mode: step.mode,
        duration: toSampler(step.duration),
        pollIntervalMs: step.poll?.intervalMs ?? 0,
        check: step.poll ? compileTask(step.poll.check) : undefined,
        counters: new Float64Array(COUNTERS),
      };
    case 'parallel':
      return { kind: 'parallel', name: step.name, branches: step.branches.map((b) => b.map(compileStep)) };
    case 'map': {
      const sfnConcurrency =
        step.maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : Math.min(step.maxConcurrency, INLINE_MAP_MAX_CONCURRENCY);
      return {
        kind: 'map',
        name: step.name,
        items: toSampler(step.items.dist),
        minItems: step.items.min,
        maxItems: step.items.max,
        lambdaConcurrency: step.maxConcurrency,
        sfnConcurrency,
        schedule: new MapSchedule(new Float64Array(sfnConcurrency)),
        counters: new Float64Array(COUNTERS),
        steps: step.steps.map(compileStep),
      };
    }
    case 'choice': {
      const cumulative = new Float64Array(step.branches.length);
      let sum = 0;
      step.branches.forEach((branch, i) => {
        sum += branch.probability;
        cumulative[i] = sum;
      });
      cumulative[cumulative.length - 1] = 1;
      return { kind: 'choice', name: step.name, cumulative, branches: step.branches.map((b) => b.steps.map(compileStep)) };
    }
  }
}

function coldStartSampler(profile: ColdStartProfile | undefined): ColdStartSampler | undefined {
  return profile ? { probability: profile.probability, init: toSampler(profile.init) } : undefined;
}

function compileTask(step: TaskStep): TaskNode {
  const retry = step.retry;
  const delays = new Float64Array(retry ? retry.maxAttempts : 0);
  if (retry) {
    // ASL: the k-th retry waits IntervalSeconds × BackoffRate^(k-1), capped by MaxDelaySeconds.
    for (let k = 0; k < retry.maxAttempts; k++) {
      delays[k] = Math.min(retry.intervalMs * Math.pow(retry.backoffRate, k), retry.maxDelayMs);
    }
  }
  return {
    kind: 'task',
    name: step.name,
    // issue 17 (calibrate): the duration scaled along its durationByMemory curve to the memory it runs at.
    duration: toSampler(durationAtMemory(step.duration, step.memoryCurve, step.lambda.memoryMb)),
    memoryMb: step.lambda.memoryMb,
    timeoutMs: step.lambda.timeoutMs,
    failureRate: step.failureRate,
    coldStart: coldStartSampler(step.lambda.coldStart),
    extraStorageMb: Math.max(0, step.lambda.ephemeralStorageMb - FREE_EPHEMERAL_STORAGE_MB),
    retryDelaysMs: delays,
  };
}
