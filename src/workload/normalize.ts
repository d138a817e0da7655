/**
 * Schema-valid workload data → the normalized `Workload`: units parsed, distributions fitted,
 * defaults filled, and the checks a schema cannot express (percentiles in order, probabilities
 * summing to 1, unique step names). A step tree and an imported definition both become the one
 * state graph (normalize-steps.ts, normalize-machine.ts). Pure; problems carry a path, the loader
 * adds file positions.
 */
import type { AslDefinition } from '../import/asl.js';
import { lambdaFunctions, states, type StateGraph } from './graph.js';
import { normalizeMachine, type MachineNormalizeResult } from './normalize-machine.js';
import { normalizeSteps } from './normalize-steps.js';
import type { SemanticProblem } from './problems.js';
import type {
  InvocationType,
  LambdaArchitecture,
  LambdaSettings,
  LogSettings,
  ManagedInstancesSettings,
  ManagedInstanceType,
  MicrovmSettings,
  StepFunctionsLogLevel,
  Workload,
} from './types.js';
import {
  coldStartProfile,
  DEFAULTS,
  durationOrZero,
  executionsPerMonthValue,
  lambdaTimeout,
  MANAGED_CONCURRENCY_PER_VCPU,
  MANAGED_MAX_TIMEOUT_MS,
  positiveDuration,
  type ManagedRuntime,
} from './values.js';

export type NormalizeResult =
  | { readonly ok: true; readonly workload: Workload }
  | { readonly ok: false; readonly problems: readonly SemanticProblem[] };


type Raw = Record<string, unknown>;

/** The ASL definition a `stateMachine` workload refers to, read by src/io. */
export interface ImportedDefinition {
  readonly definition: AslDefinition;
  /** The file (and template resource) it came from, for messages. */
  readonly source: string;
  readonly declaredType: 'STANDARD' | 'EXPRESS' | undefined;
}

export function normalizeWorkload(data: unknown, imported?: ImportedDefinition): NormalizeResult {
  const problems: SemanticProblem[] = [];
  const raw = data as Raw;
  const lambdaRaw = (raw['lambda'] ?? {}) as Raw;
  const sfnRaw = (raw['stepFunctions'] ?? {}) as Raw;

  const timeoutMs = lambdaTimeout(lambdaRaw['timeout'], ['lambda', 'timeout'], problems);
  const defaults: LambdaSettings = {
    memoryMb: (lambdaRaw['memoryMb'] as number | undefined) ?? DEFAULTS.memoryMb,
    architecture: (lambdaRaw['architecture'] as LambdaArchitecture | undefined) ?? DEFAULTS.architecture,
    timeoutMs,
    ephemeralStorageMb: (lambdaRaw['ephemeralStorageMb'] as number | undefined) ?? DEFAULTS.ephemeralStorageMb,
    coldStart: coldStartProfile(lambdaRaw['coldStarts'], ['lambda', 'coldStarts'], problems),
  };
  let machine: MachineNormalizeResult | undefined;
  let graph: StateGraph;
  let estimatedDefinitionKb: number;
  if (imported) {
    machine = normalizeMachine(imported.definition, imported.source, imported.declaredType, raw['states'], defaults, problems);
    graph = machine.graph;
    estimatedDefinitionKb = machine.definitionKb;
  } else {
    const steps = normalizeSteps((raw['steps'] as unknown[] | undefined) ?? [], defaults, problems);
    graph = { root: steps.root, timeoutMs: Infinity, origin: { kind: 'steps' } };
    estimatedDefinitionKb = DEFAULTS.definitionKbBase + DEFAULTS.definitionKbPerState * steps.stateCount;
  }

  let largestTaskMemory = 0;
  for (const lambda of lambdaFunctions(graph)) largestTaskMemory = Math.max(largestTaskMemory, lambda.memoryMb);
  const singleFunction: LambdaSettings = {
    ...defaults,
    memoryMb: (lambdaRaw['memoryMb'] as number | undefined) ?? Math.max(DEFAULTS.memoryMb, largestTaskMemory),
  };

  const executionsPerMonth = executionsPerMonthValue(raw['executionsPerMonth'], problems);
  const payloadKb = (raw['payloadKb'] as number | undefined) ?? DEFAULTS.payloadKb;
  const inputRaw = (raw['input'] ?? {}) as Raw;
  const invocation = (inputRaw['invocation'] as InvocationType | undefined) ?? 'sync';
  const durableRaw = (raw['lambdaDurable'] ?? {}) as Raw;
  const lambdaManaged = managedInstances((raw['lambdaManaged'] ?? {}) as Raw, defaults.architecture, invocation, problems);
  const logs = logSettings(raw['logs'] as Raw | undefined);
  // Service tasks say that the service's own charge is left out, in step trees and definitions alike.
  const warnings = [...(machine?.warnings ?? []), ...serviceTaskNote(graph)];
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    workload: {
      name: raw['name'] as string,
      region: raw['region'] as string,
      executionsPerMonth,
      peakExecutionsPerSecond: raw['peakExecutionsPerSecond'] as number | undefined,
      singleFunction,
      inProcessConcurrency: (lambdaRaw['inProcessConcurrency'] as number | undefined) ?? DEFAULTS.inProcessConcurrency,
      payloadKb,
      lambdaDurable: {
        retentionDays: (durableRaw['retentionDays'] as number | undefined) ?? DEFAULTS.durableRetentionDays,
        keepWarmMs:
          durableRaw['keepWarm'] === undefined
            ? DEFAULTS.durableKeepWarmMs
            : positiveDuration(durableRaw['keepWarm'] as string, ['lambdaDurable', 'keepWarm'], problems),
        replayMs: (durableRaw['replayMs'] as number | undefined) ?? DEFAULTS.durableReplayMs,
      },
      lambdaManaged,
      lambdaMicrovm: microvm((raw['lambdaMicrovm'] ?? {}) as Raw),
      logs,
      input: {
        kb: (inputRaw['kb'] as number | undefined) ?? payloadKb,
        invocation,
      },
      stepFunctions: {
        transitionOverheadMs: durationOrZero(sfnRaw['transitionOverhead']),
        definitionKb: (sfnRaw['definitionKb'] as number | undefined) ?? estimatedDefinitionKb,
      },
      graph,
      ...(machine || warnings.length > 0 ? { warnings } : {}),
    },
  };
}

/** `lambdaManaged`, defaults filled: the instance type follows the function's architecture. */
function managedInstances(
  raw: Raw,
  architecture: LambdaArchitecture,
  invocation: InvocationType,
  problems: SemanticProblem[],
): ManagedInstancesSettings {
  const concurrency = raw['concurrencyPerVcpu'] as number | ManagedRuntime | undefined;
  const limitMs = MANAGED_MAX_TIMEOUT_MS[invocation];
  let timeoutMs: number = limitMs;
  if (raw['timeout'] !== undefined) {
    timeoutMs = positiveDuration(raw['timeout'] as string, ['lambdaManaged', 'timeout'], problems);
    if (timeoutMs > limitMs) {
      problems.push({
        path: ['lambdaManaged', 'timeout'],
        message: `a timeout of ${String(raw['timeout'])} is longer than Managed Instances allow for ${invocation === 'sync' ? 'synchronous' : 'asynchronous'} invocations`,
        expected: invocation === 'sync' ? 'at most 15m (synchronous)' : 'at most 90m (asynchronous)',
        actual: String(raw['timeout']),
        hint: invocation === 'sync' ? 'synchronous invocations run for at most 15 minutes; asynchronous ones (input: { invocation: async }) up to 90' : 'use at most 90m',
      });
      timeoutMs = limitMs;
    }
  }
  return {
    instanceType: (raw['instanceType'] as ManagedInstanceType | undefined) ?? DEFAULTS.managedInstanceType[architecture],
    minInstances: (raw['minInstances'] as number | undefined) ?? DEFAULTS.managedMinInstances,
    concurrencyPerVcpu:
      typeof concurrency === 'string' ? MANAGED_CONCURRENCY_PER_VCPU[concurrency] : (concurrency ?? DEFAULTS.managedConcurrencyPerVcpu),
    timeoutMs,
  };
}

/** `lambdaMicrovm`: the snapshot read at each launch is as large as the memory unless given. */
function microvm(raw: Raw): MicrovmSettings {
  const memoryGb = (raw['memoryGb'] as number | undefined) ?? DEFAULTS.microvmMemoryGb;
  return { vcpus: (raw['vcpus'] as number | undefined) ?? DEFAULTS.microvmVcpus, memoryGb, snapshotGb: (raw['snapshotGb'] as number | undefined) ?? memoryGb };
}

/** `logs`: off (undefined) unless the workload has the key. */
function logSettings(raw: Raw | undefined): LogSettings | undefined {
  if (raw === undefined) return undefined;
  const sfn = (raw['stepFunctions'] ?? {}) as Raw;
  return {
    lambdaKbPerInvocation: (raw['lambdaKbPerInvocation'] as number | undefined) ?? 0,
    stepFunctions: {
      level: (sfn['level'] as StepFunctionsLogLevel | undefined) ?? 'OFF',
      kbPerEvent: (sfn['kbPerEvent'] as number | undefined) ?? DEFAULTS.logKbPerEvent,
    },
  };
}

/**
 * Tasks that call another service directly (not a callback wait): that service's own charge (a
 * Glue job, an ECS task, a DynamoDB write…) is the same whichever architecture calls it, so it is
 * left out of the comparison, and the report says so.
 */
function serviceTaskNote(graph: StateGraph): string[] {
  const names = [...states(graph)].filter((s) => s.kind === 'task' && s.integration === 'service' && s.written === 'task').map((s) => s.name);
  if (names.length === 0) return [];
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return [
    `${names.length === 1 ? 'Task' : 'Tasks'} ${shown} call${names.length === 1 ? 's' : ''} another AWS service directly: ` +
      'what that service charges for its own work is the same in every architecture and is left out of the comparison.',
  ];
}

