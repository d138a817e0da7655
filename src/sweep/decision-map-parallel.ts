/**
 * A decision map's cells on several threads: the same map as `decisionMap`, byte for byte. Each
 * cell is one `analyze` at its own values and the same seed, whatever thread runs it, so threads
 * only change when a cell is done: every thread (this one too) claims the next cell from one
 * shared counter, and the cells are put back in grid order. A map with a volume axis (one
 * simulation per value of the other axis), or too small to pay for a worker, stays on this thread.
 */
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyze.js';
import { PARALLEL_MIN_SAMPLES } from '../analyze-parallel.js';
import { FlowcostError } from '../errors/problem.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { claimCells, decisionMap, learnMapNumbers, mapCellAt, mapGrid, type DecisionMapOptions, type DecisionMapResult, type MapCell } from './decision-map.js';
import type { MapWorkerMessage, MapWorkerTask } from './map-worker.js';
import type { VarySpec } from './parameter.js';
import { pointOptions } from './sweep.js';

/** Lets pending messages (cells from the workers) in between two cells analyzed on this thread. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function decisionMapInParallel(
  workload: Workload,
  catalog: PricingCatalog,
  varies: readonly [VarySpec, VarySpec],
  options: DecisionMapOptions & { /** Threads to analyze cells on (this one included). */ readonly threads: number },
): Promise<DecisionMapResult> {
  const layout = mapGrid(varies, options);
  const threads = Math.min(options.threads, layout.cells.length);
  if (layout.volumeAxis >= 0 || threads < 2 || layout.cells.length * options.analyze.samples < PARALLEL_MIN_SAMPLES) {
    return decisionMap(workload, catalog, varies, options);
  }
  const { onProgress: _, ...plain } = options.analyze;
  const analyze: AnalyzeOptions = pointOptions(plain);
  const cells: (MapCell | undefined)[] = layout.cells.map(() => undefined);
  const failures: { readonly index: number; readonly error: Error }[] = [];
  let done = 0;
  const finished = (index: number, cell: MapCell) => {
    cells[index] = cell;
    options.onProgress?.(++done, layout.cells.length);
  };
  const nextCell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const task: MapWorkerTask = { workload, catalog, varies, analyze, grid: layout, nextCell };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
  try {
    const workersDone = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: MapWorkerMessage) => {
            if (message.kind === 'cell') finished(message.index, message.cell);
            else if (message.kind === 'failed') {
              failures.push({ index: message.index, error: message.problems ? new FlowcostError(message.problems) : new Error(message.message) });
            } else resolve();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`decision map worker stopped with code ${code}`)));
          worker.postMessage(task);
        }),
    );
    learnMapNumbers(workload, catalog, varies, analyze, layout);
    for (const index of claimCells(nextCell, layout.cells.length)) {
      try {
        finished(index, mapCellAt(workload, catalog, varies, analyze, layout.cells[index]!));
      } catch (error) {
        failures.push({ index, error: error instanceof Error ? error : new Error(String(error)) });
      }
      await yieldToEvents();
    }
    await Promise.all(workersDone);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  // The error of the first cell in grid order that failed: the one the map on one thread raises.
  const first = failures.sort((a, b) => a.index - b.index)[0];
  if (first) throw first.error;
  return decisionMap(workload, catalog, varies, options, () =>
    cells.map((cell, i) => {
      if (!cell) throw new Error(`internal: cell ${i} of the decision map never arrived`);
      return cell;
    }),
  );
}
