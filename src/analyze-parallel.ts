/**
 * analyze on several threads: the same report as `analyze`, byte for byte, sooner for large runs.
 * Small runs stay on this thread (starting a worker costs more than it saves).
 */
import { finishAnalysis, planAnalysis, type AnalyzeOptions } from './analyze.js';
import { simulateInWorkers, type SimulationWorkers } from './engine/parallel.js';
import { CHUNK_SAMPLES, simulate } from './engine/simulate.js';
import type { PricingCatalog } from './pricing/catalog.js';
import type { Report } from './report/model.js';
import type { Workload } from './workload/types.js';

/** Below this many samples the run stays on one thread. */
export const PARALLEL_MIN_SAMPLES = 2 * CHUNK_SAMPLES;

export async function analyzeInParallel(
  workload: Workload,
  catalog: PricingCatalog,
  options: AnalyzeOptions & { /** Threads to simulate on (this one included). */ readonly workers: number; readonly started?: SimulationWorkers },
): Promise<Report> {
  const plan = planAnalysis(workload, catalog, options);
  const progress = options.onProgress;
  const simulation = {
    samples: plan.samples,
    seed: options.seed,
    pilot: plan.pilot,
    ...(plan.precision ? { precision: plan.precision } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(progress ? { onProgress: (done: number) => progress(done, plan.samples) } : {}),
  };
  const parallel = options.workers > 1 && plan.samples >= PARALLEL_MIN_SAMPLES;
  const result = !parallel
    ? simulate(workload, plan.architectures, simulation)
    : options.started
      ? await options.started.run(workload, plan.architectures, simulation, plan.prices)
      : await simulateInWorkers(workload, plan.architectures, simulation, options.workers, plan.prices);
  // A precision-driven run that stops before its cap has still finished: the progress bar is cleared.
  if (result.samples < plan.samples) progress?.(plan.samples, plan.samples);
  return finishAnalysis(plan, result, catalog, options);
}
