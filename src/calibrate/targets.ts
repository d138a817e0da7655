/**
 * What a workload lets calibrate write, in whichever form it has: a step tree (`steps:`, each
 * step named after the state it becomes) or an imported state machine (`states:` annotations
 * keyed by state name). Each target knows where its values live in the YAML document and which
 * Step Functions state type the histories show it as.
 */
import type { AslScope, AslState } from '../import/asl.js';
import type { HistoryStateType, StateCatalog } from './history.js';
import { pollStateNames } from './poll-states.js';

export type YamlPath = readonly (string | number)[];
export type WorkloadForm = 'steps' | 'states';

/** How a Task runs (from the definition; a step tree's tasks are request-response Lambda calls). */
export type TaskPattern = 'request' | 'sync' | 'callback' | 'activity';

interface TargetBase {
  readonly name: string;
  /** The YAML map its values go in (a state's annotation is created when missing). */
  readonly at: YamlPath;
  /** How the summary names its fields: "steps.charge-card" or "states.Get quote". */
  readonly label: string;
}

export type Target =
  | (TargetBase & {
      readonly kind: 'task';
      readonly lambda: boolean;
      readonly pattern: TaskPattern;
      /** The memory it runs at now (its own, or the workload's default). */
      readonly memoryMb: number;
      /** A state annotated with no duration (it would run at flowcost's default). */
      readonly hasDuration: boolean;
      /** A poll wait's check task: only its duration is written. */
      readonly pollCheck: boolean;
    })
  /** A timer wait step, or a Wait state whose time comes from the input (SecondsPath, Timestamp…). */
  | (TargetBase & { readonly kind: 'wait' })
  /** A Wait state with fixed Seconds: nothing to write. */
  | (TargetBase & { readonly kind: 'fixed-wait' })
  /** A step tree's callback wait: a .waitForTaskToken Task in Step Functions. */
  | (TargetBase & { readonly kind: 'callback-wait' })
  | (TargetBase & { readonly kind: 'poll-wait' })
  | (TargetBase & {
      readonly kind: 'choice';
      /** steps: each branch's first step and where its probability goes; states: the Choice's targets. */
      readonly branches: readonly { readonly first: string; readonly at: YamlPath | undefined }[];
    })
  | (TargetBase & { readonly kind: 'map' })
  | (TargetBase & { readonly kind: 'parallel' })
  | (TargetBase & { readonly kind: 'other'; readonly type: HistoryStateType });

export type TargetKind = Target['kind'];

export interface WorkloadTargets {
  readonly form: WorkloadForm;
  readonly targets: readonly Target[];
  readonly byName: ReadonlyMap<string, Target>;
  readonly catalog: StateCatalog;
}

const TYPE_OF_KIND = {
  task: 'Task',
  wait: 'Wait',
  'fixed-wait': 'Wait',
  'callback-wait': 'Task',
  'poll-wait': 'Wait',
  choice: 'Choice',
  map: 'Map',
  parallel: 'Parallel',
  other: 'Pass',
} as const satisfies Record<TargetKind, HistoryStateType>;

export function stateTypeOf(target: Target): HistoryStateType {
  return target.kind === 'other' ? target.type : TYPE_OF_KIND[target.kind];
}

type Raw = Record<string, unknown>;

const DEFAULT_MEMORY_MB = 128;

/** A step tree's targets, from the workload data as written (schema-checked). */
export function stepTargets(data: unknown): WorkloadTargets {
  const raw = data as Raw;
  const defaultMemory = (((raw['lambda'] ?? {}) as Raw)['memoryMb'] as number | undefined) ?? DEFAULT_MEMORY_MB;
  const targets: Target[] = [];
  const visit = (steps: readonly unknown[], path: YamlPath): void => {
    steps.forEach((value, i) => {
      const step = value as Raw;
      const at = [...path, i];
      if ('task' in step) {
        const name = String(step['task']);
        targets.push({
          kind: 'task',
          name,
          at,
          label: `steps.${name}`,
          lambda: true,
          pattern: 'request',
          memoryMb: (step['memoryMb'] as number | undefined) ?? defaultMemory,
          hasDuration: true,
          pollCheck: false,
        });
      } else if ('wait' in step) {
        const name = String(step['wait']);
        const mode = (step['mode'] as string | undefined) ?? 'timer';
        if (mode === 'poll') {
          targets.push({ kind: 'poll-wait', name, at, label: `steps.${name}` });
          const check = (step['check'] ?? {}) as Raw;
          const checkName = pollStateNames(name).check;
          targets.push({
            kind: 'task',
            name: checkName,
            at: [...at, 'check'],
            label: `steps.${name}.check`,
            lambda: true,
            pattern: 'request',
            memoryMb: (check['memoryMb'] as number | undefined) ?? defaultMemory,
            hasDuration: true,
            pollCheck: true,
          });
        } else {
          targets.push({ kind: mode === 'callback' ? 'callback-wait' : 'wait', name, at, label: `steps.${name}` });
        }
      } else if ('parallel' in step) {
        const name = String(step['parallel']);
        targets.push({ kind: 'parallel', name, at, label: `steps.${name}` });
        (step['branches'] as unknown[][]).forEach((branch, b) => visit(branch, [...at, 'branches', b]));
      } else if ('map' in step) {
        const name = String(step['map']);
        targets.push({ kind: 'map', name, at, label: `steps.${name}` });
        visit(step['steps'] as unknown[], [...at, 'steps']);
      } else if ('choice' in step) {
        const name = String(step['choice']);
        const branches = (step['branches'] as Raw[]).map((branch, b) => ({
          first: firstStepName((branch['steps'] as unknown[])[0]),
          at: [...at, 'branches', b] as YamlPath,
        }));
        targets.push({ kind: 'choice', name, at, label: `steps.${name}`, branches });
        (step['branches'] as Raw[]).forEach((branch, b) => visit(branch['steps'] as unknown[], [...at, 'branches', b, 'steps']));
      }
    });
  };
  visit((raw['steps'] ?? []) as unknown[], ['steps']);
  return withCatalog('steps', targets);
}

function firstStepName(step: unknown): string {
  const raw = step as Raw;
  for (const key of ['task', 'wait', 'parallel', 'map', 'choice']) if (key in raw) return String(raw[key]);
  return '';
}

/** An imported state machine's targets: every state of its definition, annotated under `states:`. */
export function machineTargets(data: unknown, root: AslScope): WorkloadTargets {
  const raw = data as Raw;
  const defaultMemory = (((raw['lambda'] ?? {}) as Raw)['memoryMb'] as number | undefined) ?? DEFAULT_MEMORY_MB;
  const annotations = (raw['states'] ?? {}) as Record<string, Raw>;
  const targets: Target[] = [];
  for (const state of allStates(root)) {
    const name = state.name;
    const annotation = annotations[name] ?? {};
    const at: YamlPath = ['states', name];
    const label = `states.${name}`;
    switch (state.type) {
      case 'Task': {
        const integration = (annotation['integration'] as string | undefined) ?? state.integration ?? 'service';
        targets.push({
          kind: 'task',
          name,
          at,
          label,
          lambda: integration === 'lambda',
          pattern: state.pattern ?? 'request',
          memoryMb: (annotation['memoryMb'] as number | undefined) ?? defaultMemory,
          hasDuration: annotation['duration'] !== undefined,
          pollCheck: false,
        });
        break;
      }
      case 'Wait':
        targets.push({ kind: state.waitSeconds === undefined ? 'wait' : 'fixed-wait', name, at, label });
        break;
      case 'Choice':
        targets.push({ kind: 'choice', name, at, label, branches: state.choiceTargets.map((first) => ({ first, at: undefined })) });
        break;
      case 'Map':
        targets.push({ kind: 'map', name, at, label });
        break;
      case 'Parallel':
        targets.push({ kind: 'parallel', name, at, label });
        break;
      default:
        targets.push({ kind: 'other', name, at, label, type: state.type });
    }
  }
  return withCatalog('states', targets);
}

function* allStates(scope: AslScope): Generator<AslState> {
  for (const state of scope.states) {
    yield state;
    for (const branch of state.branches) yield* allStates(branch);
    if (state.processor) yield* allStates(state.processor);
  }
}

function withCatalog(form: WorkloadForm, targets: readonly Target[]): WorkloadTargets {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const pollWaits = new Set(targets.filter((t) => t.kind === 'poll-wait').map((t) => t.name));
  const names = targets.filter((t) => !(t.kind === 'task' && t.pollCheck)).map((t) => t.name);
  const catalog: StateCatalog = {
    typeOf: (name) => {
      const target = byName.get(name);
      return target && !(target.kind === 'task' && target.pollCheck) ? stateTypeOf(target) : undefined;
    },
    isPollWait: (name) => pollWaits.has(name),
    // A step tree becomes states one to one; the Pass, Succeed and Fail states an export adds carry nothing to calibrate.
    freeTypes: new Set<HistoryStateType>(form === 'steps' ? ['Pass', 'Succeed', 'Fail'] : []),
    names,
  };
  return { form, targets, byName, catalog };
}

/** Targets that Lambda logs and Power Tuning results can be bound to (`--from NAME=FILE`). */
export function bindableNames(targets: WorkloadTargets): string[] {
  return targets.targets.filter((t) => t.kind === 'task' && t.lambda).map((t) => t.name);
}
