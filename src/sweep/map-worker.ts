/** A worker thread of decision-map-parallel.ts: claims cells from the shared counter, analyzes each, sends it back. */
import { parentPort } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyze.js';
import { FlowcostError, type Problem } from '../errors/problem.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { claimCells, learnMapNumbers, mapCellAt, type MapCell, type MapGrid } from './decision-map.js';
import type { VarySpec } from './parameter.js';

export interface MapWorkerTask {
  readonly workload: Workload;
  readonly catalog: PricingCatalog;
  readonly varies: readonly [VarySpec, VarySpec];
  /** The cells' analysis options (pointOptions), without a progress callback. */
  readonly analyze: AnalyzeOptions;
  /** The map's grid: every cell's values, row by row. */
  readonly grid: MapGrid;
  /** Index into `cells` of the next cell nobody has claimed (shared by every thread). */
  readonly nextCell: Int32Array;
}

export type MapWorkerMessage =
  | { readonly kind: 'cell'; readonly index: number; readonly cell: MapCell }
  /** A cell that could not be analyzed: the problems of a FlowcostError, or an internal error's text. */
  | { readonly kind: 'failed'; readonly index: number; readonly problems?: readonly Problem[]; readonly message: string }
  | { readonly kind: 'done' };

const port = parentPort!;
port.once('message', (task: MapWorkerTask) => {
  const { cells } = task.grid;
  learnMapNumbers(task.workload, task.catalog, task.varies, task.analyze, task.grid);
  for (const index of claimCells(task.nextCell, cells.length)) {
    try {
      const cell = mapCellAt(task.workload, task.catalog, task.varies, task.analyze, cells[index]!);
      port.postMessage({ kind: 'cell', index, cell } satisfies MapWorkerMessage);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ kind: 'failed', index, message, ...(error instanceof FlowcostError ? { problems: error.problems } : {}) } satisfies MapWorkerMessage);
    }
  }
  port.postMessage({ kind: 'done' } satisfies MapWorkerMessage);
});
