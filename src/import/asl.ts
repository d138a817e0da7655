/**
 * Amazon States Language data → a checked, typed graph (https://states-language.net/spec.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html).
 * Every definition is validated by asl-validator first (validate-asl.ts: the ASL schemas and its
 * graph checks); its findings become problems located at the state and field they concern. flowcost's
 * own checks cover what asl-validator does not: transitions that leave their scope (it misses
 * ItemProcessor), the parts of AWS's numeric ranges its schemas leave out (asl-ranges.ts),
 * JitterStrategy, HeartbeatSeconds below TimeoutSeconds, and what flowcost cannot model (a Resource
 * that is not a string). JSONPath and JSONata (QueryLanguage) definitions are read alike: flowcost
 * evaluates no expression.
 */
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import type { Integration, TaskPattern } from '../workload/graph.js';
import { JITTER_STRATEGIES, outOfRange, RANGE_RULES, type RangeRule } from './asl-ranges.js';
import { isObject } from './intrinsics.js';
import { aslValidatorIssues, type AslValidatorIssue } from './validate-asl.js';

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
  /** Map: ToleratedFailurePercentage / ToleratedFailureCount when fixed (undefined when absent or given by a path). */
  readonly toleratedFailurePercentage: number | undefined;
  readonly toleratedFailureCount: number | undefined;
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

/** Every state of a scope, nested ones included, in definition order. */
export function* aslStates(scope: AslScope): Generator<AslState> {
  for (const state of scope.states) {
    yield state;
    for (const branch of state.branches) yield* aslStates(branch);
    if (state.processor) yield* aslStates(state.processor);
  }
}

/** An ASL definition rather than a template. */
export function isAsl(data: unknown): boolean {
  return isObject(data) && 'StartAt' in data && 'States' in data;
}

export function readAsl(data: unknown): AslResult {
  if (!isAsl(data)) {
    return {
      ok: false,
      problems: [
        {
          path: [],
          message: 'this is not an Amazon States Language definition',
          expected: 'an object with StartAt and States (or a template or project with a state machine)',
          hint: 'give the state machine definition (.asl.json / .asl.yaml), or the template or project folder that holds it',
        },
      ],
    };
  }
  const raw = data as Record<string, unknown>;
  const index = indexDefinition(raw);
  const issues = aslValidatorIssues(raw);
  // "missing a terminal state" follows from the other graph errors when there are any.
  const relevant = issues.length > 1 ? issues.filter((issue) => issue.code !== 'MISSING_TERMINAL_STATE') : issues;
  const problems = dedupe([...relevant.flatMap((issue) => locateIssue(issue, raw, index)), ...ownChecks(raw, index)]);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    definition: {
      root: readScope(raw, []),
      timeoutSeconds: positiveNumber(raw['TimeoutSeconds']),
      queryLanguage: raw['QueryLanguage'] === 'JSONata' ? 'JSONata' : 'JSONPath',
      sizeBytes: new TextEncoder().encode(JSON.stringify(raw)).length,
    },
  };
}

/** Where each state is, and which fields name each transition target. */
interface DefinitionIndex {
  /** State name → every path where a state of that name is defined. */
  readonly states: ReadonlyMap<string, readonly DataPath[]>;
  /** Target name → every StartAt, Next, Default and Catch Next that names it, with the scope it is in. */
  readonly references: ReadonlyMap<string, readonly { readonly path: DataPath; readonly from: string | undefined; readonly scope: readonly string[] }[]>;
}

function indexDefinition(raw: Record<string, unknown>): DefinitionIndex {
  const states = new Map<string, DataPath[]>();
  const references = new Map<string, { path: DataPath; from: string | undefined; scope: readonly string[] }[]>();
  const refer = (target: unknown, path: DataPath, from: string | undefined, scope: readonly string[]) => {
    if (typeof target !== 'string') return;
    const list = references.get(target) ?? [];
    list.push({ path, from, scope });
    references.set(target, list);
  };
  const walkScope = (scopeRaw: Record<string, unknown>, path: DataPath) => {
    const statesRaw = isObject(scopeRaw['States']) ? scopeRaw['States'] : {};
    const scope = Object.keys(statesRaw);
    refer(scopeRaw['StartAt'], [...path, 'StartAt'], undefined, scope);
    for (const [name, value] of Object.entries(statesRaw)) {
      const at: DataPath = [...path, 'States', name];
      states.set(name, [...(states.get(name) ?? []), at]);
      if (!isObject(value)) continue;
      refer(value['Next'], [...at, 'Next'], name, scope);
      refer(value['Default'], [...at, 'Default'], name, scope);
      if (Array.isArray(value['Choices'])) value['Choices'].forEach((rule, i) => isObject(rule) && refer(rule['Next'], [...at, 'Choices', i, 'Next'], name, scope));
      if (Array.isArray(value['Catch'])) value['Catch'].forEach((c, i) => isObject(c) && refer(c['Next'], [...at, 'Catch', i, 'Next'], name, scope));
      if (Array.isArray(value['Branches'])) value['Branches'].forEach((b, i) => isObject(b) && walkScope(b, [...at, 'Branches', i]));
      for (const key of ['ItemProcessor', 'Iterator']) {
        const processor = value[key];
        if (isObject(processor)) walkScope(processor, [...at, key]);
      }
    }
  };
  walkScope(raw, []);
  return { states, references };
}

/** The state a path is in: [..., "States", name, ...field]. */
function stateAt(raw: unknown, path: DataPath): { name: string; type: string; statePath: DataPath; field: DataPath } | undefined {
  let found: { name: string; type: string; statePath: DataPath; field: DataPath } | undefined;
  let node: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    const parent = node;
    node = typeof part === 'number' ? (Array.isArray(node) ? node[part] : undefined) : isObject(node) ? node[part] : undefined;
    if (i > 0 && path[i - 1] === 'States' && typeof part === 'string' && isObject(parent) && isObject(node)) {
      found = { name: part, type: typeof node['Type'] === 'string' ? node['Type'] : '', statePath: path.slice(0, i + 1), field: path.slice(i + 1) };
    }
  }
  return found;
}

/** "Retry[0].MaxAttempts" for display; "Retry.MaxAttempts" as a key of RANGE_RULES. */
function fieldName(field: DataPath, withIndexes: boolean): string {
  return field
    .filter((part) => withIndexes || typeof part === 'string')
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
    .replace(/\.\[/g, '[');
}

function ruleFor(type: string, field: DataPath): RangeRule | undefined {
  const rules: Readonly<Record<string, RangeRule>> | undefined = (RANGE_RULES as Readonly<Record<string, Readonly<Record<string, RangeRule>>>>)[type];
  return rules?.[fieldName(field, false)];
}

const isStateType = (type: unknown): type is AslStateType => (ASL_STATE_TYPES as readonly unknown[]).includes(type);

/** What a state of a known type must hold (explains asl-validator's schema errors on a whole state). */
const REQUIRED_FIELDS: Readonly<Record<AslStateType, readonly string[]>> = {
  Task: ['Resource'],
  Pass: [],
  Wait: [],
  Choice: ['Choices'],
  Parallel: ['Branches'],
  Map: [],
  Succeed: [],
  Fail: [],
};

/** One asl-validator finding → problems located at the state and field it concerns. */
function locateIssue(issue: AslValidatorIssue, raw: Record<string, unknown>, index: DefinitionIndex): SemanticProblem[] {
  const by = `asl-validator: ${issue.message}`;
  if (issue.path) {
    const state = stateAt(raw, issue.path);
    if (!state) {
      const rule = issue.path.length === 1 ? ruleFor('', issue.path) : undefined;
      return [{ path: issue.path, message: `${issue.path.length === 0 ? 'the definition' : fieldName(issue.path, true)} is not valid ASL`, ...(rule ? { expected: rule.range } : {}), hint: by }];
    }
    const stateRaw = valueAtPath(raw, state.statePath);
    const type = isObject(stateRaw) ? stateRaw['Type'] : undefined;
    if (!isStateType(type)) {
      return [
        {
          path: type === undefined ? state.statePath : [...state.statePath, 'Type'],
          message: type === undefined ? `state "${state.name}" has no Type` : `state "${state.name}" has Type "${String(type)}", which is not an ASL state type`,
          expected: ASL_STATE_TYPES.join(' | '),
          ...(type === undefined ? {} : { actual: String(type) }),
          hint: 'every state needs one of the ASL state types',
        },
      ];
    }
    if (state.field.length === 0 || (state.field.length === 1 && state.field[0] === 'Type')) {
      const missing = REQUIRED_FIELDS[type].filter((key) => !isObject(stateRaw) || stateRaw[key] === undefined);
      return [
        {
          path: state.statePath,
          message: missing.length > 0 ? `${type} "${state.name}" has no ${missing.join(' or ')}` : `${type} "${state.name}" is not a valid ${type} state`,
          hint: by,
        },
      ];
    }
    const rule = ruleFor(type, state.field);
    const value = valueAtPath(raw, issue.path);
    return [
      {
        path: issue.path,
        message: `${type} "${state.name}": ${fieldName(state.field, true)}${value === undefined || isObject(value) || Array.isArray(value) ? '' : ` ${JSON.stringify(value)}`} is not valid`,
        ...(rule ? { expected: rule.range } : {}),
        hint: by,
      },
    ];
  }
  const named = /target: (.*)$/.exec(issue.message)?.[1] ?? /^State (.*) is not reachable$/.exec(issue.message)?.[1] ?? /exists: (.*)$/.exec(issue.message)?.[1] ?? /^State "(.*)" MUST/.exec(issue.message)?.[1];
  if (issue.code === 'MISSING_TRANSITION_TARGET' && issue.message.startsWith('Missing') && named !== undefined) {
    return (index.references.get(named) ?? []).map((ref) => targetProblem(ref.path, ref.from, named, []));
  }
  if (/TRANSITION_TARGET$/.test(issue.code) && issue.code !== 'MISSING_TRANSITION_TARGET' && named !== undefined) {
    return (index.references.get(named) ?? []).filter((ref) => !ref.scope.includes(named)).map((ref) => targetProblem(ref.path, ref.from, named, ref.scope));
  }
  if (issue.code === 'MISSING_TRANSITION_TARGET' && named !== undefined) {
    return [
      {
        path: index.states.get(named)?.[0] ?? [],
        message: `state "${named}" is never entered: no StartAt, Next, Default or Catch names it`,
        hint: 'Step Functions refuses definitions with unreachable states: remove it or go to it from another state',
      },
    ];
  }
  if (issue.code === 'DUPLICATE_STATE_NAMES' && named !== undefined) {
    return [
      {
        path: index.states.get(named)?.[1] ?? index.states.get(named)?.[0] ?? [],
        message: `state name "${named}" is used twice`,
        actual: named,
        hint: 'state names must be unique in the whole state machine, Parallel branches and Map processors included',
      },
    ];
  }
  if (named !== undefined && index.states.has(named)) {
    return [{ path: index.states.get(named)![0]!, message: `state "${named}": ${issue.message.replace(/^State "[^"]*" /, '')}`, hint: by }];
  }
  if (issue.code === 'VALIDATOR_FAILED') return [{ path: [], message: issue.message, hint: 'States (and each Branches / ItemProcessor States) must be an object of states' }];
  return [{ path: [], message: `the definition is not valid ASL: ${issue.message}`, hint: by }];
}

function targetProblem(path: DataPath, from: string | undefined, target: string, scope: readonly string[]): SemanticProblem {
  if (from === undefined) {
    return { path, message: `StartAt names no state: "${target}"`, ...(scope.length > 0 ? { expected: `one of ${scope.join(', ')}` } : {}), actual: target, hint: 'StartAt must name a state of the same States object' };
  }
  return {
    path,
    message: `state "${from}" goes to "${target}", which is not a state of the same scope`,
    ...(scope.length > 0 ? { expected: `one of ${scope.join(', ')}` } : {}),
    actual: target,
    hint: 'Next, Default and Catch targets must be states of the same States object (not inside or outside a Parallel or Map)',
  };
}

function valueAtPath(raw: unknown, path: DataPath): unknown {
  let node: unknown = raw;
  for (const part of path) node = typeof part === 'number' ? (Array.isArray(node) ? node[part] : undefined) : isObject(node) ? node[part] : undefined;
  return node;
}

/**
 * flowcost's own checks, for what asl-validator does not cover: transitions out of their scope
 * (Map ItemProcessor included), the rest of AWS's numeric ranges, JitterStrategy, HeartbeatSeconds
 * below TimeoutSeconds, a Resource that is not a string.
 */
function ownChecks(raw: Record<string, unknown>, index: DefinitionIndex): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  for (const [target, refs] of index.references) {
    for (const ref of refs) if (!ref.scope.includes(target)) problems.push(targetProblem(ref.path, ref.from, target, ref.scope));
  }
  const range = (value: unknown, rule: RangeRule | undefined, path: DataPath, label: string) => {
    if (!rule) return;
    const why = outOfRange(value, rule);
    if (why) problems.push({ path, message: `${label} is ${String(value)}, ${why}`, expected: rule.range, actual: String(value), hint: 'use a value Step Functions accepts' });
  };
  range(raw['TimeoutSeconds'], RANGE_RULES['']['TimeoutSeconds'], ['TimeoutSeconds'], 'the state machine\'s TimeoutSeconds');
  for (const [name, paths] of index.states) {
    for (const path of paths) {
      const state = valueAtPath(raw, path);
      if (!isObject(state) || !isStateType(state['Type'])) continue;
      const type = state['Type'];
      const rules = RANGE_RULES[type];
      for (const [field, rule] of Object.entries(rules)) {
        const parts = field.split('.');
        if (parts[0] === 'Retry') {
          const retriers = Array.isArray(state['Retry']) ? state['Retry'] : [];
          retriers.forEach((retrier, i) => {
            if (isObject(retrier)) range(retrier[parts[1]!], rule, [...path, 'Retry', i, parts[1]!], `${type} "${name}": Retry[${i}].${parts[1]!}`);
          });
        } else {
          range(valueAtPath(state, parts), rule, [...path, ...parts], `${type} "${name}": ${field}`);
        }
      }
      if (Array.isArray(state['Retry'])) {
        state['Retry'].forEach((retrier, i) => {
          const jitter = isObject(retrier) ? retrier['JitterStrategy'] : undefined;
          if (jitter !== undefined && !(JITTER_STRATEGIES as readonly unknown[]).includes(jitter)) {
            problems.push({ path: [...path, 'Retry', i, 'JitterStrategy'], message: `${type} "${name}": Retry[${i}].JitterStrategy is ${JSON.stringify(jitter)}`, expected: JITTER_STRATEGIES.join(' | '), actual: String(jitter), hint: 'FULL draws the delay at random, NONE keeps it' });
          }
        });
      }
      const timeout = state['TimeoutSeconds'];
      const heartbeat = state['HeartbeatSeconds'];
      if (type === 'Task' && typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
        problems.push({ path: [...path, 'HeartbeatSeconds'], message: `Task "${name}": HeartbeatSeconds ${heartbeat} is not below TimeoutSeconds ${timeout}`, expected: `below ${timeout}`, actual: String(heartbeat), hint: 'a heartbeat must come more often than the timeout' });
      }
      if (type === 'Task' && state['Resource'] !== undefined && typeof state['Resource'] !== 'string') {
        problems.push({ path: [...path, 'Resource'], message: `unsupported feature: a Resource that is not a string (Task "${name}")`, expected: 'an ARN string', hint: 'a Task names what it calls in Resource; resolve the template expression, or import the template that holds it' });
      }
    }
  }
  return problems;
}

/** One problem per place and message: asl-validator's first, then flowcost's for the same field. */
function dedupe(problems: readonly SemanticProblem[]): SemanticProblem[] {
  const byPath = new Map<string, SemanticProblem>();
  const out: SemanticProblem[] = [];
  for (const problem of problems) {
    const key = JSON.stringify(problem.path);
    const earlier = byPath.get(key);
    if (earlier && (earlier.message === problem.message || problem.path.length > 0)) continue;
    byPath.set(key, problem);
    out.push(problem);
  }
  return out;
}

function readScope(raw: Record<string, unknown>, path: DataPath): AslScope {
  const statesRaw = isObject(raw['States']) ? raw['States'] : {};
  const startAt = typeof raw['StartAt'] === 'string' ? raw['StartAt'] : '';
  const states = Object.keys(statesRaw).map((name) => readState(name, statesRaw[name], [...path, 'States', name]));
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

function readState(name: string, value: unknown, path: DataPath): AslState {
  // Validated before: this reads the state, it does not check it.
  const raw = isObject(value) ? value : {};
  const type = isStateType(raw['Type']) ? raw['Type'] : 'Pass';
  const next = typeof raw['Next'] === 'string' ? raw['Next'] : undefined;
  const terminal = type === 'Choice' || type === 'Succeed' || type === 'Fail';
  const resource = type === 'Task' && typeof raw['Resource'] === 'string' ? raw['Resource'] : undefined;
  const classified = resource === undefined ? undefined : classifyResource(resource);

  const choiceTargets: string[] = [];
  const defaultTarget = type === 'Choice' && typeof raw['Default'] === 'string' ? raw['Default'] : undefined;
  if (type === 'Choice') {
    for (const rule of Array.isArray(raw['Choices']) ? raw['Choices'] : []) {
      const target = isObject(rule) ? rule['Next'] : undefined;
      if (typeof target === 'string' && !choiceTargets.includes(target)) choiceTargets.push(target);
    }
    if (defaultTarget !== undefined && !choiceTargets.includes(defaultTarget)) choiceTargets.push(defaultTarget);
  }

  const branches: AslScope[] = [];
  if (type === 'Parallel') {
    (Array.isArray(raw['Branches']) ? raw['Branches'] : []).forEach((branch, b) => branches.push(readScope(isObject(branch) ? branch : {}, [...path, 'Branches', b])));
  }

  let processor: AslScope | undefined;
  let distributed = false;
  let childType: 'STANDARD' | 'EXPRESS' = 'STANDARD';
  let itemsPerBatch = 1;
  if (type === 'Map') {
    // ItemProcessor (current) or Iterator (its older name): https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
    const key = raw['ItemProcessor'] !== undefined ? 'ItemProcessor' : 'Iterator';
    const processorRaw = raw[key];
    if (isObject(processorRaw)) {
      processor = readScope(processorRaw, [...path, key]);
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
    retry: readRetriers(raw['Retry']),
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
    toleratedFailurePercentage: type === 'Map' ? nonNegativeNumber(raw['ToleratedFailurePercentage']) : undefined,
    toleratedFailureCount: type === 'Map' ? nonNegativeNumber(raw['ToleratedFailureCount']) : undefined,
    error: type === 'Fail' && typeof raw['Error'] === 'string' ? raw['Error'] : type === 'Fail' ? 'States.BranchFailed' : undefined,
  };
}

/** Retry fields and their defaults: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
function readRetriers(value: unknown): AslRetrier[] {
  if (!Array.isArray(value)) return [];
  return value.map((retrier) => {
    const raw = isObject(retrier) ? retrier : {};
    const backoffRate = positiveNumber(raw['BackoffRate']) ?? 2;
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
