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

export async function simulateInWorkers(
  workload: Workload,
  architectures: readonly PreparedArchitecture[],
  options: SimulationOptions & { readonly unitRates: readonly Float64Array[] },
  workerCount: number,
  prices: RegionPrices,
): Promise<SimulationResult> {
  const chunks = chunksOf(options.samples);
  const threads = Math.max(1, Math.min(workerCount, chunks.length));
  const merger = new ChunkMerger(architectures, options.seed);
  let done = 0;
  await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const task: WorkerTask = {
        workload,
        prices,
        architectures: architectures.map((a) => a.id),
        seed: options.seed,
        unitRates: options.unitRates,
        chunks: chunks.filter((_, i) => i % threads === t),
      };
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task });
        worker.on('message', (message: WorkerMessage) => {
          if (message.kind === 'chunk') {
            merger.add(message.result);
          } else {
            done += message.samples;
            options.onProgress?.(done);
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulation worker stopped with code ${code}`))));
      });
    }),
  );
  return merger.result();
}
