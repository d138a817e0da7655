/**
 * analyze: Workload × PricingCatalog → Report.
 *
 *   workload ──prepare──▶ one PreparedArchitecture per architecture (meters, limits)
 *      │
 *   1. pilot:    simulate the first samples → mean usage → month's effective unit prices
 *   2. simulate: N executions, every architecture metering the same executions, each priced
 *   3. price:    monthly totals (executionsPerMonth × mean) → tiered cost lines
 *   4. limits:   observed p99 and share of executions above each limit → status, feasibility
 *   5. advise:   the cheapest feasible architecture, with its reasons
 *
 * Pure: no I/O, no clock. Same inputs and seed → the same report.
 */
import { recommend } from './advice/recommend.js';
import { exactly, relativeHalfWidth, relativeInterval, wilsonInterval } from './advice/confidence.js';
import { PrecisionRule } from './advice/precision.js';
import { remediesOf } from './advice/remedies.js';
import { adaptationNotes } from './advice/adaptations.js';
import type { ArchitectureId, Meter, PreparedArchitecture } from './architectures/index.js';
import { prepareArchitectures, simulate, type ArchitectureSimulation, type Engine, type Pilot, type SimulationResult } from './engine/simulate.js';
import { closest, FlowcostError } from './errors/problem.js';
import { limitStatus } from './limits/check-limits.js';
import { MAP_ITEMS_SIMULATED, POLL_ROUNDS_SIMULATED } from './engine/compile.js';
import { expectedWorkloadVisits } from './engine/work-estimate.js';
import { retryHorizonNotes } from './engine/retry-horizon.js';
import { formatPercent } from './report/format.js';
import { QUOTAS } from './limits/quotas.js';
import type { PricingCatalog, RegionPrices } from './pricing/catalog.js';
import { effectiveUnitRates, priceMonthlyUsage, type PricingOptions } from './pricing/price-usage.js';
import { DURATION_QUANTILES, REPORT_SCHEMA_VERSION, type ArchitectureReport, type Report } from './report/model.js';
import type { Workload } from './workload/types.js';
import { states } from './workload/graph.js';
import { lambdaTasksOf, singleFunctionMemoryNote } from './workload/memory-curve.js';
import { localeNumber } from './report/locale-number.js';

export interface AnalyzeOptions {
  readonly samples: number;
  readonly seed: number;
  readonly freeTier: boolean;
  /** Which architectures to compare (default: all of them, in ARCHITECTURE_IDS order). */
  readonly architectures?: readonly ArchitectureId[];
  /** Percent off Lambda compute (duration and INIT), e.g. a Compute Savings Plan. Default 0. */
  readonly lambdaComputeDiscountPercent?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** `compiled` (default: generated code where the plan allows it) or `interpreted` (the reference); the report is the same. */
  readonly engine?: Engine;
  /**
   * Precision-driven sampling (issue 19.3, advice/precision.ts): stop once every monthly cost's 95%
   * interval is within ± this share and every limit's share is settled; `samples` is then the cap.
   */
  readonly precision?: number;
}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = { samples: 10_000, seed: 1, freeTier: false };

/** Samples used to estimate the month's effective unit prices before the main run. */
const PILOT_SAMPLES = 2_000;

/**
 * Bounded work: a run visits about this many states in all (a few seconds on one core); above it
 * the sample count is reduced, never below MIN_SAMPLES; a workload that needs more than
 * MAX_VISITS_PER_EXECUTION visits per execution is refused (MIN_SAMPLES of them: about ten seconds).
 * A Map of a million items (10,000 simulated) runs 1,000 samples.
 */
export const WORK_BUDGET_VISITS = 10_000_000;
export const MAX_VISITS_PER_EXECUTION = 50_000;
export const MIN_SAMPLES = 1_000;
export const MAX_SAMPLES = 10_000_000;

export function analyze(workload: Workload, catalog: PricingCatalog, options: AnalyzeOptions = DEFAULT_ANALYZE_OPTIONS): Report {
  const plan = planAnalysis(workload, catalog, options);
  // 2. simulate
  const progress = options.onProgress;
  const result = simulate(workload, plan.architectures, {
    samples: plan.samples,
    seed: options.seed,
    pilot: plan.pilot,
    ...(plan.precision ? { precision: plan.precision } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(progress ? { onProgress: (done: number) => progress(done, plan.samples) } : {}),
  });
  // A precision-driven run that stops before its cap has still finished: the progress bar is cleared.
  if (result.samples < plan.samples) progress?.(plan.samples, plan.samples);
  return finishAnalysis(plan, result, catalog, options);
}

/** Everything decided before the simulation: prices, sample count, how the pilot turns usage into unit rates. */
export interface AnalysisPlan {
  readonly workload: Workload;
  readonly prices: RegionPrices;
  readonly pricing: PricingOptions;
  readonly samples: number;
  readonly notes: string[];
  readonly architectures: readonly PreparedArchitecture[];
  readonly pilot: Pilot;
  /** Precision-driven: the stop rule (`samples` is the cap), and what to say if the work bound lowered the cap and the run reached it. */
  readonly precision?: PrecisionRule;
  readonly capNotes: readonly string[];
}

export function planAnalysis(workload: Workload, catalog: PricingCatalog, options: AnalyzeOptions): AnalysisPlan {
  const prices = regionPrices(catalog, workload.region);
  const notes: string[] = retryHorizonNotes(workload.graph);
  // Precision-driven, a lowered cap matters only to a run that reaches it.
  const capNotes: string[] = [];
  const samples = boundedSamples(workload, options.samples, options.precision === undefined ? notes : capNotes);
  const pricing: PricingOptions = {
    freeTier: options.freeTier,
    lambdaComputeDiscountPercent: options.lambdaComputeDiscountPercent ?? 0,
  };
  const architectures = prepareArchitectures(workload, prices, options.architectures);
  // 1. pilot: the first executions of the run give the month's effective unit prices, so that
  //    per-execution costs carry tiers and free tier the way the monthly total does.
  const pilot: Pilot = {
    samples: PILOT_SAMPLES,
    unitRates: (meterMeans) =>
      meterMeans.map((means, a) => effectiveUnitRates(monthlyLines(architectures[a]!.meters, means, workload, prices, pricing), prices)),
  };
  const precision = options.precision === undefined ? undefined : new PrecisionRule(checkedPrecision(options.precision), architectures);
  return { workload, prices, pricing, samples, notes, architectures, pilot, capNotes, ...(precision ? { precision } : {}) };
}

/** Steps 3–5: price, check limits, advise. */
export function finishAnalysis(plan: AnalysisPlan, result: SimulationResult, catalog: PricingCatalog, options: AnalyzeOptions): Report {
  const { workload, prices, pricing } = plan;
  const notes = [...plan.notes, ...(result.stoppedBy === 'cap' ? plan.capNotes : [])];
  // issue 17 (calibrate): say when the single function's durations ignore its memory.
  const memoryNote = singleFunctionMemoryNote(lambdaTasksOf(workload), workload.singleFunction.memoryMb);
  if (memoryNote && result.architectures.some((a) => a.architecture.id === 'lambda')) notes.push(memoryNote);
  notes.push(...adaptationNotes(workload)); // issue 15.10: what an architecture could not express, and what it does instead
  if (result.approximatedShare > 0) {
    notes.push(
      `${formatPercent(result.approximatedShare)} of simulated executions had a Map of more than ${localeNumber(MAP_ITEMS_SIMULATED)} items ` +
        `or a polling loop of more than ${POLL_ROUNDS_SIMULATED} rounds: flowcost simulated that many and scaled counts, costs and time to the rest.`,
    );
  }

  // 3–4. price and check limits; what would make each one that does not fit fit (issue 15)
  const reported = result.architectures.map((sim) => architectureReport(sim, workload, prices, pricing));
  const architectures = reported.map((a, i) => ({ ...a, remedies: remediesOf(a, reported, workload, result.architectures[i]!) }));
  const estimates = estimateNotes(architectures);

  // 5. advise
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    workload: {
      name: workload.name,
      region: workload.region,
      executionsPerMonth: workload.executionsPerMonth,
      ...(workload.warnings && workload.warnings.length > 0 ? { warnings: workload.warnings } : {}),
      ...(workload.graph.origin.kind === 'definition' && workload.graph.origin.declaredType
        ? { deployedType: workload.graph.origin.declaredType }
        : {}),
    },
    pricing: {
      version: catalog.version,
      region: workload.region,
      freeTier: options.freeTier,
      lambdaComputeDiscountPercent: pricing.lambdaComputeDiscountPercent,
      estimates,
    },
    simulation: {
      samples: result.samples,
      seed: result.seed,
      failureProbability: result.failureProbability,
      requestedSamples: options.samples,
      notes,
      outcomes: result.outcomes,
      ...(plan.precision && result.stoppedBy ? { precision: { target: plan.precision.target, stoppedBy: result.stoppedBy, cap: plan.samples } } : {}),
    },
    architectures,
    recommendation: recommend(architectures, {
      samples: result.samples,
      maxSamples: MAX_SAMPLES,
      failureProbability: result.failureProbability,
      outcomes: result.outcomes,
      multiStep: [...states(workload.graph)].filter((s) => s.kind !== 'choice' && s.kind !== 'pass' && s.kind !== 'succeed' && s.kind !== 'fail').length > 1,
      caveats: Object.fromEntries(plan.architectures.map((a) => [a.id, a.caveats ?? []])),
    }),
  };
}

/** A precision target from the library's caller, checked (the CLI checks its own text first). */
function checkedPrecision(precision: number): number {
  if (precision > 0 && precision < 1) return precision;
  throw new FlowcostError([
    {
      code: 'usage',
      message: `precision must be a number between 0 and 1 (got ${precision})`,
      hint: 'e.g. 0.01 for a 95% interval within ±1% of every monthly cost',
    },
  ]);
}

export function boundedSamples(workload: Workload, requested: number, notes: string[]): number {
  if (!(Number.isSafeInteger(requested) && requested >= 1 && requested <= MAX_SAMPLES)) {
    throw new FlowcostError([
      {
        code: 'usage',
        message: `samples must be a whole number from 1 to ${localeNumber(MAX_SAMPLES)} (got ${requested})`,
        hint: 'the default of 10,000 is enough for p99 within about 1%',
      },
    ]);
  }
  const visits = expectedWorkloadVisits(workload);
  if (visits > MAX_VISITS_PER_EXECUTION) {
    throw new FlowcostError([
      {
        code: 'too-much-work',
        message: `one execution of this workload means about ${localeNumber(Math.round(visits))} simulated steps; flowcost simulates at most ${localeNumber(MAX_VISITS_PER_EXECUTION)}`,
        path: 'steps',
        hint: 'lower the retry counts of tasks that always fail, or nest fewer large Maps inside each other',
      },
    ]);
  }
  const affordable = Math.floor(WORK_BUDGET_VISITS / Math.max(1, visits));
  if (requested <= affordable) return requested;
  const samples = Math.max(MIN_SAMPLES, affordable);
  notes.push(
    `samples reduced from ${localeNumber(requested)} to ${localeNumber(samples)} to bound the work ` +
      `(each execution visits about ${localeNumber(Math.round(visits))} steps).`,
  );
  return samples;
}

/** "key, key: note", one entry per distinct note, for the prices used that AWS does not publish. */
function estimateNotes(architectures: readonly ArchitectureReport[]): string[] {
  const keysByNote = new Map<string, Set<string>>();
  for (const line of architectures.flatMap((a) => a.monthlyCost.lines)) {
    if (!line.estimate) continue;
    const keys = keysByNote.get(line.estimate) ?? new Set<string>();
    keys.add(line.priceKey);
    keysByNote.set(line.estimate, keys);
  }
  return [...keysByNote].map(([note, keys]) => `${[...keys].sort().join(', ')}: ${note}`).sort();
}

export function regionPrices(catalog: PricingCatalog, region: string): RegionPrices {
  const prices = catalog.regions[region];
  if (prices) return prices;
  const known = Object.keys(catalog.regions).sort();
  const suggestion = closest(region, known);
  const partial = catalog.unpricedRegions?.[region];
  if (partial) {
    throw new FlowcostError([
      {
        code: 'unknown-region',
        message: `pricing ${catalog.version} cannot price region "${region}": ${partial}`,
        path: 'region',
        expected: `one of ${known.join(', ')}`,
        actual: region,
        hint: `choose a priced region (e.g. ${suggestion ?? known[0] ?? 'us-east-1'}), or give your own prices with --pricing`,
      },
    ]);
  }
  throw new FlowcostError([
    {
      code: 'unknown-region',
      message: `pricing ${catalog.version} has no prices for region "${region}"`,
      path: 'region',
      expected: `one of ${known.join(', ')}`,
      actual: region,
      hint: suggestion ? `did you mean ${suggestion}?` : `choose one of ${known.join(', ')}`,
    },
  ]);
}

/** Cost lines of a month of executions, from each meter's mean quantity per execution. */
function monthlyLines(meters: readonly Meter[], meterMeans: Float64Array, workload: Workload, prices: RegionPrices, pricing: PricingOptions) {
  const monthly = meterMeans.map((mean) => mean * workload.executionsPerMonth);
  return priceMonthlyUsage(meters, monthly, prices, pricing, workload.executionsPerMonth); // issue 18: capacity lines need the volume
}

function architectureReport(
  sim: ArchitectureSimulation,
  workload: Workload,
  prices: RegionPrices,
  pricing: PricingOptions,
): Omit<ArchitectureReport, 'remedies'> {
  const architecture: PreparedArchitecture = sim.architecture;
  const lines = monthlyLines(architecture.meters, sim.meterMeans, workload, prices, pricing);
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  const limits = architecture.limits.map((check, i) => {
    const observation = sim.limits[i]!;
    const observedP99 = observation.observed.quantile(0.99);
    const exceedProbability = sim.durationMs.count === 0 ? 0 : observation.exceeded / sim.durationMs.count;
    return {
      id: check.id,
      label: check.label,
      limit: check.limit,
      unit: QUOTAS[check.id].unit,
      observedP99,
      exceedProbability,
      status: limitStatus(check.limit, observedP99, exceedProbability),
      source: QUOTAS[check.id].source,
      // issue 15: a value every execution shares is known exactly; a share of executions is a Wilson interval.
      exceedProbabilityInterval:
        check.shares === 'constant' ? exactly(exceedProbability) : wilsonInterval(observation.exceeded, sim.durationMs.count),
    };
  });
  const perExecutionMean = workload.executionsPerMonth > 0 ? total / workload.executionsPerMonth : 0;
  // issue 15: the mean's sampling uncertainty (from the per-execution costs' spread), at the same relative width for the month.
  const relative = relativeHalfWidth(sim.costUsd.mean, sim.costUsd.standardError);
  // Each sketch's quantiles in one pass (DURATION_QUANTILES holds the median, p95 and p99 too).
  const [costP50, costP95, costP99] = sim.costUsd.quantiles([0.5, 0.95, 0.99]);
  const durations = sim.durationMs.quantiles(DURATION_QUANTILES);
  const duration = (q: (typeof DURATION_QUANTILES)[number]) => durations[DURATION_QUANTILES.indexOf(q)]!;
  return {
    id: architecture.id,
    label: architecture.label,
    feasible: limits.every((limit) => limit.status !== 'exceeded'),
    costPerExecution: {
      mean: perExecutionMean,
      p50: costP50!,
      p95: costP95!,
      p99: costP99!,
      meanInterval: relativeInterval(perExecutionMean, relative),
    },
    monthlyCost: { total, lines, interval: relativeInterval(total, relative) },
    durationMs: {
      mean: sim.durationMs.mean,
      p50: duration(0.5),
      p95: duration(0.95),
      p99: duration(0.99),
      max: sim.durationMs.max,
    },
    durationQuantiles: DURATION_QUANTILES.map((q, i) => ({ q, ms: q === 1 ? sim.durationMs.max : durations[i]! })),
    transitionsPerExecution: { mean: sim.transitions.mean, p99: sim.transitions.quantile(0.99) },
    limits,
    stateHandling: architecture.stateHandling,
    ...(architecture.notes ? { notes: architecture.notes } : {}),
  };
}
