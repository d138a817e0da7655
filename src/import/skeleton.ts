/**
 * An imported definition → a workload skeleton: every state listed under `states:` with the
 * defaults flowcost would use, so the user only changes numbers. Pure text generation.
 */
import { aslStates, type AslDefinition, type AslState } from './asl.js';
import { sharedArchitecture } from './lambda-bindings.js';
import { SOURCE_FORMATS, type DeployedType, type LambdaFunctionSettings, type SourceFormat } from './source.js';
import { MACHINE_DEFAULTS } from '../workload/normalize-machine.js';

export interface SkeletonOptions {
  readonly name: string;
  /** Path of the definition, relative to the workload file. */
  readonly definitionPath: string;
  readonly resource: string | undefined;
  /** Path of schemas/workload.schema.json, relative to the workload file. */
  readonly schemaPath: string;
  /** The type the machine is deployed as (written as stateMachine.type). */
  readonly declaredType: DeployedType | undefined;
  /** Memory of a Lambda task bound to no function of the template. */
  readonly memoryMb: number;
  /** Where the machine came from (shown in the header comment). */
  readonly format?: SourceFormat;
  /** Task state name → the function it calls: its memory, timeout and /tmp go into the annotation. */
  readonly bindings?: ReadonlyMap<string, LambdaFunctionSettings>;
  /** What the importer could not read exactly, as comments at the top. */
  readonly warnings?: readonly string[];
}

export function workloadSkeleton(definition: AslDefinition, options: SkeletonOptions): string {
  const bindings = options.bindings ?? new Map<string, LambdaFunctionSettings>();
  const { architecture, warning } = sharedArchitecture(bindings);
  const warnings = [...(options.warnings ?? []), ...(warning ? [warning] : [])];
  const from = options.format && options.format !== 'asl' ? ` (source: ${SOURCE_FORMATS[options.format]})` : '';
  const lines = [
    `# yaml-language-server: $schema=${options.schemaPath}`,
    `# Imported by flowcost import${from}${options.declaredType ? `; the machine is deployed as ${options.declaredType} (stateMachine.type)` : ''}. flowcost compares it as it is (Standard or Express) with one Lambda function, a durable function, Standard with Express children, a chain of functions, Managed Instances and a MicroVM.`,
    '# Fill in volumes, durations, failure rates, Map items and Choice probabilities, then run: flowcost analyze <this file>',
    ...warnings.map((w) => `# warning: ${comment(w)}`),
    `name: ${key(options.name)}`,
    'region: us-east-1',
    'executionsPerMonth: 100000',
    ...(architecture ? ['lambda:', `  architecture: ${architecture}${warning ? '   # the most common architecture of the bound functions' : '   # the bound functions\' architecture'}`] : []),
    'stateMachine:',
    `  definition: ${key(options.definitionPath)}`,
    ...(options.resource ? [`  resource: ${key(options.resource)}`] : []),
    ...(options.declaredType ? [`  type: ${options.declaredType}`] : []),
    'states:',
  ];
  for (const state of aslStates(definition.root)) {
    const bound = bindings.get(state.name);
    lines.push(`  # ${comment(describe(state))}${bound ? ` · function ${comment(functionSummary(bound))}` : ''}`);
    lines.push(`  ${key(state.name)}: ${flow(annotations(state, options.memoryMb, bound))}`);
  }
  return lines.join('\n') + '\n';
}

function functionSummary(settings: LambdaFunctionSettings): string {
  const parts = [
    settings.memoryMb !== undefined ? `${settings.memoryMb} MB` : undefined,
    settings.timeoutSeconds !== undefined ? `${settings.timeoutSeconds} s timeout` : undefined,
    settings.architecture,
    settings.ephemeralStorageMb !== undefined ? `${settings.ephemeralStorageMb} MB /tmp` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `${settings.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** One comment line: no line breaks or control characters from the template. */
function comment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function describe(state: AslState): string {
  switch (state.type) {
    case 'Task': {
      const what = state.integration === 'lambda' ? 'Lambda' : 'service integration';
      const pattern = { request: '', sync: ', .sync job', callback: ', .waitForTaskToken callback', activity: ', activity' }[state.pattern ?? 'request'];
      const retry = state.retry.length > 0 ? `, Retry on ${state.retry.map((r) => r.errorEquals.join('|')).join(' / ')}` : '';
      return `Task · ${what}${pattern} · ${state.resource ?? ''}${retry}`;
    }
    case 'Map':
      return `Map · ${state.distributed ? `distributed (${state.childType} children)` : 'inline'}${state.maxConcurrency ? ` · MaxConcurrency ${state.maxConcurrency}` : ''}`;
    case 'Choice':
      return `Choice → ${state.choiceTargets.join(' | ')}${state.defaultTarget ? ` (Default ${state.defaultTarget})` : ''}`;
    case 'Wait':
      return state.waitSeconds === undefined ? 'Wait · time from the input: annotate its duration' : `Wait · ${state.waitSeconds} s`;
    default:
      return `${state.type} · nothing to annotate`;
  }
}

type Value = string | number | { readonly [key: string]: Value };

function annotations(state: AslState, memoryMb: number, bound: LambdaFunctionSettings | undefined): Record<string, Value> {
  switch (state.type) {
    case 'Task': {
      const lambda = state.integration === 'lambda';
      const ms = state.pattern === 'sync' ? MACHINE_DEFAULTS.syncJobMs : lambda ? MACHINE_DEFAULTS.lambdaTaskMs : MACHINE_DEFAULTS.serviceTaskMs;
      const waits = state.pattern === 'callback' || state.pattern === 'activity';
      const fn = lambda ? bound : undefined;
      return {
        duration: durationText(ms),
        ...(lambda ? { memoryMb: fn?.memoryMb ?? memoryMb } : {}),
        ...(fn?.timeoutSeconds !== undefined ? { timeout: durationText(fn.timeoutSeconds * 1000) } : {}),
        ...(fn?.ephemeralStorageMb !== undefined ? { ephemeralStorageMb: fn.ephemeralStorageMb } : {}),
        failureRate: 0,
        ...(waits ? { callbackWait: durationText(MACHINE_DEFAULTS.callbackWaitMs) } : {}),
      };
    }
    case 'Map':
      return { items: MACHINE_DEFAULTS.mapItems };
    case 'Choice': {
      if (state.choiceTargets.length < 2) return {};
      const share = Number((1 / state.choiceTargets.length).toFixed(4));
      const next: Record<string, number> = {};
      state.choiceTargets.forEach((t, i) => (next[t] = i === state.choiceTargets.length - 1 ? Number((1 - share * i).toFixed(4)) : share));
      return { next };
    }
    case 'Wait':
      return state.waitSeconds === undefined ? { duration: durationText(MACHINE_DEFAULTS.dynamicWaitMs) } : {};
    default:
      return {};
  }
}

function durationText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function flow(value: Value): string {
  if (typeof value !== 'object') return typeof value === 'number' ? String(value) : key(value);
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)}: ${flow(v)}`).join(', ')} }`;
}

const PLAIN = /^[\w/.][\w .\-/()]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const NUMBER_LIKE = /^[-+]?(\d[\d_]*)?\.?\d*(e[-+]?\d+)?$/i;

/** A YAML scalar: plain when that is safe, else double-quoted (JSON strings are valid YAML). */
function key(text: string): string {
  return PLAIN.test(text) && !text.endsWith(' ') && !RESERVED.test(text) && !NUMBER_LIKE.test(text) ? text : JSON.stringify(text);
}
