import type { StateGraph } from './graph.js';

/**
 * The normalized workload: every quantity a number in a fixed unit (ms, MB, KB), every default
 * filled in. Produced by `normalizeWorkload` from the YAML document; consumed by the engine.
 */

/** A distribution of a non-negative quantity (milliseconds for durations, counts for items). */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: number }
  /** ln X ~ Normal(mu, sigma); fitted to two percentiles. */
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /** Normal, truncated at 0 (negative draws are redrawn). */
  | { readonly kind: 'normal'; readonly mean: number; readonly stddev: number }
  /** Poisson with the given mean (counts only). */
  | { readonly kind: 'poisson'; readonly mean: number }
  /** Resampled uniformly from observed values. */
  | { readonly kind: 'empirical'; readonly values: readonly number[] };

/** A distribution of counts: sampled values are rounded to integers and clamped to [min, max]. */
export interface CountDistribution {
  readonly dist: Distribution;
  readonly min: number;
  readonly max: number;
}

export const LAMBDA_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** INIT phase billing (since 1 Aug 2025): a cold invocation is billed for INIT + INVOKE. */
export interface ColdStartProfile {
  /** Share of invocations that start a new execution environment. */
  readonly probability: number;
  /** Duration of the INIT phase. */
  readonly init: Distribution;
}

export interface LambdaSettings {
  readonly memoryMb: number;
  readonly architecture: LambdaArchitecture;
  readonly timeoutMs: number;
  /** /tmp size; above 512 MB it is billed per GB-second of duration. */
  readonly ephemeralStorageMb: number;
  readonly coldStart: ColdStartProfile | undefined;
}

export const INVOCATION_TYPES = ['sync', 'async'] as const;
export type InvocationType = (typeof INVOCATION_TYPES)[number];

/**
 * How a function's duration changes with its memory (`durationByMemory`, e.g. from AWS Lambda
 * Power Tuning): mean durations measured at some memory sizes. The task's `duration` holds at
 * `referenceMemoryMb`; at another memory it is scaled along the curve (src/workload/memory-curve.ts).
 */
export interface MemoryCurve {
  /** Sorted by memory, at least two points, memory sizes distinct. */
  readonly points: readonly { readonly memoryMb: number; readonly durationMs: number }[];
  readonly referenceMemoryMb: number;
}

/**
 * EC2 instance types flowcost prices for Lambda Managed Instances (general purpose and compute
 * optimized, Graviton and x86): their prices live in pricing/, their sizes in
 * src/architectures/lambda-managed.ts.
 */
export const MANAGED_INSTANCE_TYPES = [
  'm7g.large',
  'm7g.xlarge',
  'm7g.2xlarge',
  'c7g.large',
  'c7g.xlarge',
  'c7g.2xlarge',
  'm7i.large',
  'm7i.xlarge',
  'm7i.2xlarge',
  'c7i.large',
  'c7i.xlarge',
  'c7i.2xlarge',
] as const;
export type ManagedInstanceType = (typeof MANAGED_INSTANCE_TYPES)[number];

/** Lambda Managed Instances (architecture `lambda-managed`), defaults filled in. */
export interface ManagedInstancesSettings {
  readonly instanceType: ManagedInstanceType;
  /** Instances kept running however low the traffic. */
  readonly minInstances: number;
  /** Concurrent requests one vCPU serves. */
  readonly concurrencyPerVcpu: number;
  /** The function timeout on Managed Instances. */
  readonly timeoutMs: number;
}

/** A Lambda MicroVM launched per execution (architecture `lambda-microvm`), defaults filled in. */
export interface MicrovmSettings {
  readonly vcpus: number;
  readonly memoryGb: number;
  /** The image snapshot read at each launch. */
  readonly snapshotGb: number;
}

export const STEP_FUNCTIONS_LOG_LEVELS = ['OFF', 'ERROR', 'ALL'] as const;
export type StepFunctionsLogLevel = (typeof STEP_FUNCTIONS_LOG_LEVELS)[number];

/** CloudWatch Logs the architectures write (only when the workload asks for logs). */
export interface LogSettings {
  /** Application log per Lambda invocation, besides Lambda's own platform lines. */
  readonly lambdaKbPerInvocation: number;
  readonly stepFunctions: { readonly level: StepFunctionsLogLevel; readonly kbPerEvent: number };
}

export const WAIT_MODES = ['timer', 'callback', 'poll'] as const;
export type WaitMode = (typeof WAIT_MODES)[number];

export interface Workload {
  readonly name: string;
  readonly region: string;
  readonly executionsPerMonth: number;
  readonly peakExecutionsPerSecond: number | undefined;
  /** The single function (architecture `lambda`): memory, architecture, timeout. */
  readonly singleFunction: LambdaSettings;
  /**
   * How many Map items the code inside one function runs at once (`lambda.inProcessConcurrency`,
   * default 1): the single function and a durable function run a Map's items in waves of this
   * many (capped by its MaxConcurrency), where Step Functions runs up to 40 or 10,000.
   */
  readonly inProcessConcurrency: number;
  readonly payloadKb: number;
  /**
   * Lambda durable functions: how long checkpoints are kept after an execution ends, how long a
   * suspended environment stays warm (a resume after a longer wait starts cold), and the compute
   * that replaying the code outside steps takes on every resume.
   */
  readonly lambdaDurable: { readonly retentionDays: number; readonly keepWarmMs: number; readonly replayMs: number };
  /** Lambda Managed Instances (architecture `lambda-managed`). */
  readonly lambdaManaged: ManagedInstancesSettings;
  /** Lambda MicroVMs (architecture `lambda-microvm`). */
  readonly lambdaMicrovm: MicrovmSettings;
  /** CloudWatch Logs, when the workload asks for them (undefined: no log lines at all). */
  readonly logs: LogSettings | undefined;
  /** The event that starts each execution. */
  readonly input: { readonly kb: number; readonly invocation: InvocationType };
  readonly stepFunctions: {
    readonly transitionOverheadMs: number;
    /** Size of the state machine definition, for Express's memory estimate. */
    readonly definitionKb: number;
  };
  /** What an execution does: the step tree or the imported definition, as one graph of states. */
  readonly graph: StateGraph;
  /** Things the user should know about how the workload was read (e.g. states left at their defaults). */
  readonly warnings?: readonly string[];
}
