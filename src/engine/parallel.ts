/**
 * Runs the chunks of a simulation on worker threads. Chunks are dealt round-robin and merged in
 * chunk order, so the result is the one `simulate` computes on a single thread, bit for bit.
 */
import { Worker } from 'node:worker_threads';
import type { PreparedArchitecture } from '../architectures/types.js';
import type { RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { ChunkMerger, chunksOf, type SimulationOptions, type SimulationResult } from './simulate.js';
import type { WorkerMessage, WorkerTask } from './worker.js';

/**
 * Worker threads for one simulation. They can be started before the workload is even read, so
 * that their start-up overlaps with the main thread's (the CLI does this for large runs).
 */
export class SimulationWorkers {
  private readonly workers: Worker[];

  constructor(count: number) {
    this.workers = Array.from({ length: Math.max(1, count) }, () => new Worker(new URL('./worker.js', import.meta.url)));
    // Never keep the process alive for them (a run that fails before using them must still exit).
    for (const worker of this.workers) worker.unref();
  }

  get size(): number {
    return this.workers.length;
  }

  /** Deals the chunks round-robin to the workers and merges their results in chunk order. */
  async run(
    workload: Workload,
    architectures: readonly PreparedArchitecture[],
    options: SimulationOptions & { readonly unitRates: readonly Float64Array[] },
    prices: RegionPrices,
  ): Promise<SimulationResult> {
    const chunks = chunksOf(options.samples);
    const merger = new ChunkMerger(architectures, options.seed);
    let done = 0;
    await Promise.all(
      this.workers.map((worker, t) => {
        const task: WorkerTask = {
          workload,
          prices,
          architectures: architectures.map((a) => a.id),
          seed: options.seed,
          unitRates: options.unitRates,
          chunks: chunks.filter((_, i) => i % this.workers.length === t),
        };
        return new Promise<void>((resolve, reject) => {
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'chunk') merger.add(message.result);
            else if (message.kind === 'progress') {
              done += message.samples;
              options.onProgress?.(done);
            } else resolve();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`simulation worker stopped with code ${code}`)));
          worker.postMessage(task);
        });
      }),
    );
    return merger.result();
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/** Simulates on `workerCount` new worker threads, then stops them. */
export async function simulateInWorkers(
  workload: Workload,
  architectures: readonly PreparedArchitecture[],
  options: SimulationOptions & { readonly unitRates: readonly Float64Array[] },
  workerCount: number,
  prices: RegionPrices,
): Promise<SimulationResult> {
  const workers = new SimulationWorkers(Math.min(workerCount, chunksOf(options.samples).length));
  try {
    return await workers.run(workload, architectures, options, prices);
  } finally {
    workers.close();
  }
}
