/**
 * Amazon States Language data → a checked, typed graph (https://states-language.net/spec.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html).
 * Checks what flowcost relies on (StartAt, Next targets in the same scope, unique names, known
 * state types, a Resource per Task) and rejects what it cannot model with the feature's name.
 * JSONPath and JSONata (QueryLanguage) definitions are read alike: flowcost evaluates no expression.
 */
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import type { Integration, TaskPattern } from '../workload/graph.js';
import { isObject } from './intrinsics.js';

export const ASL_STATE_TYPES = ['Task', 'Pass', 'Wait', 'Choice', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;
export type AslStateType = (typeof ASL_STATE_TYPES)[number];

export interface AslRetrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number | undefined;
  readonly jitter: 'FULL' | 'NONE';
}

export interface AslCatcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
}

export interface AslState {
  readonly name: string;
  readonly type: AslStateType;
  /** Where the state is in the definition. */
  readonly path: DataPath;
  /** Next state, undefined for End (and for Choice, Succeed, Fail). */
  readonly next: string | undefined;
  readonly resource: string | undefined;
  readonly integration: Integration | undefined;
  readonly pattern: TaskPattern | undefined;
  /** Fixed TimeoutSeconds / HeartbeatSeconds; undefined when absent or given by a path. */
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
  readonly retry: readonly AslRetrier[];
  readonly catch: readonly AslCatcher[];
  /** Wait: fixed Seconds, or undefined when the wait comes from Timestamp / SecondsPath / TimestampPath. */
  readonly waitSeconds: number | undefined;
  /** Choice: every distinct target (rules first, Default last). */
  readonly choiceTargets: readonly string[];
  readonly defaultTarget: string | undefined;
  readonly branches: readonly AslScope[];
  readonly processor: AslScope | undefined;
  readonly distributed: boolean;
  readonly childType: 'STANDARD' | 'EXPRESS';
  /** Map MaxConcurrency (0 = unlimited), undefined when given by a path. */
  readonly maxConcurrency: number | undefined;
  readonly itemsPerBatch: number;
  /** Fail: the error it raises. */
  readonly error: string | undefined;
}

export interface AslScope {
  readonly startAt: string;
  readonly states: readonly AslState[];
  readonly path: DataPath;
}

export interface AslDefinition {
  readonly root: AslScope;
  readonly timeoutSeconds: number | undefined;
  readonly queryLanguage: 'JSONPath' | 'JSONata';
  /** Bytes of the definition as JSON (Express's memory estimate; the 1 MB definition quota). */
  readonly sizeBytes: number;
}

export type AslResult =
  | { readonly ok: true; readonly definition: AslDefinition }
  | { readonly ok: false; readonly problems: readonly SemanticProblem[] };

/** An ASL definition rather than a template. */
export function isAsl(data: unknown): boolean {
  return isObject(data) && 'StartAt' in data && 'States' in data;
}

export function readAsl(data: unknown): AslResult {
  const problems: SemanticProblem[] = [];
  if (!isAsl(data)) {
    return {
      ok: false,
      problems: [
        {
          path: [],
          message: 'this is not an Amazon States Language definition',
          expected: 'an object with StartAt and States (or a SAM/CloudFormation template with a state machine)',
          hint: 'give the state machine definition (.asl.json / .asl.yaml) or the template that holds it',
        },
      ],
    };
  }
  const raw = data as Record<string, unknown>;
  const names = new Map<string, DataPath>();
  const root = readScope(raw, [], problems, names);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    definition: {
      root,
      timeoutSeconds: positiveNumber(raw['TimeoutSeconds']),
      queryLanguage: raw['QueryLanguage'] === 'JSONata' ? 'JSONata' : 'JSONPath',
      sizeBytes: new TextEncoder().encode(JSON.stringify(raw)).length,
    },
  };
}

function readScope(raw: Record<string, unknown>, path: DataPath, problems: SemanticProblem[], names: Map<string, DataPath>): AslScope {
  const statesRaw = isObject(raw['States']) ? raw['States'] : {};
  const startAt = typeof raw['StartAt'] === 'string' ? raw['StartAt'] : '';
  const stateNames = Object.keys(statesRaw);
  if (stateNames.length === 0) {
    problems.push({ path: [...path, 'States'], message: 'States is empty', expected: 'at least one state', hint: 'add the states of the machine' });
  } else if (!(startAt in statesRaw)) {
    problems.push({
      path: [...path, 'StartAt'],
      message: `StartAt names no state: "${startAt}"`,
      expected: `one of ${stateNames.join(', ')}`,
      hint: 'StartAt must name a state of the same States object',
    });
  }
  const states = stateNames.map((name) => readState(name, statesRaw[name], [...path, 'States', name], problems, names));
  // Transitions stay inside their scope: https://states-language.net/spec.html#transition
  for (const state of states) {
    const targets: [string, DataPath][] = [];
    if (state.next !== undefined) targets.push([state.next, [...state.path, 'Next']]);
    state.choiceTargets.forEach((target) => targets.push([target, [...state.path, state.defaultTarget === target ? 'Default' : 'Choices']]));
    state.catch.forEach((c, i) => targets.push([c.next, [...state.path, 'Catch', i, 'Next']]));
    for (const [target, at] of targets) {
      if (!(target in statesRaw)) {
        problems.push({
          path: at,
          message: `state "${state.name}" goes to "${target}", which is not a state of the same scope`,
          expected: `one of ${stateNames.join(', ')}`,
          actual: target,
          hint: 'Next, Default and Catch targets must be states of the same States object (not inside or outside a Parallel or Map)',
        });
      }
    }
  }
  return { startAt, states, path };
}

/** Task patterns from the resource ARN: https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html */
export function classifyResource(original: string): { integration: Integration; pattern: TaskPattern } {
  // A bare placeholder (an unresolved ${Substitution}) is most often a function ARN in SAM projects.
  if (/^\$\{[^}]*\}$/.test(original)) return { integration: 'lambda', pattern: 'request' };
  // Placeholders inside an ARN (${AWS::Region}) hold colons of their own.
  const resource = original.replace(/\$\{[^}]*\}/g, 'x');
  const pattern: TaskPattern = /\.waitForTaskToken$/.test(resource) ? 'callback' : /\.sync(:\d+)?$/.test(resource) ? 'sync' : 'request';
  if (/^arn:[^:]*:states:[^:]*:[^:]*:activity:/.test(resource)) return { integration: 'service', pattern: 'activity' };
  // Lambda: the optimized integration, the SDK integration, or a function ARN (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html).
  if (/^arn:[^:]*:states:[^:]*:[^:]*:(aws-sdk:)?lambda:invoke/.test(resource)) return { integration: 'lambda', pattern };
  if (/^arn:[^:]*:lambda:[^:]*:[^:]*:function:/.test(resource)) return { integration: 'lambda', pattern: 'request' };
  return { integration: 'service', pattern };
}

function readState(
  name: string,
  value: unknown,
  path: DataPath,
  problems: SemanticProblem[],
  names: Map<string, DataPath>,
): AslState {
  const raw = isObject(value) ? value : {};
  const previous = names.get(name);
  if (previous) {
    problems.push({
      path,
      message: `state name "${name}" is used twice`,
      actual: name,
      hint: 'state names must be unique in the whole state machine, Parallel branches and Map processors included',
    });
  } else {
    names.set(name, path);
  }
  const typeRaw = raw['Type'];
  const type = (ASL_STATE_TYPES as readonly unknown[]).includes(typeRaw) ? (typeRaw as AslStateType) : 'Pass';
  if (typeRaw !== type) {
    problems.push({
      path: typeRaw === undefined ? path : [...path, 'Type'],
      message:
        typeRaw === undefined ? `state "${name}" has no Type` : `unsupported feature: state type "${String(typeRaw)}" (state "${name}")`,
      expected: ASL_STATE_TYPES.join(' | '),
      ...(typeRaw === undefined ? {} : { actual: String(typeRaw) }),
      hint: 'every state needs one of the ASL state types',
    });
  }
  const next = typeof raw['Next'] === 'string' ? raw['Next'] : undefined;
  const terminal = type === 'Choice' || type === 'Succeed' || type === 'Fail';
  if (!terminal && next === undefined && raw['End'] !== true) {
    problems.push({ path, message: `state "${name}" has neither Next nor End`, expected: 'Next: <state> or End: true', hint: 'add "End": true to the last state' });
  }

  let resource: string | undefined;
  let classified: ReturnType<typeof classifyResource> | undefined;
  if (type === 'Task') {
    if (typeof raw['Resource'] === 'string') {
      resource = raw['Resource'];
      classified = classifyResource(resource);
    } else {
      problems.push({
        path: [...path, 'Resource'],
        message: raw['Resource'] === undefined ? `Task "${name}" has no Resource` : `unsupported feature: a Resource that is not a string (Task "${name}")`,
        expected: 'an ARN string',
        hint: 'a Task names what it calls in Resource',
      });
    }
  }

  const choiceTargets: string[] = [];
  const defaultTarget = type === 'Choice' && typeof raw['Default'] === 'string' ? raw['Default'] : undefined;
  if (type === 'Choice') {
    const choices = Array.isArray(raw['Choices']) ? raw['Choices'] : [];
    if (choices.length === 0) {
      problems.push({ path: [...path, 'Choices'], message: `Choice "${name}" has no Choices`, expected: 'a list of rules', hint: 'add the rules' });
    }
    for (const rule of choices) {
      const target = isObject(rule) ? rule['Next'] : undefined;
      if (typeof target === 'string' && !choiceTargets.includes(target)) choiceTargets.push(target);
    }
    if (defaultTarget !== undefined && !choiceTargets.includes(defaultTarget)) choiceTargets.push(defaultTarget);
  }

  const branches: AslScope[] = [];
  if (type === 'Parallel') {
    const raws = Array.isArray(raw['Branches']) ? raw['Branches'] : [];
    if (raws.length === 0) problems.push({ path: [...path, 'Branches'], message: `Parallel "${name}" has no Branches`, hint: 'add at least one branch' });
    raws.forEach((branch, b) => branches.push(readScope(isObject(branch) ? branch : {}, [...path, 'Branches', b], problems, names)));
  }

  let processor: AslScope | undefined;
  let distributed = false;
  let childType: 'STANDARD' | 'EXPRESS' = 'STANDARD';
  let itemsPerBatch = 1;
  if (type === 'Map') {
    // ItemProcessor (current) or Iterator (its older name): https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
    const key = raw['ItemProcessor'] !== undefined ? 'ItemProcessor' : 'Iterator';
    const processorRaw = raw[key];
    if (!isObject(processorRaw)) {
      problems.push({ path, message: `Map "${name}" has no ItemProcessor`, expected: 'ItemProcessor with StartAt and States', hint: 'add the ItemProcessor' });
    } else {
      processor = readScope(processorRaw, [...path, key], problems, names);
      const config = isObject(processorRaw['ProcessorConfig']) ? processorRaw['ProcessorConfig'] : {};
      distributed = config['Mode'] === 'DISTRIBUTED';
      childType = config['ExecutionType'] === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    }
    const batcher = isObject(raw['ItemBatcher']) ? raw['ItemBatcher'] : undefined;
    if (batcher) itemsPerBatch = Math.max(1, Math.floor(positiveNumber(batcher['MaxItemsPerBatch']) ?? 1));
  }

  return {
    name,
    type,
    path,
    next: terminal ? undefined : next,
    resource,
    integration: classified?.integration,
    pattern: classified?.pattern,
    timeoutSeconds: positiveNumber(raw['TimeoutSeconds']),
    heartbeatSeconds: positiveNumber(raw['HeartbeatSeconds']),
    retry: readRetriers(raw['Retry'], [...path, 'Retry'], problems),
    catch: readCatchers(raw['Catch']),
    waitSeconds: type === 'Wait' ? nonNegativeNumber(raw['Seconds']) : undefined,
    choiceTargets,
    defaultTarget,
    branches,
    processor,
    distributed,
    childType,
    maxConcurrency: raw['MaxConcurrency'] === undefined && raw['MaxConcurrencyPath'] === undefined ? 0 : nonNegativeNumber(raw['MaxConcurrency']),
    itemsPerBatch,
    error: type === 'Fail' && typeof raw['Error'] === 'string' ? raw['Error'] : type === 'Fail' ? 'States.BranchFailed' : undefined,
  };
}

/** Retry fields and their defaults: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
function readRetriers(value: unknown, path: DataPath, problems: SemanticProblem[]): AslRetrier[] {
  if (!Array.isArray(value)) return [];
  return value.map((retrier, i) => {
    const raw = isObject(retrier) ? retrier : {};
    const backoffRate = positiveNumber(raw['BackoffRate']) ?? 2;
    if (backoffRate < 1) {
      problems.push({ path: [...path, i, 'BackoffRate'], message: `BackoffRate ${backoffRate} is below 1`, expected: 'at least 1.0', hint: 'ASL requires BackoffRate ≥ 1.0' });
    }
    return {
      errorEquals: stringList(raw['ErrorEquals']),
      intervalSeconds: positiveNumber(raw['IntervalSeconds']) ?? 1,
      maxAttempts: Math.floor(nonNegativeNumber(raw['MaxAttempts']) ?? 3),
      backoffRate,
      maxDelaySeconds: positiveNumber(raw['MaxDelaySeconds']),
      jitter: raw['JitterStrategy'] === 'FULL' ? 'FULL' : 'NONE',
    };
  });
}

function readCatchers(value: unknown): AslCatcher[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((catcher) =>
    isObject(catcher) && typeof catcher['Next'] === 'string' ? [{ errorEquals: stringList(catcher['ErrorEquals']), next: catcher['Next'] }] : [],
  );
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A number, or a numeric string (a DefinitionSubstitutions placeholder may have filled it). */
function nonNegativeNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const n = nonNegativeNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}
