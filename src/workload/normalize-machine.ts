/**
 * An imported ASL definition × the workload's `states:` annotations → the state graph.
 * Unannotated states get the defaults below (one warning lists them). Pure; problems carry a path
 * into the workload (`states.<name>…`) or, with `inDefinition`, into the definition.
 */
import { closest } from '../errors/problem.js';
import type { AslDefinition, AslRetrier, AslScope, AslState, AslStateType } from '../import/asl.js';
import type { DataPath, SemanticProblem } from './problems.js';
import { coldStartProfile, countDistribution, distribution, lambdaTimeout, probabilityValue } from './values.js';
import { END_OF_SCOPE, type Catcher, type Integration, type Retrier, type Scope, type State, type StateGraph } from './graph.js';
import { memoryCurveField } from './memory-curve.js';
import type { Distribution, LambdaSettings } from './types.js';
import { localeNumber } from '../report/locale-number.js';

/** What an unannotated state does (documented in the README, "Importing state machines"). */
export const MACHINE_DEFAULTS = {
  /** A Lambda task's invocation. */
  lambdaTaskMs: 100,
  /** A request to another service (DynamoDB, SNS, SQS, an SDK call…). */
  serviceTaskMs: 50,
  /** A `.sync` job (child execution, Batch, Glue, ECS…) from start to end. */
  syncJobMs: 60_000,
  /** A `.waitForTaskToken` callback or an activity worker, until the token comes back. */
  callbackWaitMs: 60_000,
  /** A Wait state whose time comes from the input (SecondsPath, Timestamp, TimestampPath). */
  dynamicWaitMs: 60_000,
  /** Items per Map execution. */
  mapItems: 1,
  /**
   * The error a failed attempt raises when no `error` is annotated: a generic error of the code
   * behind the task, which only the catch-alls States.ALL and States.TaskFailed match.
   */
  error: 'FunctionError',
} as const;

/** Distributed Map runs up to 10,000 child executions at once (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html). */
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;

/** Annotation keys each state type takes. */
const ANNOTATION_KEYS = {
  Task: ['duration', 'memoryMb', 'timeout', 'ephemeralStorageMb', 'coldStarts', 'failureRate', 'error', 'callbackWait', 'integration', 'durationByMemory'],
  Pass: [],
  Wait: ['duration'],
  Choice: ['next'],
  Parallel: [],
  Map: ['items', 'maxConcurrency'],
  Succeed: [],
  Fail: [],
} as const satisfies Record<AslStateType, readonly string[]>;

const PROBABILITY_TOLERANCE = 1e-9;

type Raw = Record<string, unknown>;

export interface MachineNormalizeResult {
  readonly graph: StateGraph;
  readonly warnings: readonly string[];
  /** Size of the definition in KB (Express's memory estimate). */
  readonly definitionKb: number;
}

export interface MachineProblem extends SemanticProblem {
  /** The path is in the definition, not in the workload. */
  readonly inDefinition?: true;
  /** Point at the key the path ends with (a misspelt name), not at its value. */
  readonly atKey?: true;
}

interface Context {
  readonly annotations: Readonly<Record<string, Raw>>;
  readonly defaults: LambdaSettings;
  readonly problems: MachineProblem[];
  readonly defaulted: string[];
  readonly notes: string[];
}

export function normalizeMachine(
  definition: AslDefinition,
  source: string,
  declaredType: 'STANDARD' | 'EXPRESS' | undefined,
  annotationsRaw: unknown,
  defaults: LambdaSettings,
  problems: MachineProblem[],
): MachineNormalizeResult {
  const annotations = (annotationsRaw ?? {}) as Record<string, Raw>;
  const context: Context = { annotations, defaults, problems, defaulted: [], notes: [] };
  const all = [...allAslStates(definition.root)];
  const names = all.map((s) => s.name);
  for (const name of Object.keys(annotations)) {
    if (names.includes(name)) continue;
    const suggestion = closest(name, names);
    problems.push({
      path: ['states', name],
      atKey: true,
      message: `"${name}" names no state of the state machine`,
      expected: `a state name: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`,
      actual: name,
      hint: suggestion ? `did you mean "${suggestion}"?` : 'annotate states by their exact names in the definition',
    });
  }
  for (const state of all) {
    const raw = annotations[state.name];
    if (!raw) continue;
    const allowed: readonly string[] = ANNOTATION_KEYS[state.type];
    for (const key of Object.keys(raw)) {
      if (allowed.includes(key)) continue;
      problems.push({
        path: ['states', state.name, key],
        atKey: true,
        message: `"${key}" does not apply to ${state.type} state "${state.name}"`,
        expected: allowed.length > 0 ? `one of ${allowed.join(', ')}` : 'no annotation',
        actual: key,
        hint: allowed.length > 0 ? `a ${state.type} state takes ${allowed.join(', ')}` : `a ${state.type} state needs no annotation`,
      });
    }
  }
  const root = compileScope(definition.root, context);
  const warnings: string[] = [];
  if (context.defaulted.length > 0) {
    warnings.push(
      `${localeNumber(context.defaulted.length)} state${context.defaulted.length === 1 ? '' : 's'} of ${source} use default annotations ` +
        `(Lambda task ${MACHINE_DEFAULTS.lambdaTaskMs} ms at ${defaults.memoryMb} MB, other service task ${MACHINE_DEFAULTS.serviceTaskMs} ms, ` +
        `.sync job and callback ${MACHINE_DEFAULTS.callbackWaitMs / 1000} s, dynamic Wait ${MACHINE_DEFAULTS.dynamicWaitMs / 1000} s, ` +
        `Map ${MACHINE_DEFAULTS.mapItems} item, Choice split equally, no failures): ${namesListed(context.defaulted)}. Annotate them under states:.`,
    );
  }
  warnings.push(...context.notes);
  return {
    graph: { root, timeoutMs: secondsToMs(definition.timeoutSeconds), origin: { kind: 'definition', source, declaredType } },
    warnings,
    definitionKb: definition.sizeBytes / 1000,
  };
}

export function* allAslStates(scope: AslScope): Generator<AslState> {
  for (const state of scope.states) {
    yield state;
    for (const branch of state.branches) yield* allAslStates(branch);
    if (state.processor) yield* allAslStates(state.processor);
  }
}

function secondsToMs(seconds: number | undefined): number {
  return seconds === undefined ? Infinity : seconds * 1000;
}

function compileScope(scope: AslScope, context: Context): Scope {
  const index = new Map(scope.states.map((s, i) => [s.name, i]));
  const at = (name: string | undefined) => (name === undefined ? END_OF_SCOPE : (index.get(name) ?? END_OF_SCOPE));
  return { startAt: at(scope.startAt), states: scope.states.map((state) => compileState(state, at, context)) };
}

function compileState(state: AslState, at: (name: string | undefined) => number, context: Context): State {
  const raw = context.annotations[state.name] ?? {};
  const path: DataPath = ['states', state.name];
  const problems = context.problems;
  const base = { name: state.name, next: at(state.next), timeoutMs: secondsToMs(state.timeoutSeconds) };
  const retriers = state.retry.map(toRetrier);
  const catchers: Catcher[] = state.catch.map((c) => ({ errorEquals: c.errorEquals, next: at(c.next) }));
  const failureRate = probabilityValue(raw['failureRate']) ?? 0;
  const error = (raw['error'] as string | undefined) ?? MACHINE_DEFAULTS.error;
  switch (state.type) {
    case 'Task': {
      const integration = (raw['integration'] as Integration | undefined) ?? state.integration ?? 'service';
      const pattern = state.pattern ?? 'request';
      const waits = pattern === 'callback' || pattern === 'activity';
      if (raw['duration'] === undefined || (waits && raw['callbackWait'] === undefined)) context.defaulted.push(state.name);
      if (raw['callbackWait'] !== undefined && !waits) {
        problems.push({
          path: [...path, 'callbackWait'],
          message: `Task "${state.name}" waits for no callback (its resource is not .waitForTaskToken or an activity)`,
          hint: pattern === 'sync' ? 'a .sync job is described by its duration' : 'remove callbackWait',
        });
      }
      const defaultMs =
        pattern === 'sync' ? MACHINE_DEFAULTS.syncJobMs : integration === 'lambda' ? MACHINE_DEFAULTS.lambdaTaskMs : MACHINE_DEFAULTS.serviceTaskMs;
      const duration = durationOr(raw['duration'], defaultMs, [...path, 'duration'], problems);
      const lambda: LambdaSettings = {
        memoryMb: (raw['memoryMb'] as number | undefined) ?? context.defaults.memoryMb,
        architecture: context.defaults.architecture,
        timeoutMs: raw['timeout'] === undefined ? context.defaults.timeoutMs : lambdaTimeout(raw['timeout'], [...path, 'timeout'], problems),
        ephemeralStorageMb: (raw['ephemeralStorageMb'] as number | undefined) ?? context.defaults.ephemeralStorageMb,
        coldStart:
          raw['coldStarts'] === undefined ? context.defaults.coldStart : coldStartProfile(raw['coldStarts'], [...path, 'coldStarts'], problems),
      };
      return {
        ...base,
        kind: 'task',
        integration,
        pattern,
        duration,
        wait: waits ? durationOr(raw['callbackWait'], MACHINE_DEFAULTS.callbackWaitMs, [...path, 'callbackWait'], problems) : undefined,
        lambda,
        failureRate,
        error,
        retriers,
        catchers,
        heartbeatMs: secondsToMs(state.heartbeatSeconds),
        written: 'task',
        ...memoryCurveField(raw['durationByMemory'], lambda.memoryMb, [...path, 'durationByMemory'], problems),
      };
    }
    case 'Pass':
      return { ...base, kind: 'pass' };
    case 'Wait': {
      if (state.waitSeconds === undefined && raw['duration'] === undefined) context.defaulted.push(state.name);
      const fixed = state.waitSeconds === undefined ? MACHINE_DEFAULTS.dynamicWaitMs : state.waitSeconds * 1000;
      return { ...base, kind: 'wait', duration: durationOr(raw['duration'], fixed, [...path, 'duration'], problems) };
    }
    case 'Choice':
      return {
        ...base,
        kind: 'choice',
        ...choiceSplit(state, raw['next'] as Record<string, number> | undefined, at, path, context),
        defaultTarget: state.defaultTarget === undefined ? undefined : at(state.defaultTarget),
      };
    case 'Parallel':
      return { ...base, kind: 'parallel', branches: state.branches.map((b) => compileScope(b, context)), retriers, catchers };
    case 'Map': {
      if (raw['items'] === undefined) context.defaulted.push(state.name);
      const annotated = raw['maxConcurrency'] as number | undefined;
      return {
        ...base,
        kind: 'map',
        distributed: state.distributed,
        childType: state.childType,
        items:
          raw['items'] === undefined
            ? { dist: { kind: 'fixed', value: MACHINE_DEFAULTS.mapItems }, min: MACHINE_DEFAULTS.mapItems, max: MACHINE_DEFAULTS.mapItems }
            : countDistribution(raw['items'], [...path, 'items'], problems),
        itemsPerChild: state.itemsPerBatch,
        maxConcurrency: annotated ?? state.maxConcurrency ?? 0,
        ...(state.distributed && (state.toleratedFailurePercentage !== undefined || state.toleratedFailureCount !== undefined)
          ? { tolerance: { percent: state.toleratedFailurePercentage ?? 100, count: state.toleratedFailureCount ?? Infinity } }
          : {}),
        processor: state.processor ? compileScope(state.processor, context) : { startAt: END_OF_SCOPE, states: [] },
        retriers,
        catchers,
      };
    }
    case 'Succeed':
      return { ...base, kind: 'succeed' };
    case 'Fail':
      return { ...base, kind: 'fail', error: state.error ?? 'States.BranchFailed' };
  }
}

function toRetrier(retrier: AslRetrier): Retrier {
  return {
    errorEquals: retrier.errorEquals,
    maxAttempts: retrier.maxAttempts,
    intervalMs: retrier.intervalSeconds * 1000,
    backoffRate: retrier.backoffRate,
    maxDelayMs: secondsToMs(retrier.maxDelaySeconds),
    fullJitter: retrier.jitter === 'FULL',
  };
}

function durationOr(value: unknown, defaultMs: number, path: DataPath, problems: SemanticProblem[]): Distribution {
  return value === undefined ? { kind: 'fixed', value: defaultMs } : distribution(value, path, problems);
}

/** Choice: annotated probabilities per target (the rest to Default), else an equal split. */
function choiceSplit(
  state: AslState,
  annotated: Record<string, number> | undefined,
  at: (name: string | undefined) => number,
  path: DataPath,
  context: Context,
): { targets: number[]; probabilities: number[]; cumulative: number[] } {
  const targets = state.choiceTargets;
  const probabilities = new Map<string, number>();
  if (annotated === undefined) {
    if (targets.length > 1) context.defaulted.push(state.name);
    for (const target of targets) probabilities.set(target, 1 / targets.length);
  } else {
    let sum = 0;
    for (const [target, p] of Object.entries(annotated)) {
      if (!targets.includes(target)) {
        const suggestion = closest(target, [...targets]);
        context.problems.push({
          path: [...path, 'next', target],
          message: `Choice "${state.name}" does not go to "${target}"`,
          expected: `one of ${targets.join(', ')}`,
          actual: target,
          hint: suggestion ? `did you mean "${suggestion}"?` : `its targets are ${targets.join(', ')}`,
        });
        continue;
      }
      probabilities.set(target, p);
      sum += p;
    }
    const rest = 1 - sum;
    if (rest > PROBABILITY_TOLERANCE && state.defaultTarget !== undefined && !probabilities.has(state.defaultTarget)) {
      probabilities.set(state.defaultTarget, rest);
    } else if (Math.abs(rest) > PROBABILITY_TOLERANCE) {
      context.problems.push({
        path: [...path, 'next'],
        message: `the probabilities of Choice "${state.name}" add up to ${Number(sum.toFixed(12))}, not 1`,
        expected: state.defaultTarget === undefined ? 'probabilities that sum to 1' : `probabilities that sum to at most 1 (the rest goes to the Default, ${state.defaultTarget})`,
        actual: String(Number(sum.toFixed(12))),
        hint: 'adjust the probabilities',
      });
    }
  }
  const chosen = targets.filter((t) => (probabilities.get(t) ?? 0) > 0);
  let total = 0;
  const cumulative = chosen.map((t) => (total += probabilities.get(t)!));
  if (cumulative.length > 0) cumulative[cumulative.length - 1] = 1;
  return { targets: chosen.map(at), probabilities: chosen.map((t) => probabilities.get(t)!), cumulative };
}

/** At most this many state names in one warning; the rest are counted (a definition may have thousands). */
const NAMES_LISTED = 30;

function namesListed(names: readonly string[]): string {
  return names.length <= NAMES_LISTED
    ? names.join(', ')
    : `${names.slice(0, NAMES_LISTED).join(', ')} and ${localeNumber(names.length - NAMES_LISTED)} more`;
}
