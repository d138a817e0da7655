/**
 * A step tree (the workload's `steps:`) → the state graph. A step tree is a state machine written
 * shorter: a sequence is a chain of Next, a choice goes to the first state of each branch and every
 * branch rejoins at the step after it, a callback wait is a Task that waits for its token, a poll
 * wait is one polling-loop state. Pure; problems carry a path into the workload.
 */
import { END_OF_SCOPE, type Retrier, type Scope, type State, type TaskState } from './graph.js';
import { memoryCurveField } from './memory-curve.js';
import { MACHINE_DEFAULTS } from './normalize-machine.js';
import type { DataPath, SemanticProblem } from './problems.js';
import type { LambdaSettings, WaitMode } from './types.js';
import {
  retryDuration,
  coldStartProfile,
  countDistribution,
  DEFAULTS,
  distribution,
  lambdaTimeout,
  positiveDuration,
  probabilityValue,
  PROBABILITY_TOLERANCE,
} from './values.js';

type Raw = Record<string, unknown>;
/** A state before it is placed in its scope. */
type Unplaced<T> = T extends State ? Omit<T, 'next' | 'timeoutMs'> : never;

/**
 * Services a step-tree task can call directly (a Step Functions service integration), and whether
 * each can run a job and wait for it (`.sync`: Glue StartJobRun, ECS RunTask, Batch SubmitJob,
 * Athena StartQueryExecution; https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
 * DynamoDB, SQS, SNS, EventBridge and HTTP tasks are request-response.
 */
export const TASK_SERVICES = {
  glue: { sync: true },
  ecs: { sync: true },
  batch: { sync: true },
  athena: { sync: true },
  dynamodb: { sync: false },
  sqs: { sync: false },
  sns: { sync: false },
  eventbridge: { sync: false },
  http: { sync: false },
} as const satisfies Record<string, { sync: boolean }>;
export type TaskService = keyof typeof TASK_SERVICES;

/** Task keys that configure a Lambda function: a service task has none. */
const LAMBDA_ONLY_KEYS = ['memoryMb', 'timeout', 'ephemeralStorageMb', 'coldStarts', 'durationByMemory'] as const;

/** A step tree's retry: any error is retried (ASL `ErrorEquals: ["States.ALL"]`). */
const ANY_ERROR = ['States.ALL'] as const;

export interface StepsResult {
  readonly root: Scope;
  /** States the definition would hold (the estimate of its size for Express's memory). */
  readonly stateCount: number;
}

interface Context {
  readonly problems: SemanticProblem[];
  readonly defaults: LambdaSettings;
  readonly names: Map<string, DataPath>;
  stateCount: number;
}

/** States of one scope under construction: indexes are reserved first, states filled in later. */
class ScopeBuilder {
  private readonly states: (State | undefined)[] = [];

  reserve(): number {
    return this.states.push(undefined) - 1;
  }

  set(index: number, state: State): void {
    this.states[index] = state;
  }

  build(startAt: number): Scope {
    return { startAt, states: this.states.map((s) => s ?? passThrough()) };
  }
}

/** Only for a step that failed validation (the result is discarded with its problems). */
function passThrough(): State {
  return { kind: 'pass', name: '', next: END_OF_SCOPE, timeoutMs: Infinity };
}

export function normalizeSteps(rawSteps: readonly unknown[], defaults: LambdaSettings, problems: SemanticProblem[]): StepsResult {
  const context: Context = { problems, defaults, names: new Map(), stateCount: 0 };
  const root = scopeOf(rawSteps, ['steps'], context);
  return { root, stateCount: context.stateCount };
}

function scopeOf(rawSteps: readonly unknown[], path: DataPath, context: Context): Scope {
  const builder = new ScopeBuilder();
  const startAt = sequence(rawSteps, path, END_OF_SCOPE, builder, context);
  return builder.build(startAt);
}

/** Adds a sequence of steps to `builder`, the last one going to `next`; returns its first state (or `next`). */
function sequence(rawSteps: readonly unknown[], path: DataPath, next: number, builder: ScopeBuilder, context: Context): number {
  const heads = rawSteps.map(() => builder.reserve());
  rawSteps.forEach((rawStep, i) => step(rawStep as Raw, [...path, i], heads[i]!, heads[i + 1] ?? next, builder, context));
  return heads[0] ?? next;
}

function claimName(name: string, path: DataPath, context: Context): void {
  const previous = context.names.get(name);
  if (previous) {
    context.problems.push({
      path,
      message: `step name "${name}" is used twice`,
      actual: name,
      hint: `rename one of them; the other is at ${previous.join('.')}`,
    });
  } else {
    context.names.set(name, path);
  }
  context.stateCount++;
}

function step(raw: Raw, path: DataPath, at: number, next: number, builder: ScopeBuilder, context: Context): void {
  const base = { next, timeoutMs: Infinity };
  if ('task' in raw) {
    const name = raw['task'] as string;
    claimName(name, [...path, 'task'], context);
    builder.set(at, { ...base, ...task(raw, path, context), name });
    return;
  }
  if ('wait' in raw) {
    builder.set(at, { ...wait(raw, path, context), ...base });
    return;
  }
  if ('parallel' in raw) {
    const name = raw['parallel'] as string;
    claimName(name, [...path, 'parallel'], context);
    const branches = (raw['branches'] as unknown[][]).map((branch, b) => scopeOf(branch, [...path, 'branches', b], context));
    builder.set(at, { ...base, kind: 'parallel', name, branches, retriers: [], catchers: [] });
    return;
  }
  if ('map' in raw) {
    const name = raw['map'] as string;
    claimName(name, [...path, 'map'], context);
    builder.set(at, {
      ...base,
      kind: 'map',
      name,
      distributed: false,
      childType: 'STANDARD',
      items: countDistribution(raw['items'], [...path, 'items'], context.problems),
      itemsPerChild: 1,
      maxConcurrency: (raw['maxConcurrency'] as number | undefined) ?? 0,
      processor: scopeOf(raw['steps'] as unknown[], [...path, 'steps'], context),
      retriers: [],
      catchers: [],
    });
    return;
  }
  const name = raw['choice'] as string;
  claimName(name, [...path, 'choice'], context);
  const rawBranches = raw['branches'] as Raw[];
  const total = rawBranches.reduce((sum, b) => sum + (b['probability'] as number), 0);
  if (Math.abs(total - 1) > PROBABILITY_TOLERANCE) {
    context.problems.push({
      path: [...path, 'branches'],
      message: `the branch probabilities of choice "${name}" add up to ${Number(total.toFixed(12))}, not 1`,
      expected: 'probabilities that sum to 1',
      actual: String(Number(total.toFixed(12))),
      hint: 'adjust the probabilities so they sum to exactly 1',
    });
  }
  // Every branch rejoins at the step after the choice.
  const targets = rawBranches.map((branch, b) => sequence(branch['steps'] as unknown[], [...path, 'branches', b, 'steps'], next, builder, context));
  const probabilities = rawBranches.map((branch) => branch['probability'] as number);
  let sum = 0;
  const cumulative = probabilities.map((p) => (sum += p));
  if (cumulative.length > 0) cumulative[cumulative.length - 1] = 1;
  builder.set(at, { ...base, kind: 'choice', name, targets, probabilities, cumulative, defaultTarget: undefined });
}

function wait(raw: Raw, path: DataPath, context: Context): Unplaced<State> {
  const name = raw['wait'] as string;
  claimName(name, [...path, 'wait'], context);
  const mode = (raw['mode'] as WaitMode | undefined) ?? 'timer';
  const duration = distribution(raw['duration'], [...path, 'duration'], context.problems);
  if (mode === 'poll') {
    const intervalText = raw['interval'] as string | undefined;
    const checkRaw = raw['check'] as Raw | undefined;
    if (intervalText === undefined || checkRaw === undefined) {
      context.problems.push({
        path,
        message: `poll wait "${name}" needs "interval" and "check"`,
        expected: 'interval: 30s and check: { duration: 200ms }',
        hint: 'a poll wait runs Wait(interval) → check task → Choice until the condition holds',
      });
      return { kind: 'wait', name, duration };
    }
    const intervalMs = positiveDuration(intervalText, [...path, 'interval'], context.problems);
    const check = task(checkRaw, [...path, 'check'], context);
    context.stateCount += 2; // the Wait and the Choice of the polling loop
    return { kind: 'poll', name, duration, intervalMs, check: { name: `${name} (check)`, duration: check.duration, lambda: check.lambda } };
  }
  for (const key of ['interval', 'check'] as const) {
    if (key in raw) {
      context.problems.push({
        path: [...path, key],
        message: `"${key}" applies only to mode: poll`,
        actual: `mode: ${mode}`,
        hint: 'set mode: poll, or remove this key',
      });
    }
  }
  if (mode === 'timer') return { kind: 'wait', name, duration };
  // A callback: a Task that sends its token and waits for it to come back; nothing to invoke.
  return {
    kind: 'task',
    name,
    integration: 'service',
    pattern: 'callback',
    duration: { kind: 'fixed', value: 0 },
    wait: duration,
    lambda: context.defaults,
    failureRate: 0,
    error: MACHINE_DEFAULTS.error,
    retriers: [],
    catchers: [],
    heartbeatMs: Infinity,
    written: 'wait',
  };
}

function task(raw: Raw, path: DataPath, context: Context): Omit<TaskState, 'name' | 'next' | 'timeoutMs'> {
  if ('service' in raw || 'sync' in raw) return serviceTask(raw, path, context);
  return lambdaTask(raw, path, context);
}

/** The Retry of a task step (ASL semantics: maxAttempts retries after the first attempt). */
function retriersOf(raw: Raw, path: DataPath, context: Context): Retrier[] {
  const retryRaw = raw['retry'] as Raw | undefined;
  const retriers: Retrier[] = [];
  if (retryRaw) {
    const maxDelayText = retryRaw['maxDelay'] as string | undefined;
    retriers.push({
      errorEquals: ANY_ERROR,
      maxAttempts: (retryRaw['maxAttempts'] as number | undefined) ?? DEFAULTS.retry.maxAttempts,
      intervalMs:
        retryRaw['interval'] === undefined
          ? DEFAULTS.retry.intervalMs
          : retryDuration(retryRaw['interval'] as string, [...path, 'retry', 'interval'], 'IntervalSeconds', context.problems),
      backoffRate: (retryRaw['backoffRate'] as number | undefined) ?? DEFAULTS.retry.backoffRate,
      maxDelayMs:
        maxDelayText === undefined ? Infinity : retryDuration(maxDelayText, [...path, 'retry', 'maxDelay'], 'MaxDelaySeconds', context.problems),
      fullJitter: false,
    });
  }
  return retriers;
}

/**
 * `{ task: transform, service: glue, sync: true, duration: 40m }`: a Task state that calls the
 * service itself, as an imported definition's `arn:aws:states:::glue:startJobRun.sync` does. In
 * Step Functions no Lambda function runs; one function (or a chain) calls the SDK and waits,
 * billed as compute; `duration` is the call, or with `sync` the whole job.
 */
function serviceTask(raw: Raw, path: DataPath, context: Context): Omit<TaskState, 'name' | 'next' | 'timeoutMs'> {
  const service = raw['service'] as TaskService | undefined;
  const sync = raw['sync'] === true;
  if (service === undefined) {
    context.problems.push({
      path: [...path, 'sync'],
      message: '"sync" applies only to a task that calls a service',
      expected: `service: one of ${Object.keys(TASK_SERVICES).join(', ')}`,
      hint: 'add service: glue (or ecs, batch, athena), or remove sync',
    });
  } else if (sync && !TASK_SERVICES[service].sync) {
    context.problems.push({
      path: [...path, 'sync'],
      message: `${service} has no .sync integration: a ${service} task returns when the request does`,
      expected: 'sync: true only with glue, ecs, batch or athena',
      actual: `service: ${service}`,
      hint: 'remove sync (the duration is the request), or model the wait with a callback or poll wait step',
    });
  }
  for (const key of LAMBDA_ONLY_KEYS) {
    if (key in raw) {
      context.problems.push({
        path: [...path, key],
        message: `"${key}" configures a Lambda function, and a ${service ?? 'service'} task runs none`,
        actual: `service: ${service ?? ''}`,
        hint: `remove ${key}, or remove service to make this a Lambda task`,
      });
    }
  }
  return {
    kind: 'task',
    integration: 'service',
    pattern: sync ? 'sync' : 'request',
    duration: distribution(raw['duration'], [...path, 'duration'], context.problems),
    wait: undefined,
    lambda: context.defaults,
    failureRate: probabilityValue(raw['failureRate']) ?? 0,
    error: MACHINE_DEFAULTS.error,
    retriers: retriersOf(raw, path, context),
    catchers: [],
    heartbeatMs: Infinity,
    written: 'task',
    ...(service ? { service } : {}),
  };
}

function lambdaTask(raw: Raw, path: DataPath, context: Context): Omit<TaskState, 'name' | 'next' | 'timeoutMs'> {
  const retriers = retriersOf(raw, path, context);
  const timeoutMs = raw['timeout'] === undefined ? context.defaults.timeoutMs : lambdaTimeout(raw['timeout'], [...path, 'timeout'], context.problems);
  const memoryMb = (raw['memoryMb'] as number | undefined) ?? context.defaults.memoryMb;
  return {
    kind: 'task',
    integration: 'lambda',
    pattern: 'request',
    duration: distribution(raw['duration'], [...path, 'duration'], context.problems),
    wait: undefined,
    lambda: {
      memoryMb,
      architecture: context.defaults.architecture,
      timeoutMs,
      ephemeralStorageMb: (raw['ephemeralStorageMb'] as number | undefined) ?? context.defaults.ephemeralStorageMb,
      coldStart: raw['coldStarts'] === undefined ? context.defaults.coldStart : coldStartProfile(raw['coldStarts'], [...path, 'coldStarts'], context.problems),
    },
    failureRate: probabilityValue(raw['failureRate']) ?? 0,
    error: MACHINE_DEFAULTS.error,
    retriers,
    catchers: [],
    heartbeatMs: Infinity,
    written: 'task',
    ...memoryCurveField(raw['durationByMemory'], memoryMb, [...path, 'durationByMemory'], context.problems),
  };
}
