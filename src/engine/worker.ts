/** A worker thread of parallel.ts: claims chunks from the shared counter, simulates them, sends each result back. */
import { parentPort } from 'node:worker_threads';
import type { ArchitectureId } from '../architectures/types.js';
import type { RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { aheadCheck, ChunkSimulator, claimChunks, prepareArchitectures, type ChunkResult, type Engine } from './simulate.js';

export interface WorkerTask {
  readonly workload: Workload;
  readonly prices: RegionPrices;
  readonly architectures: readonly ArchitectureId[];
  readonly seed: number;
  readonly engine: Engine;
  /** Absent only when nothing is to be priced. */
  readonly unitRates?: readonly Float64Array[];
  /** Every chunk of the run ([index, samples]); a thread simulates the ones it claims. */
  readonly chunks: readonly [number, number][];
  /** Index into `chunks` of the next chunk nobody has claimed (shared by every thread). */
  readonly nextChunk: Int32Array;
  /** Precision-driven: raised (non-zero) when the run has stopped; chunks then record their block sums and end at the next boundary. */
  readonly stop?: Int32Array;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly samples: number }
  | { readonly kind: 'chunk'; readonly result: ChunkResult }
  | { readonly kind: 'done' };

const port = parentPort!;
// The task comes as a message, so a worker can be started before its task is known (see parallel.ts).
port.once('message', (task: WorkerTask) => {
  const architectures = prepareArchitectures(task.workload, task.prices, task.architectures);
  const { chunks, nextChunk } = task;
  const simulator = new ChunkSimulator(task.workload, architectures, task.unitRates, task.engine);
  for (const [index, samples] of claimChunks(chunks, nextChunk)) {
    let reported = 0;
    const ahead = task.stop && aheadCheck(task.stop);
    const result = simulator.simulate(
      index,
      samples,
      task.seed,
      (done) => {
        port.postMessage({ kind: 'progress', samples: done - reported } satisfies WorkerMessage);
        reported = done;
      },
      undefined,
      ahead,
    );
    port.postMessage({ kind: 'progress', samples: result.samples - reported } satisfies WorkerMessage);
    if (ahead?.aborted) continue;
    port.postMessage({ kind: 'chunk', result: ahead ? { ...result, blocks: ahead.blocks } : result } satisfies WorkerMessage);
  }
  port.postMessage({ kind: 'done' } satisfies WorkerMessage);
});
