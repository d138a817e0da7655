/**
 * What an architecture is to flowcost: the quantities it bills (meters, each one cost line with
 * its price key), the limits it must stay within, and how it keeps state. Modelled on Infracost's
 * cost components: a model names quantities and price keys, it never holds a price.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import type { TraceEvent } from '../engine/run.js';
import type { LimitId } from '../limits/quotas.js';
import type { PriceKey, RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import type { RemedyRules } from './remedies.js';

export const ARCHITECTURE_IDS = ['lambda', 'sfn-standard', 'sfn-express', 'lambda-durable', 'sfn-hybrid', 'lambda-chain', 'lambda-managed', 'lambda-microvm'] as const;
export type ArchitectureId = (typeof ARCHITECTURE_IDS)[number];

export const COST_LINE_IDS = [
  'lambda-requests',
  'lambda-duration',
  'lambda-init',
  'lambda-ephemeral-storage',
  'sfn-transitions',
  'express-requests',
  'express-duration',
  'durable-operations',
  'durable-data-written',
  'durable-data-retained',
  'dynamodb-writes',
  'dynamodb-reads',
  'sqs-requests',
  'scheduler-invocations',
  'lambda-service-wait',
  'managed-instances',
  'managed-fee',
  'microvm-vcpu',
  'microvm-memory',
  'microvm-snapshot',
  'cloudwatch-logs',
] as const;
export type CostLineId = (typeof COST_LINE_IDS)[number];

/** One billed quantity per execution, priced monthly as one cost line. */
export interface Meter {
  readonly id: CostLineId;
  readonly label: string;
  /** Unit of the quantity, plural, as shown in reports ("requests", "GB-seconds", "GB-hours"). */
  readonly unit: string;
  readonly priceKey: PriceKey;
  /**
   * This meter's quantity in one execution. Meters and observations that are the same function
   * object (or equal `recordField`s) are evaluated once per execution for every architecture that
   * uses them; a `constantValue` once per chunk (known-measures.ts).
   */
  measure(record: ExecutionRecord): number;
  /**
   * A capacity line (instances kept running): its month's quantity is not the sum of `measure`
   * over the month's executions but follows from that sum and the number of executions.
   */
  readonly capacity?: CapacityRule;
}

/** How the month's quantity of a capacity line follows from what its executions metered. */
export interface CapacityRule {
  /** The month's quantity, from the month's total of `measure` and the executions in the month. */
  monthly(total: number, executionsPerMonth: number): number;
  /** The cost line's label, when it tells how the quantity was found. */
  label?(total: number, executionsPerMonth: number): string;
}

/** A limit the architecture must respect, observed on every simulated execution. */
export interface LimitCheck {
  readonly id: LimitId;
  /** The limit in the unit of `observe` (may differ from the quota when the workload sets it lower). */
  readonly limit: number;
  readonly label: string;
  observe(record: ExecutionRecord): number;
  /**
   * A shortcut for the simulation: `duration` when `observe` returns the architecture's duration
   * (its percentiles are shared), `constant` when it returns the same value for every execution.
   */
  readonly shares?: 'duration' | 'constant';
}

/** What is billed, span by span, in a timeline of one execution. */
export const SPAN_CATEGORIES = {
  compute: 'Lambda running (billed)',
  failed: 'attempt that failed (billed)',
  coldStart: 'cold start INIT (billed)',
  service: 'another service working (billed by it)',
  billedWait: 'waiting (billed)',
  freeWait: 'waiting (free)',
} as const;
export type SpanCategory = keyof typeof SPAN_CATEGORIES;

/** How an architecture draws one traced execution (report/timeline.ts). */
export interface TimelineDrawing {
  /** The clock its execution runs on: the job inline in one function, or as a state machine. */
  readonly clock: TraceEvent['clock'];
  /** Whether the single function's INIT comes first (one function, a durable function). */
  readonly singleFunctionInit: boolean;
  /** What a span of the trace is, billed or not, in this architecture. */
  category(event: TraceEvent): SpanCategory;
}

/** Who an architecture is, wherever flowcost names or draws it. */
export interface ArchitectureIdentity {
  /** As a heading or a table row: "One Lambda function". */
  readonly label: string;
  /** In a chart's legend or a narrow column: "Lambda". */
  readonly shortName: string;
  /** Mid-sentence: "one Lambda function". */
  readonly inSentence: string;
  /** Its colour in every chart. */
  readonly color: string;
  /** Whether AWS runs the orchestration or the team builds and runs it. */
  readonly management: 'managed' | 'do-it-yourself';
  /**
   * After a failure (a crash, a timeout, an error past its retries): whether the job picks up at the
   * failed step (state kept between steps) or starts again from the beginning (issue 15: a tie-break
   * of the recommendation when two options cost about the same).
   */
  readonly afterFailure: 'resumes' | 'restarts';
}

/** An architecture bound to one workload: ready to meter simulated executions. */
export interface PreparedArchitecture {
  readonly id: ArchitectureId;
  readonly label: string;
  readonly meters: readonly Meter[];
  readonly limits: readonly LimitCheck[];
  /** How long the execution takes in this architecture, as its caller sees it. */
  durationMs(record: ExecutionRecord): number;
  /** State transitions this execution counts (0 where the architecture has none). */
  transitions(record: ExecutionRecord): number;
  readonly stateHandling: string;
  /** What the model decided for this workload, in words (e.g. the Express children chosen). */
  readonly notes?: readonly string[];
  /** What choosing it demands of the team, in words (e.g. idempotent steps). */
  readonly caveats?: readonly string[];
  readonly timeline: TimelineDrawing;
}

export interface ArchitectureModel {
  readonly id: ArchitectureId;
  readonly identity: ArchitectureIdentity;
  /** What would make it fit when it breaks one of its own limits (remedies.ts has the shared limits' rules). */
  readonly remedies?: RemedyRules;
  /** Binds the architecture to a workload; `prices` only inform design choices (e.g. hybrid grouping). */
  prepare(workload: Workload, prices: RegionPrices): Omit<PreparedArchitecture, 'id' | 'label'>;
}

/** A task attempt is compute (or a failed attempt); another service's work is billed by it. */
export function taskCategory(event: TraceEvent): SpanCategory | undefined {
  if (event.kind === 'task') return event.failed ? 'failed' : 'compute';
  if (event.kind === 'service') return 'service';
  return undefined;
}

/** An optional meter (or limit) as a list of zero or one, to spread into a list. */
export function optional<T>(item: T | undefined): T[] {
  return item === undefined ? [] : [item];
}

export const MB_PER_GB = 1024;
export const MS_PER_S = 1000;
