/**
 * Runs the chunks of a simulation on several threads: this one and `threads − 1` workers. Each
 * thread claims the next chunk from one shared counter (an atomic add), so a faster thread simply
 * does more chunks and no thread waits for a slow one at the end; results are merged in chunk
 * order, so the result is the one `simulate` computes on a single thread, bit for bit.
 *
 * Precision-driven (issue 19.3): threads simulate chunks ahead of the merge and record their block
 * sums; the merger decides where the run stops, in block order, and then raises a shared flag that
 * stops every thread at its next block boundary and every further claim. When the stop falls inside
 * a chunk simulated ahead, this thread simulates that chunk again, that far.
 */
import { Worker } from 'node:worker_threads';
import type { PreparedArchitecture } from '../architectures/types.js';
import type { RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import {
  ChunkMerger,
  ChunkSimulator,
  chunksOf,
  claimChunks,
  aheadCheck,
  liveCheck,
  type Pilot,
  type SimulationOptions,
  type SimulationResult,
} from './simulate.js';
import type { WorkerMessage, WorkerTask } from './worker.js';

/** Lets pending messages (worker results) in between two chunks simulated on this thread. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The worker threads of one simulation. They can be started before the workload is even read, so
 * that their start-up overlaps with the main thread's (the CLI does this for large runs).
 */
export class SimulationWorkers {
  private workers: Worker[] = [];

  /**
   * `threads` in all: this thread simulates too, so `threads − 1` workers are started, now or
   * (`lazy`) when a run first needs them: a precision-driven run that settles in its first chunk never starts one.
   */
  constructor(
    readonly threads: number,
    lazy = false,
  ) {
    if (!lazy) this.start();
  }

  private start(): Worker[] {
    if (this.workers.length === 0 && this.threads > 1) {
      this.workers = Array.from({ length: this.threads - 1 }, () => new Worker(new URL('./worker.js', import.meta.url)));
      // Never keep the process alive for them (a run that fails before using them must still exit).
      for (const worker of this.workers) worker.unref();
    }
    return this.workers;
  }

  /** Simulates with `options.unitRates`, or derives them with `options.pilot` in chunk 0 on this thread first. */
  async run(
    workload: Workload,
    architectures: readonly PreparedArchitecture[],
    options: SimulationOptions,
    prices: RegionPrices,
  ): Promise<SimulationResult> {
    const chunks = chunksOf(options.samples);
    const nextChunk = new Int32Array(new SharedArrayBuffer(4));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const rule = options.precision;
    const merger = new ChunkMerger(
      architectures,
      options.seed,
      rule && {
        rule,
        onStop: () => {
          Atomics.store(stop, 0, 1);
          Atomics.store(nextChunk, 0, chunks.length);
        },
      },
    );
    let done = 0;
    const progress = (samples: number): void => {
      done += samples;
      options.onProgress?.(done);
    };
    const workersDone: Promise<void>[] = [];
    const listenTo = (worker: Worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'chunk') merger.add(message.result);
            else if (message.kind === 'progress') progress(message.samples);
            else resolve();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`simulation worker stopped with code ${code}`)));
        });
    const startWorkers = (unitRates: readonly Float64Array[] | undefined): void => {
      const workers = this.start();
      workersDone.push(...workers.map(listenTo));
      const task: WorkerTask = {
        workload,
        prices,
        architectures: architectures.map((a) => a.id),
        seed: options.seed,
        ...(unitRates ? { unitRates } : {}),
        engine: options.engine ?? 'compiled',
        chunks,
        nextChunk,
        ...(rule ? { stop } : {}),
      };
      for (const worker of workers) worker.postMessage(task);
    };
    // With a pilot, this thread takes chunk 0 before any worker has a task (so it claims index 0)
    // and starts the workers as soon as the pilot has given the unit rates. Precision-driven, the
    // workers start only when chunk 0 has not settled the run (most runs stop in it).
    const { pilot } = options;
    let unitRates = options.unitRates;
    if (!pilot && !rule) startWorkers(unitRates);
    const simulator = new ChunkSimulator(workload, architectures, options.unitRates, options.engine);
    // This thread claims chunks like any worker, and merges the workers' results between its own.
    for (const [index, samples] of claimChunks(chunks, nextChunk)) {
      if (merger.stopped) break;
      let reported = 0;
      const chunkPilot: Pilot | undefined =
        pilot && index === 0
          ? {
              samples: pilot.samples,
              unitRates: (meterMeans) => {
                unitRates = pilot.unitRates(meterMeans);
                if (!rule) startWorkers(unitRates);
                return unitRates;
              },
            }
          : undefined;
      // Precision-driven: checked on the way when every chunk before this one is merged, else simulated ahead.
      const live = rule && merger.merged === index ? liveCheck(rule, merger) : undefined;
      const ahead = rule && !live ? aheadCheck(stop) : undefined;
      const result = simulator.simulate(
        index,
        samples,
        options.seed,
        (n) => {
          progress(n - reported);
          reported = n;
        },
        chunkPilot,
        live ?? ahead,
      );
      progress(result.samples - reported);
      if (live) merger.add({ ...result, settled: live.settled });
      else if (ahead) {
        if (!ahead.aborted) merger.add({ ...result, blocks: ahead.blocks });
      } else merger.add(result);
      if (rule && index === 0 && !merger.stopped) startWorkers(unitRates);
      await yieldToEvents();
    }
    await Promise.all(workersDone);
    const again = merger.resimulate;
    if (again) {
      const [index, samples] = again;
      merger.addFinal(simulator.simulate(index, samples, options.seed, undefined, index === 0 ? pilot : undefined));
    }
    return merger.result();
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/** Simulates on `threads` threads (this one and new workers), then stops the workers. */
export async function simulateInWorkers(
  workload: Workload,
  architectures: readonly PreparedArchitecture[],
  options: SimulationOptions,
  threads: number,
  prices: RegionPrices,
): Promise<SimulationResult> {
  const workers = new SimulationWorkers(Math.min(threads, chunksOf(options.samples).length), options.precision !== undefined);
  try {
    return await workers.run(workload, architectures, options, prices);
  } finally {
    workers.close();
  }
}
