/**
 * What an architecture is to flowcost: the quantities it bills (meters, each one cost line with
 * its price key), the limits it must stay within, and how it keeps state. Modelled on Infracost's
 * cost components: a model names quantities and price keys, it never holds a price.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import type { LimitId } from '../limits/quotas.js';
import type { PriceKey, RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';

export const ARCHITECTURE_IDS = ['lambda', 'sfn-standard', 'sfn-express', 'lambda-durable', 'sfn-hybrid', 'lambda-chain'] as const;
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
}

export interface ArchitectureModel {
  readonly id: ArchitectureId;
  readonly label: string;
  /** Binds the architecture to a workload; `prices` only inform design choices (e.g. hybrid grouping). */
  prepare(workload: Workload, prices: RegionPrices): PreparedArchitecture;
}

export const MB_PER_GB = 1024;
export const MS_PER_S = 1000;
