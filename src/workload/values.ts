/**
 * Value parsers shared by every input form (step trees and imported state machines): durations and
 * distributions as users write them, Lambda timeouts, cold starts, item counts, and the defaults
 * they fall back to. A leaf module: pure, and imported by the normalizers, never importing them.
 */
import { distributionMean, fitLogNormal, Z_P95, Z_P99 } from './distributions.js';
import type { DataPath, SemanticProblem } from './problems.js';
import type { ColdStartProfile, CountDistribution, Distribution, LambdaArchitecture } from './types.js';
import { parseCount, parseDurationMs, parsePercent } from './units.js';
import { localeNumber } from '../report/locale-number.js';

/** Defaults (AWS's where AWS has one). */
export const DEFAULTS = {
  /** Lambda's default memory. */
  memoryMb: 128,
  architecture: 'x86_64' as LambdaArchitecture,
  /** The largest timeout Lambda allows; tasks and the single function default to it. */
  timeoutMs: 900_000,
  payloadKb: 1,
  /** Lambda durable functions keep checkpoints 14 days after an execution by default (1–90). */
  durableRetentionDays: 14,
  /** Map items one function's code runs at once: one after another unless the workload says so (lambda.inProcessConcurrency). */
  inProcessConcurrency: 1,
  /**
   * How long a suspended durable function's execution environment stays warm: AWS publishes no
   * figure; 15 minutes, as the issue that asked for it (a resume after a longer wait starts cold).
   */
  durableKeepWarmMs: 900_000,
  /** Replay of the code outside steps on each resume: none unless the workload says. */
  durableReplayMs: 0,
  /**
   * Lambda Managed Instances: three instances, one per Availability Zone ("It launches three by
   * default for AZ resiliency", https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html).
   */
  managedMinInstances: 3,
  /** Python's per-vCPU default, the lowest of the runtimes' (see MANAGED_CONCURRENCY_PER_VCPU). */
  managedConcurrencyPerVcpu: 16,
  /** The default instance type for each Lambda architecture (m7g.xlarge is AWS's pricing example). */
  managedInstanceType: { arm64: 'm7g.xlarge', x86_64: 'm7i.xlarge' } as const,
  /** A MicroVM of 1 vCPU and 2 GB, the size AWS's MicroVMs examples use. */
  microvmVcpus: 1,
  microvmMemoryGb: 2,
  /** A Step Functions log event, in KB (without execution data). */
  logKbPerEvent: 0.5,
  /** Lambda's default (and free) /tmp size. */
  ephemeralStorageMb: 512,
  /** ASL Retry defaults: MaxAttempts 3, IntervalSeconds 1, BackoffRate 2.0. */
  retry: { maxAttempts: 3, intervalMs: 1_000, backoffRate: 2 },
  /** Rough size of one state in an ASL definition, for Express's memory estimate. */
  definitionKbPerState: 0.3,
  definitionKbBase: 0.5,
} as const;

export const LAMBDA_MAX_TIMEOUT_MS = 900_000;

/**
 * Lambda Managed Instances: PerExecutionEnvironmentMaxConcurrency's default per vCPU, by runtime
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-nodejs-runtime.html,
 * …-python-runtime.html, …-java-runtime.html, …-dotnet-runtime.html).
 */
export const MANAGED_CONCURRENCY_PER_VCPU = { nodejs: 64, python: 16, java: 32, dotnet: 32 } as const;
export type ManagedRuntime = keyof typeof MANAGED_CONCURRENCY_PER_VCPU;

/**
 * Managed Instances run a function for up to 15 minutes per synchronous invocation and up to 90
 * minutes asynchronously ("up to 90 minutes for Lambda Managed Instances functions invoked
 * asynchronously or through any event source mapping except Amazon MQ and Amazon DocumentDB",
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const MANAGED_MAX_TIMEOUT_MS = { sync: 900_000, async: 5_400_000 } as const;
/** The most executions a month flowcost prices (schemas/workload.schema.json says the same; a test keeps them in step). */
export const MAX_EXECUTIONS_PER_MONTH = 1_000_000_000_000;
/** Longer than anything AWS runs (Standard: 1 year): a value past this is a typo, not a workload. */
export const MAX_DURATION_MS = 10 * 366 * 86_400_000;
/** ASL: MaxDelaySeconds < 31,622,401 (IntervalSeconds and MaxDelaySeconds are whole seconds: run.ts rounds a step tree's up). */
const ASL_MAX_DELAY_MS = 31_622_400_000;
export const PROBABILITY_TOLERANCE = 1e-9;

type Raw = Record<string, unknown>;

/**
 * A probability as a workload writes it: a number from 0 to 1, or a percentage ("2%"); undefined
 * when not given. The schema has checked the form and the range.
 */
export function probabilityValue(value: unknown): number | undefined {
  if (typeof value === 'string') return parsePercent(value);
  return typeof value === 'number' ? value : undefined;
}

/**
 * executionsPerMonth as a workload writes it: a number, or a count with a suffix ("250k", "3M",
 * "1.5B"); at most MAX_EXECUTIONS_PER_MONTH (which the schema checks for numbers, and this for text).
 */
export function executionsPerMonthValue(value: unknown, problems: SemanticProblem[]): number {
  const count = typeof value === 'string' ? parseCount(value) : typeof value === 'number' ? value : undefined;
  const path = ['executionsPerMonth'];
  if (count === undefined || !(count > 0)) {
    problems.push({
      path,
      message: `executionsPerMonth: ${String(value)} is not a positive number of executions`,
      expected: 'a number above zero, e.g. 2000000 or 2M',
      actual: String(value),
      hint: 'write a number, or one with k (thousand), M (million) or B (billion)',
    });
    return 1;
  }
  if (count > MAX_EXECUTIONS_PER_MONTH) {
    problems.push({
      path,
      message: `executionsPerMonth: ${String(value)} is more than flowcost prices, ${localeNumber(MAX_EXECUTIONS_PER_MONTH)} a month`,
      expected: `at most ${localeNumber(MAX_EXECUTIONS_PER_MONTH)} (1000B)`,
      actual: String(value),
      hint: 'check the number and its suffix: k is a thousand, M a million, B a billion',
    });
    return MAX_EXECUTIONS_PER_MONTH;
  }
  return count;
}

/** On-demand INIT is cut off at 10 s (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html). */
export const MAX_INIT_MS = 10_000;

export function coldStartProfile(value: unknown, path: DataPath, problems: SemanticProblem[]): ColdStartProfile | undefined {
  if (value === undefined) return undefined;
  const raw = value as Raw;
  const init = distribution(raw['init'], [...path, 'init'], problems);
  const typical = init.kind === 'fixed' ? init.value : init.kind === 'lognormal' ? Math.exp(init.mu) : distributionMean(init);
  if (typical > MAX_INIT_MS) {
    problems.push({
      path: [...path, 'init'],
      message: `an INIT phase of ${Math.round(typical)} ms is longer than Lambda allows on demand`,
      expected: 'at most 10s',
      hint: 'on-demand INIT is limited to 10 seconds; longer initialisation needs provisioned concurrency or SnapStart',
    });
  }
  return { probability: probabilityValue(raw['probability']) ?? 0, init };
}

export function lambdaTimeout(value: unknown, path: DataPath, problems: SemanticProblem[]): number {
  if (value === undefined) return DEFAULTS.timeoutMs;
  const ms = positiveDuration(value as string, path, problems);
  if (ms > LAMBDA_MAX_TIMEOUT_MS) {
    problems.push({
      path,
      message: `a Lambda timeout of ${String(value)} is longer than Lambda allows`,
      expected: 'at most 15m (900 s)',
      actual: String(value),
      hint: 'Lambda functions run for at most 15 minutes; use 15m',
    });
    return LAMBDA_MAX_TIMEOUT_MS;
  }
  return ms;
}

/** A retry duration as ASL takes it: whole seconds, from 1 s up to ASL's maximum. */
/**
 * A retry interval or maximum delay of a step tree: any positive duration up to 366 days. The job
 * may retry after 500 ms; Step Functions can only wait whole seconds (ASL IntervalSeconds and
 * MaxDelaySeconds), so there it is rounded up, and the report says so (issue 15.10, engine/run.ts).
 */
export function retryDuration(text: string, path: DataPath, field: string, problems: SemanticProblem[]): number {
  const ms = positiveDuration(text, path, problems);
  if (ms > ASL_MAX_DELAY_MS) {
    problems.push({
      path,
      message: `${text} is longer than Step Functions can wait between retries (${field} at most 366 days)`,
      expected: 'a duration from 1ms to 366d',
      actual: text,
      hint: 'use at most 366d',
    });
  }
  return ms;
}

export function positiveDuration(text: string, path: DataPath, problems: SemanticProblem[]): number {
  const ms = parseDurationMs(text) ?? NaN;
  if (!(ms > 0)) {
    problems.push({
      path,
      message: `${text} is not a positive duration`,
      expected: 'a duration above zero, e.g. 500ms',
      actual: text,
      hint: 'durations here must be greater than zero',
    });
    return 1;
  }
  return ms;
}

export function durationOrZero(value: unknown): number {
  return value === undefined ? 0 : (parseDurationMs(value as string) ?? 0);
}

function durationValue(value: unknown): number {
  return typeof value === 'number' ? value : (parseDurationMs(value as string) ?? NaN);
}

/** Durations beyond ten years are refused: they cannot be priced meaningfully. */
function checkDurationRange(values: readonly number[], path: DataPath, problems: SemanticProblem[]): void {
  const largest = Math.max(...values);
  if (!(largest <= MAX_DURATION_MS)) {
    problems.push({
      path,
      message: `a duration of ${Number.isFinite(largest) ? `${localeNumber(Math.round(largest / 86_400_000))} days` : 'that size'} is too large to price meaningfully`,
      expected: 'at most 3660d (ten years)',
      hint: 'check the unit: ms, s, m, h or d',
    });
  }
}

export function distribution(value: unknown, path: DataPath, problems: SemanticProblem[]): Distribution {
  const given = typeof value === 'string' ? [value] : Object.values(value as Raw).flat();
  checkDurationRange(given.map(durationValue), path, problems);
  if (typeof value === 'string') return { kind: 'fixed', value: durationValue(value) };
  const raw = value as Raw;
  if ('samples' in raw) {
    return { kind: 'empirical', values: (raw['samples'] as unknown[]).map(durationValue) };
  }
  if ('p50' in raw) {
    const upperKey = 'p95' in raw ? 'p95' : 'p99';
    const p50 = durationValue(raw['p50']);
    const upper = durationValue(raw[upperKey]);
    if (!(p50 > 0) || upper < p50) {
      problems.push({
        path,
        message: p50 > 0 ? `${upperKey} (${String(raw[upperKey])}) is below p50 (${String(raw['p50'])})` : 'p50 must be above zero',
        expected: `0 < p50 ≤ ${upperKey}`,
        actual: `p50 ${String(raw['p50'])}, ${upperKey} ${String(raw[upperKey])}`,
        hint: 'percentiles grow: p50 ≤ p95 ≤ p99',
      });
      return { kind: 'fixed', value: Math.max(p50, 0) || 0 };
    }
    return fitLogNormal(p50, upper, upperKey === 'p95' ? Z_P95 : Z_P99);
  }
  if ('min' in raw) {
    const min = durationValue(raw['min']);
    const max = durationValue(raw['max']);
    if (max < min) {
      problems.push({
        path,
        message: `max (${String(raw['max'])}) is below min (${String(raw['min'])})`,
        expected: 'min ≤ max',
        hint: 'swap min and max',
      });
    }
    return min === max ? { kind: 'fixed', value: min } : { kind: 'uniform', min, max: Math.max(min, max) };
  }
  const mean = durationValue(raw['mean']);
  const stddev = durationValue(raw['stddev']);
  if (!(mean > 0)) {
    problems.push({ path, message: 'the mean duration must be above zero', expected: 'mean > 0', hint: 'give a positive mean' });
  }
  return stddev === 0 ? { kind: 'fixed', value: mean } : { kind: 'normal', mean, stddev };
}

export function countDistribution(value: unknown, path: DataPath, problems: SemanticProblem[]): CountDistribution {
  if (typeof value === 'number') return { dist: { kind: 'fixed', value }, min: value, max: value };
  const raw = value as Raw;
  const min = (raw['min'] as number | undefined) ?? 0;
  const max = (raw['max'] as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  if (max < min) {
    problems.push({ path, message: `max (${max}) is below min (${min})`, expected: 'min ≤ max', hint: 'swap min and max' });
  }
  if ('samples' in raw) {
    return { dist: { kind: 'empirical', values: raw['samples'] as number[] }, min, max };
  }
  if ('p50' in raw) {
    const p50 = raw['p50'] as number;
    const p95 = raw['p95'] as number;
    if (p95 < p50) {
      problems.push({ path, message: `p95 (${p95}) is below p50 (${p50})`, expected: 'p50 ≤ p95', hint: 'percentiles grow: p50 ≤ p95' });
    }
    return { dist: fitLogNormal(p50, Math.max(p50, p95), Z_P95), min, max };
  }
  if ('mean' in raw) {
    const mean = raw['mean'] as number;
    if ('stddev' in raw) return { dist: { kind: 'normal', mean, stddev: raw['stddev'] as number }, min, max };
    return { dist: { kind: 'poisson', mean }, min, max };
  }
  // { min, max }: uniform over the integers min … max (sampled values are rounded).
  return { dist: { kind: 'uniform', min: min - 0.5, max: max + 0.5 - 1e-9 }, min, max };
}
