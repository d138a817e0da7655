/**
 * The report: one versioned model behind every output (table, JSON, Markdown). JSON report v1 is
 * a contract (design.md §4, schemas/report.schema.json): fields are added, never renamed.
 */
import type { ArchitectureId } from '../architectures/types.js';
import type { LimitId, LimitUnit } from '../limits/quotas.js';
import type { LimitStatus } from '../limits/check-limits.js';
import type { CostLine } from '../pricing/price-usage.js';
import type { ExecutionOutcomes } from '../engine/simulate.js';
import type { StopReason } from '../advice/precision.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface Percentiles {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** A 95% interval: the sampling uncertainty of a Monte Carlo figure (issue 15, confidence). */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface LimitResult {
  readonly id: LimitId;
  readonly label: string;
  readonly limit: number;
  readonly unit: LimitUnit;
  readonly observedP99: number;
  readonly exceedProbability: number;
  readonly status: LimitStatus;
  readonly source: string;
  /** Wilson 95% interval of exceedProbability (a point for a value every execution shares, e.g. the payload). */
  readonly exceedProbabilityInterval: Interval;
}

/** Quantiles reported for each architecture's duration distribution (0 = min, 1 = max). */
export const DURATION_QUANTILES = [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1] as const;

export interface DurationQuantile {
  readonly q: number;
  readonly ms: number;
}

export interface ArchitectureReport {
  readonly id: ArchitectureId;
  readonly label: string;
  readonly feasible: boolean;
  readonly costPerExecution: Percentiles & {
    /** 95% interval of the mean (normal approximation from the simulated executions' spread). */
    readonly meanInterval: Interval;
  };
  readonly monthlyCost: {
    readonly total: number;
    readonly lines: readonly CostLine[];
    /** 95% interval of the total: the mean's sampling uncertainty, at the same relative width. */
    readonly interval: Interval;
  };
  readonly durationMs: Percentiles & { readonly max: number };
  /** Duration at the quantiles in DURATION_QUANTILES (for the distribution chart); optional for older reports. */
  readonly durationQuantiles?: readonly DurationQuantile[];
  readonly transitionsPerExecution: { readonly mean: number; readonly p99: number };
  readonly limits: readonly LimitResult[];
  readonly stateHandling: string;
  /** What the model decided for this workload (e.g. the Express children of sfn-hybrid). */
  readonly notes?: readonly string[];
  /** What change would make it fit, with numbers (empty when it fits, or when nothing would). */
  readonly remedies: readonly string[];
}

/** How far apart the two cheapest real options are (advice/margin.ts); absent when fewer than two fit. */
export interface Margin {
  /** The runner-up's monthly cost minus the cheapest's. */
  readonly usd: number;
  /** The same, as a percentage of the cheapest's (null when the cheapest costs nothing). */
  readonly percent: number | null;
  /** Close enough that flowcost decided on other grounds (managed, limit headroom, state handling). */
  readonly negligible: boolean;
  /** The cheapest and the runner-up. */
  readonly between: readonly [ArchitectureId, ArchitectureId];
}

export interface Recommendation {
  /** The cheapest feasible architecture (or, within a negligible margin, the one that wins on other grounds); null when none is feasible. */
  readonly architecture: ArchitectureId | null;
  readonly reasons: readonly string[];
  readonly margin?: Margin;
}

export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly workload: {
    readonly name: string;
    readonly region: string;
    readonly executionsPerMonth: number;
    /** How the workload was read, e.g. states of an imported state machine left at their defaults (absent when none). */
    readonly warnings?: readonly string[];
    /** The type the imported state machine is deployed as, when known (absent for step trees). */
    readonly deployedType?: 'STANDARD' | 'EXPRESS';
  };
  readonly pricing: {
    readonly version: string;
    readonly region: string;
    readonly freeTier: boolean;
    readonly lambdaComputeDiscountPercent: number;
    /** Prices used that AWS does not publish for this region, each with how it was estimated. */
    readonly estimates: readonly string[];
    /** What else to know about the prices, e.g. a --pricing file without this region (added by the CLI). */
    readonly notes?: readonly string[];
  };
  readonly simulation: {
    readonly samples: number;
    readonly seed: number;
    /** Share of executions that failed: an error nothing caught (the first three `outcomes` added up). */
    readonly failureProbability: number;
    /** How executions failed, and how many survived a caught error (shares of executions). */
    readonly outcomes: ExecutionOutcomes;
    /** Samples asked for (more than `samples` when the work bound reduced them); with --precision, the cap asked for. */
    readonly requestedSamples: number;
    /** Approximations made, in words. */
    readonly notes: readonly string[];
    /**
     * Precision-driven sampling (--precision, issue 19.3): the target (relative half-width of every
     * monthly cost's 95% interval), why the run stopped, and its sample cap. Absent with a fixed sample count.
     */
    readonly precision?: { readonly target: number; readonly stoppedBy: StopReason; readonly cap: number };
  };
  readonly architectures: readonly ArchitectureReport[];
  readonly recommendation: Recommendation;
}
