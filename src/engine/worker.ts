/** A worker thread of parallel.ts: simulates the chunks it is given and sends each result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ArchitectureId } from '../architectures/types.js';
import type { RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { prepareArchitectures, simulateChunk } from './simulate.js';

export interface WorkerTask {
  readonly workload: Workload;
  readonly prices: RegionPrices;
  readonly architectures: readonly ArchitectureId[];
  readonly seed: number;
  readonly unitRates: readonly Float64Array[];
  readonly chunks: readonly [number, number][];
}

export type WorkerMessage = { readonly kind: 'progress'; readonly samples: number } | { readonly kind: 'chunk'; readonly result: ReturnType<typeof simulateChunk> };

const task = workerData as WorkerTask;
const port = parentPort!;
const architectures = prepareArchitectures(task.workload, task.prices, task.architectures);
let reported = 0;
for (const [index, samples] of task.chunks) {
  const result = simulateChunk(task.workload, architectures, index, samples, task.seed, task.unitRates, (done) => {
    port.postMessage({ kind: 'progress', samples: done - reported } satisfies WorkerMessage);
    reported = done;
  });
  port.postMessage({ kind: 'progress', samples: samples - reported } satisfies WorkerMessage);
  reported = 0;
  port.postMessage({ kind: 'chunk', result } satisfies WorkerMessage);
}
