/**
 * Schema-valid workload data → the normalized `Workload`: units parsed, distributions fitted,
 * defaults filled, and the checks a schema cannot express (percentiles in order, probabilities
 * summing to 1, unique step names). A step tree and an imported definition both become the one
 * state graph (normalize-steps.ts, normalize-machine.ts). Pure; problems carry a path, the loader
 * adds file positions.
 */
import type { AslDefinition } from '../import/asl.js';
import { lambdaFunctions, type StateGraph } from './graph.js';
import { normalizeMachine, type MachineNormalizeResult } from './normalize-machine.js';
import { normalizeSteps } from './normalize-steps.js';
import type { SemanticProblem } from './problems.js';
import type { InvocationType, LambdaArchitecture, LambdaSettings, Workload } from './types.js';
import { coldStartProfile, DEFAULTS, durationOrZero, executionsPerMonthValue, lambdaTimeout } from './values.js';

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
        retentionDays: ((raw['lambdaDurable'] ?? {}) as Raw)['retentionDays'] as number | undefined ?? DEFAULTS.durableRetentionDays,
      },
      input: {
        kb: (inputRaw['kb'] as number | undefined) ?? payloadKb,
        invocation: (inputRaw['invocation'] as InvocationType | undefined) ?? 'sync',
      },
      stepFunctions: {
        transitionOverheadMs: durationOrZero(sfnRaw['transitionOverhead']),
        definitionKb: (sfnRaw['definitionKb'] as number | undefined) ?? estimatedDefinitionKb,
      },
      graph,
      ...(machine ? { warnings: machine.warnings } : {}),
    },
  };
}

