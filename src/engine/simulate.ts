/**
 * Monte Carlo over N executions: every architecture meters the same simulated executions (common
 * random numbers, so differences between architectures are not sampling noise). Memory is bounded:
 * sums and streaming sketches only, nothing kept per sample.
 */
import type { PreparedArchitecture } from '../architectures/types.js';
import { compilePlan } from './compile-plan.js';
import { ExecutionRecord } from './execution.js';
import { QuantileSketch } from './quantiles.js';
import { Random } from './random.js';
import { ExecutionRunner } from './run-execution.js';
import type { Workload } from '../workload/types.js';

export interface LimitObservation {
  readonly observed: QuantileSketch;
  /** Executions whose observed value was above the limit. */
  readonly exceeded: number;
}

export interface ArchitectureSimulation {
  readonly architecture: PreparedArchitecture;
  /** Mean of each meter per execution (same order as `architecture.meters`). */
  readonly meterMeans: Float64Array;
  readonly durationMs: QuantileSketch;
  /** Cost of each execution at the given unit rates (empty sketch when no rates were given). */
  readonly costUsd: QuantileSketch;
  readonly transitions: QuantileSketch;
  readonly limits: readonly LimitObservation[];
}

export interface SimulationResult {
  readonly samples: number;
  readonly seed: number;
  /** Share of executions in which a task exhausted its retries. */
  readonly failureProbability: number;
  /** Share of executions simulated in part and scaled up (huge Maps, long polling loops). */
  readonly approximatedShare: number;
  readonly architectures: readonly ArchitectureSimulation[];
}

export interface SimulationOptions {
  readonly samples: number;
  readonly seed: number;
  /** USD per meter unit, per architecture, to price every execution (same order as the meters). */
  readonly unitRates?: readonly Float64Array[];
  /** Called now and then with the number of samples done. */
  readonly onProgress?: (done: number) => void;
}

const PROGRESS_EVERY = 16_384;

export function simulate(
  workload: Workload,
  architectures: readonly PreparedArchitecture[],
  options: SimulationOptions,
): SimulationResult {
  const plan = compilePlan(workload);
  const random = new Random(options.seed);
  const record = new ExecutionRecord();
  const runner = new ExecutionRunner(plan, random, record);

  const states = architectures.map((architecture, i) => ({
    architecture,
    sums: new Float64Array(architecture.meters.length),
    rates: options.unitRates?.[i],
    durationMs: new QuantileSketch(),
    costUsd: new QuantileSketch(),
    transitions: new QuantileSketch(),
    limitSketches: architecture.limits.map(() => new QuantileSketch()),
    limitExceeded: new Float64Array(architecture.limits.length),
  }));

  let failures = 0;
  let approximated = 0;
  for (let sample = 0; sample < options.samples; sample++) {
    runner.run();
    if (record.failed) failures++;
    if (record.approximated) approximated++;
    for (const state of states) {
      const { architecture, sums, rates } = state;
      const meters = architecture.meters;
      state.durationMs.add(architecture.durationMs(record));
      let cost = 0;
      for (let m = 0; m < meters.length; m++) {
        const quantity = meters[m]!.measure(record);
        sums[m]! += quantity;
        if (rates) cost += quantity * rates[m]!;
      }
      if (rates) state.costUsd.add(cost);
      state.transitions.add(architecture.transitions(record));
      const limits = architecture.limits;
      for (let l = 0; l < limits.length; l++) {
        const limit = limits[l]!;
        const observed = limit.observe(record);
        state.limitSketches[l]!.add(observed);
        if (observed > limit.limit) state.limitExceeded[l]!++;
      }
    }
    if (options.onProgress && (sample + 1) % PROGRESS_EVERY === 0) options.onProgress(sample + 1);
  }
  options.onProgress?.(options.samples);

  const n = options.samples;
  return {
    samples: n,
    seed: options.seed,
    failureProbability: n === 0 ? 0 : failures / n,
    approximatedShare: n === 0 ? 0 : approximated / n,
    architectures: states.map((state) => ({
      architecture: state.architecture,
      meterMeans: state.sums.map((sum) => sum / n),
      durationMs: state.durationMs,
      costUsd: state.costUsd,
      transitions: state.transitions,
      limits: state.limitSketches.map((observed, l) => ({ observed, exceeded: state.limitExceeded[l]! })),
    })),
  };
}
