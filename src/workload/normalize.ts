/**
 * Schema-valid workload data → the normalized `Workload`: units parsed, distributions fitted,
 * defaults filled, and the checks a schema cannot express (percentiles in order, probabilities
 * summing to 1, unique step names). Pure; problems carry a path, the loader adds file positions.
 */
import type { AslDefinition } from '../import/asl.js';
import { normalizeMachine, type MachineNormalizeResult } from './normalize-machine.js';
import type { DataPath, SemanticProblem } from './problems.js';
import type { InvocationType, LambdaArchitecture, LambdaSettings, RetryPolicy, Step, TaskStep, WaitMode, Workload } from './types.js';
import {
  aslSeconds,
  coldStartProfile,
  countDistribution,
  DEFAULTS,
  distribution,
  durationOrZero,
  lambdaTimeout,
  positiveDuration,
  PROBABILITY_TOLERANCE,
} from './values.js';
import { workloadSteps } from './walk.js';
import { memoryCurveField } from './memory-curve.js'; // issue 17 (calibrate): durationByMemory

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
  const context: Context = { problems, defaults, names: new Map(), stateCount: 0 };
  const steps = raw['steps'] === undefined ? [] : normalizeSteps(raw['steps'] as unknown[], ['steps'], context);
  let machine: MachineNormalizeResult | undefined;
  if (imported) machine = normalizeMachine(imported.definition, imported.source, imported.declaredType, raw['states'], defaults, problems);

  const largestTaskMemory = maxTaskMemory({ steps, ...(machine ? { stateMachine: machine.machine } : {}) });
  const singleFunction: LambdaSettings = {
    ...defaults,
    memoryMb: (lambdaRaw['memoryMb'] as number | undefined) ?? Math.max(DEFAULTS.memoryMb, largestTaskMemory),
  };

  const payloadKb = (raw['payloadKb'] as number | undefined) ?? DEFAULTS.payloadKb;
  const inputRaw = (raw['input'] ?? {}) as Raw;
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    workload: {
      name: raw['name'] as string,
      region: raw['region'] as string,
      executionsPerMonth: raw['executionsPerMonth'] as number,
      peakExecutionsPerSecond: raw['peakExecutionsPerSecond'] as number | undefined,
      singleFunction,
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
        definitionKb:
          (sfnRaw['definitionKb'] as number | undefined) ??
          machine?.definitionKb ??
          DEFAULTS.definitionKbBase + DEFAULTS.definitionKbPerState * context.stateCount,
      },
      steps,
      ...(machine ? { stateMachine: machine.machine, warnings: machine.warnings } : {}),
    },
  };
}

interface Context {
  readonly problems: SemanticProblem[];
  readonly defaults: LambdaSettings;
  readonly names: Map<string, DataPath>;
  stateCount: number;
}

function normalizeSteps(rawSteps: readonly unknown[], path: DataPath, context: Context): Step[] {
  return rawSteps.map((rawStep, i) => normalizeStep(rawStep as Raw, [...path, i], context));
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

function normalizeStep(raw: Raw, path: DataPath, context: Context): Step {
  if ('task' in raw) return normalizeTask(raw, path, context, raw['task'] as string);
  if ('wait' in raw) {
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
        return { kind: 'wait', name, mode: 'timer', duration, poll: undefined };
      }
      const intervalMs = positiveDuration(intervalText, [...path, 'interval'], context.problems);
      const check = normalizeTask({ ...checkRaw }, [...path, 'check'], context, `${name} (check)`, false);
      context.stateCount += 2; // the Wait and the Choice of the polling loop
      return { kind: 'wait', name, mode, duration, poll: { intervalMs, check } };
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
    return { kind: 'wait', name, mode, duration, poll: undefined };
  }
  if ('parallel' in raw) {
    const name = raw['parallel'] as string;
    claimName(name, [...path, 'parallel'], context);
    const branches = (raw['branches'] as unknown[][]).map((branch, b) =>
      normalizeSteps(branch, [...path, 'branches', b], context),
    );
    return { kind: 'parallel', name, branches };
  }
  if ('map' in raw) {
    const name = raw['map'] as string;
    claimName(name, [...path, 'map'], context);
    return {
      kind: 'map',
      name,
      items: countDistribution(raw['items'], [...path, 'items'], context.problems),
      maxConcurrency: (raw['maxConcurrency'] as number | undefined) ?? 0,
      steps: normalizeSteps(raw['steps'] as unknown[], [...path, 'steps'], context),
    };
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
  return {
    kind: 'choice',
    name,
    branches: rawBranches.map((branch, b) => ({
      probability: branch['probability'] as number,
      steps: normalizeSteps(branch['steps'] as unknown[], [...path, 'branches', b, 'steps'], context),
    })),
  };
}

function normalizeTask(raw: Raw, path: DataPath, context: Context, name: string, claim = true): TaskStep {
  if (claim) claimName(name, [...path, 'task'], context);
  const retryRaw = raw['retry'] as Raw | undefined;
  let retry: RetryPolicy | undefined;
  if (retryRaw) {
    const maxDelayText = retryRaw['maxDelay'] as string | undefined;
    retry = {
      maxAttempts: (retryRaw['maxAttempts'] as number | undefined) ?? DEFAULTS.retry.maxAttempts,
      intervalMs:
        retryRaw['interval'] === undefined
          ? DEFAULTS.retry.intervalMs
          : aslSeconds(retryRaw['interval'] as string, [...path, 'retry', 'interval'], 'IntervalSeconds', context.problems),
      backoffRate: (retryRaw['backoffRate'] as number | undefined) ?? DEFAULTS.retry.backoffRate,
      maxDelayMs:
        maxDelayText === undefined
          ? Infinity
          : aslSeconds(maxDelayText, [...path, 'retry', 'maxDelay'], 'MaxDelaySeconds', context.problems),
    };
  }
  const timeoutMs =
    raw['timeout'] === undefined ? context.defaults.timeoutMs : lambdaTimeout(raw['timeout'], [...path, 'timeout'], context.problems);
  const memoryMb = (raw['memoryMb'] as number | undefined) ?? context.defaults.memoryMb;
  return {
    kind: 'task',
    name,
    duration: distribution(raw['duration'], [...path, 'duration'], context.problems),
    lambda: {
      memoryMb,
      architecture: context.defaults.architecture,
      timeoutMs,
      ephemeralStorageMb: (raw['ephemeralStorageMb'] as number | undefined) ?? context.defaults.ephemeralStorageMb,
      coldStart:
        raw['coldStarts'] === undefined
          ? context.defaults.coldStart
          : coldStartProfile(raw['coldStarts'], [...path, 'coldStarts'], context.problems),
    },
    failureRate: (raw['failureRate'] as number | undefined) ?? 0,
    retry,
    // issue 17 (calibrate): the duration holds at this task's memory; the curve scales it elsewhere.
    ...memoryCurveField(raw['durationByMemory'], memoryMb, [...path, 'durationByMemory'], context.problems),
  };
}


function maxTaskMemory(workload: Pick<Workload, 'steps' | 'stateMachine'>): number {
  let max = 0;
  for (const step of workloadSteps(workload)) if (step.kind === 'task') max = Math.max(max, step.lambda.memoryMb);
  return max;
}
