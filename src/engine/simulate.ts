/**
 * Monte Carlo over N executions: every architecture meters the same simulated executions (common
 * random numbers, so differences between architectures are not sampling noise). Memory is bounded:
 * sums and streaming sketches only, nothing kept per sample.
 *
 * The samples are cut into fixed chunks, each with its own seed derived from (seed, chunk index),
 * and chunk results are merged in chunk order. So the result depends only on the seed and the
 * sample count, never on how many threads ran the chunks (see parallel.ts).
 *
 * A precision-driven run (issue 19.3, advice/precision.ts) has a sample cap and a stop rule checked
 * at every block boundary (BLOCK_SAMPLES) in block order, from the merged sums of the chunks before
 * and the current chunk's running sums. Chunks keep their seeds, so a run that stops at N samples
 * is the run of N samples, bit for bit. A thread that simulates a chunk before the ones ahead of it
 * are merged records the block sums instead (a `BlockSnapshot` each) and the merger applies the rule.
 */
import { generateMeter, meterSource, type KeepExecution, type MeterExecution, type MeterLayout } from './meter-codegen.js';
import type { SharedSource } from './generated-functions.js';
import { ARCHITECTURE_IDS, ARCHITECTURES, type ArchitectureId, type PreparedArchitecture } from '../architectures/index.js';
import type { RegionPrices } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { compilePlan } from './compile.js';
import { ExecutionRecord, fieldIndex } from './execution.js';
import { isConstantValue, isRecordField, type RecordFieldMeasure } from '../architectures/known-measures.js';
import { QuantileSketch, type SketchState } from './quantiles.js';
import { Random } from './random.js';
import { generateRunner, generateSource } from './codegen.js';
import { ExecutionRunner } from './run.js';
import { BLOCK_SAMPLES, type PrecisionRule, type PrecisionView, type StopReason } from '../advice/precision.js';

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
  /** Share of executions that failed (an error nothing caught), however it arose. */
  readonly failureProbability: number;
  /** issue 15.7: shares of executions by how they failed, and of those that survived a caught error. */
  readonly outcomes: ExecutionOutcomes;
  /** Share of executions simulated in part and scaled up (huge Maps, long polling loops). */
  readonly approximatedShare: number;
  readonly architectures: readonly ArchitectureSimulation[];
  /** A precision-driven run: whether the stop rule or the sample cap ended it. */
  readonly stoppedBy?: StopReason;
}

/** Shares of executions (issue 15.7): the first three add up to failureProbability. */
export interface ExecutionOutcomes {
  /** A task's error that no Retrier took (any more) and no Catch caught. */
  readonly failedAfterRetries: number;
  /** Ended in a Fail state (through a Choice or a Catch). */
  readonly endedInFailState: number;
  /** Stopped at the runaway bound (a loop that never ends). */
  readonly ranAway: number;
  /** At least one error was caught by a Catch and handled (whatever the end). */
  readonly caughtAndHandled: number;
}

export interface SimulationOptions {
  readonly samples: number;
  readonly seed: number;
  /** USD per meter unit, per architecture, to price every execution (same order as the meters). */
  readonly unitRates?: readonly Float64Array[];
  /** Or: unit rates derived from the first executions of the run (see `Pilot`). */
  readonly pilot?: Pilot;
  /** Called now and then with the number of samples done. */
  readonly onProgress?: (done: number) => void;
  /** Generated code where the plan allows it (default), or always the interpreter. */
  readonly engine?: Engine;
  /** Stop at the first block boundary where this rule holds (`samples` is then the cap). */
  readonly precision?: PrecisionRule;
}

/**
 * Prices every execution at unit rates that depend on the run itself (tiers, free tier): the
 * first `samples` executions of chunk 0 are simulated with their quantities kept, `unitRates`
 * turns their mean quantities per execution into rates, those executions are priced, and the
 * run goes on at those rates. Each execution is simulated once.
 */
export interface Pilot {
  readonly samples: number;
  /** Unit rates per architecture from the mean quantity of each meter per execution. */
  unitRates(meterMeans: readonly Float64Array[]): readonly Float64Array[];
}

const FAILED = fieldIndex('failed');
const APPROXIMATED = fieldIndex('approximated');
// issue 15.7
const FAILED_AFTER_RETRIES = fieldIndex('failedAfterRetries');
const ENDED_IN_FAIL_STATE = fieldIndex('endedInFailState');
const RAN_AWAY = fieldIndex('ranAway');
const CAUGHT_ERRORS = fieldIndex('caughtErrors');
/** Order of the counts in ChunkResult.outcomes. */
const OUTCOME_FIELDS = [FAILED_AFTER_RETRIES, ENDED_IN_FAIL_STATE, RAN_AWAY] as const;

/** Samples per chunk: the unit of work of a thread, and of the random streams. */
export const CHUNK_SAMPLES = 65_536;
const PROGRESS_EVERY = 16_384;

/** A chunk's running sums at one of its block boundaries (plain data: it crosses thread boundaries). */
export interface BlockSnapshot {
  /** Samples of the chunk so far. */
  readonly samples: number;
  readonly costSums: Float64Array;
  readonly costSquares: Float64Array;
  /** Executions above each limit so far, every architecture's limits in order (0 for constant ones). */
  readonly exceeded: Float64Array;
}

/** Called at each block boundary of a chunk; true ends the chunk there. */
export type BlockCheck = (snapshot: BlockSnapshot) => boolean;

/** What one chunk produced, as plain data (it crosses thread boundaries). */
export interface ChunkResult {
  readonly index: number;
  readonly samples: number;
  /** Precision-driven, simulated ahead of the merge: the sums at every block boundary, for the merger to apply the rule. */
  readonly blocks?: readonly BlockSnapshot[];
  /** Precision-driven, checked on the way (every chunk before it merged): the rule held where the chunk ends. */
  readonly settled?: boolean;
  readonly failures: number;
  readonly approximated: number;
  /** issue 15.7: executions that failed after retries, in a Fail state, ran away; that caught an error. */
  readonly outcomes: readonly [number, number, number, number];
  readonly architectures: readonly {
    readonly sums: Float64Array;
    readonly durationMs: SketchState;
    readonly costUsd: SketchState;
    readonly transitions: SketchState;
    /** One per limit; a sketch only for limits observed per execution. */
    readonly limits: readonly { readonly observed: SketchState | undefined; readonly exceeded: number }[];
  }[];
}

/** The seed of chunk `index`: a splitmix-style mix, so neighbouring chunks get unrelated streams. */
export function chunkSeed(seed: number, index: number): number {
  return mixSeed((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
}

/** The 32-bit finalizer both seeds go through (lowbias32: every input bit moves every output bit). */
function mixSeed(x: number): number {
  let z = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Every execution draws from a stream of its own, started from (its chunk's seed, its index in the
 * chunk): common random numbers across the points of a sweep and the cells of a decision map
 * (issue 19.4). Execution i of every point draws the same numbers, however many the executions
 * before it drew (a higher failure rate means more retries, and so more draws, in some of them):
 * a difference between two points is the parameter's, not a shift of the stream.
 */
export function executionSeed(chunk: number, sample: number): number {
  return mixSeed((chunk ^ Math.imul(sample + 1, 0x9e3779b1)) >>> 0);
}

/**
 * The chunks this thread claims, one at a time, from a counter every thread of the run shares
 * (an index into `chunks`): a faster thread simply claims more of them.
 */
export function* claimChunks(chunks: readonly [number, number][], nextChunk: Int32Array): Generator<[number, number]> {
  for (let claimed = Atomics.add(nextChunk, 0, 1); claimed < chunks.length; claimed = Atomics.add(nextChunk, 0, 1)) {
    yield chunks[claimed]!;
  }
}

/** The chunks of a run: [index, samples] pairs. */
export function chunksOf(samples: number): [number, number][] {
  const chunks: [number, number][] = [];
  for (let index = 0, start = 0; start < samples; index++, start += CHUNK_SAMPLES) {
    chunks.push([index, Math.min(CHUNK_SAMPLES, samples - start)]);
  }
  return chunks;
}

/** The architectures a simulation meters (all of them unless `ids` says), bound to a workload. */
export function prepareArchitectures(
  workload: Workload,
  prices: RegionPrices,
  ids: readonly ArchitectureId[] = ARCHITECTURE_IDS,
): PreparedArchitecture[] {
  return ARCHITECTURE_IDS.filter((id) => ids.includes(id)).map((id) => ({
    id,
    label: ARCHITECTURES[id].identity.label,
    ...ARCHITECTURES[id].prepare(workload, prices),
  }));
}

/**
 * How the simulation runs a plan: `compiled` (generated straight-line code, codegen.ts) where the
 * plan allows it, else the interpreter; `interpreted` always the interpreter (run.ts), the reference.
 */
export const ENGINES = ['compiled', 'interpreted'] as const;
/**
 * …and, inside flowcost, `compiled-shared`: the same code with the plan's numbers read from a
 * table instead of written into it (about a third slower per execution, but every cell of a sweep
 * or decision map whose graph has the same shape then runs one function that V8 has compiled and
 * optimized once: a 10,000-sample cell takes 16 ms instead of 40–90 ms of warming up new code).
 * The same figures, bit for bit.
 */
export type Engine = (typeof ENGINES)[number] | 'compiled-shared';

/** Runs one execution into its record; generated code is `activate`d first (codegen.ts, GeneratedRunner). */
export interface Runner {
  run(): void;
  activate?(): void;
}

/** The runner of a workload's state graph. */
export function createRunner(workload: Workload, random: Random, record: ExecutionRecord, engine: Engine = 'compiled'): Runner {
  const plan = compilePlan(workload);
  return (engine === 'interpreted' ? undefined : generateRunner(plan, random, record, engine === 'compiled-shared')) ?? new ExecutionRunner(plan, random, record);
}

/**
 * Simulates chunks, one after another, on one thread. Its sketches and sums are cleared, not
 * reallocated, between chunks, so a long run makes little garbage. Pure: the same chunk gives the
 * same result on any thread and after any other chunk.
 */
export class ChunkSimulator {
  private readonly record = new ExecutionRecord();
  private readonly evaluations = new SharedEvaluations();
  private readonly states;
  /** One random stream, reseeded per chunk, and one runner over it (generated code is compiled once). */
  private readonly random = new Random(0);
  /** The seed of the chunk being simulated (each execution's stream starts from it: executionSeed). */
  private chunkSeed = 0;
  private readonly runner: Runner;
  /** `compiled`: the metering as generated code (meter-codegen.ts), bound to the rates when they are known. */
  private readonly meterFactory: ((rates: readonly Float64Array[]) => MeterExecution) | undefined;
  /** `compiled`: the pilot's metering as generated code (quantities kept, not priced). */
  private readonly meterKeep: KeepExecution | undefined;
  /** Adds the values the generated metering holds to their sketches (before any sketch is read). */
  private readonly meterFlush: (() => void) | undefined;
  /** Points the generated metering at this simulator's sketches (its code may serve other simulators too). */
  private readonly meterActivate: (() => void) | undefined;
  /** The generated metering's source (`--dump-code`), when the compiled engine meters. */
  readonly meterSource: string | undefined;
  private meter: MeterExecution | undefined;

  constructor(
    workload: Workload,
    architectures: readonly PreparedArchitecture[],
    unitRates: readonly Float64Array[] | undefined,
    engine: Engine = 'compiled',
  ) {
    this.runner = createRunner(workload, this.random, this.record, engine);
    this.states = architectureStates(architectures, unitRates, this.evaluations);
    if (engine !== 'interpreted') {
      const meter = generateMeter(meterLayout(this.states, this.evaluations), engine === 'compiled-shared');
      this.meterFactory = meter.bind;
      this.meterKeep = meter.keep;
      this.meterFlush = meter.flush;
      this.meterActivate = meter.activate;
      this.meterSource = meter.source;
      this.bindMeter();
    } else {
      this.meterFactory = undefined;
      this.meterKeep = undefined;
      this.meterFlush = undefined;
      this.meterActivate = undefined;
      this.meterSource = undefined;
    }
  }

  /** Binds the generated metering to the architectures' rates (when every one has them). */
  private bindMeter(): void {
    const rates = this.states.map((state) => state.rates);
    this.meter = this.meterFactory && rates.every((r) => r !== undefined) ? this.meterFactory(rates) : undefined;
  }

  /** Executions of the current chunk that failed, and that were simulated in part and scaled. */
  private failures = 0;
  private approximated = 0;
  private readonly outcomes: [number, number, number, number] = [0, 0, 0, 0];

  /**
   * Executions `from` … `to` − 1 of the current chunk. With `keep`, every meter's quantity of every
   * execution is written there (architectures in order, meters in order) and nothing is priced.
   */
  private runSamples(runner: Runner, from: number, to: number, onProgress?: (doneInChunk: number) => void, keep?: Float64Array): void {
    const { record, evaluations, states, random } = this;
    runner.activate?.();
    this.meterActivate?.();
    const chunk = this.chunkSeed;
    const values = evaluations.values;
    const meter = keep ? undefined : this.meter;
    const pilotMeter = keep && this.meterKeep ? { keep: this.meterKeep, into: keep } : undefined;
    if (meter || pilotMeter) {
      // The generated metering (the same figures as the loop below).
      const fields = record.values;
      let kept = 0;
      for (let sample = from; sample < to; sample++) {
        random.reseed(executionSeed(chunk, sample));
        runner.run();
        if (fields[FAILED] !== 0) {
          this.failures++;
          for (let o = 0; o < OUTCOME_FIELDS.length; o++) if (fields[OUTCOME_FIELDS[o]!] !== 0) this.outcomes[o]!++;
        }
        if (fields[CAUGHT_ERRORS] !== 0) this.outcomes[3]++;
        if (fields[APPROXIMATED] !== 0) this.approximated++;
        if (meter) meter(record);
        else if (pilotMeter) kept = pilotMeter.keep(record, pilotMeter.into, kept);
        if (onProgress && (sample + 1) % PROGRESS_EVERY === 0) onProgress(sample + 1);
      }
      this.meterFlush?.();
      return;
    }
    let kept = 0;
    for (let sample = from; sample < to; sample++) {
      random.reseed(executionSeed(chunk, sample));
      runner.run();
      if (record.values[FAILED] !== 0) {
        this.failures++;
        for (let o = 0; o < OUTCOME_FIELDS.length; o++) if (record.values[OUTCOME_FIELDS[o]!] !== 0) this.outcomes[o]!++;
      }
      if (record.values[CAUGHT_ERRORS] !== 0) this.outcomes[3]++;
      if (record.values[APPROXIMATED] !== 0) this.approximated++;
      evaluations.evaluate(record);
      for (let a = 0; a < states.length; a++) {
        const state = states[a]!;
        const { meterSlots, sums, rates } = state;
        if (rates) {
          let cost = 0;
          for (let m = 0; m < meterSlots.length; m++) {
            const quantity = values[meterSlots[m]!]!;
            sums[m]! += quantity;
            cost += quantity * rates[m]!;
          }
          state.costUsd.add(cost);
        } else if (keep) {
          for (let m = 0; m < meterSlots.length; m++) {
            const quantity = values[meterSlots[m]!]!;
            sums[m]! += quantity;
            keep[kept++] = quantity;
          }
        } else {
          for (let m = 0; m < meterSlots.length; m++) sums[m]! += values[meterSlots[m]!]!;
        }
        const limits = state.architecture.limits;
        for (let l = 0; l < limits.length; l++) {
          const slot = state.limits[l]!;
          if (slot >= 0 && values[slot]! > limits[l]!.limit) state.limitExceeded[l]!++;
        }
      }
      if (onProgress && (sample + 1) % PROGRESS_EVERY === 0) onProgress(sample + 1);
    }
  }

  /** Prices `executions` kept by `runSamples`, in order, at the rates now set (the same sums as pricing them on the way). */
  private priceKept(quantities: Float64Array, executions: number): void {
    let kept = 0;
    for (let e = 0; e < executions; e++) {
      for (const state of this.states) {
        const rates = state.rates!;
        let cost = 0;
        for (let m = 0; m < state.meterSlots.length; m++) cost += quantities[kept++]! * rates[m]!;
        state.costUsd.add(cost);
      }
    }
  }

  /** The running sums of the current chunk after `samples` of its executions. */
  private snapshot(samples: number): BlockSnapshot {
    const { states } = this;
    return {
      samples,
      costSums: Float64Array.from(states, (state) => state.costUsd.sum),
      costSquares: Float64Array.from(states, (state) => state.costUsd.sumOfSquares),
      exceeded: Float64Array.from(
        states.flatMap((state) => state.architecture.limits.map((limit, l) => (limit.shares === 'constant' ? 0 : state.limitExceeded[l]!))),
      ),
    };
  }

  /**
   * Simulates chunk `index`; with a `pilot` (chunk 0 only), derives the unit rates on the way.
   * With `blocks`, calls it at every block boundary (and at the end); the chunk ends at the first
   * boundary where it returns true, with the result of a chunk of that many samples.
   */
  simulate(index: number, samples: number, seed: number, onProgress?: (doneInChunk: number) => void, pilot?: Pilot, blocks?: BlockCheck): ChunkResult {
    const { record, evaluations, states, runner } = this;
    this.chunkSeed = chunkSeed(seed, index);
    evaluations.clear();
    for (const state of states) {
      state.sums.fill(0);
      state.costUsd.clear();
      state.limitExceeded.fill(0);
    }
    this.failures = 0;
    this.approximated = 0;
    this.outcomes.fill(0);
    let done = 0;
    if (pilot) {
      const first = Math.min(pilot.samples, samples);
      const meters = states.reduce((n, state) => n + state.meterSlots.length, 0);
      const quantities = new Float64Array(first * meters);
      for (const state of states) state.rates = undefined;
      this.runSamples(runner, 0, first, onProgress, quantities);
      const rates = pilot.unitRates(states.map((state) => state.sums.map((sum) => sum / first)));
      states.forEach((state, a) => (state.rates = rates[a]));
      this.bindMeter();
      this.priceKept(quantities, first);
      done = first;
    }
    if (blocks) {
      for (let stop = false; !stop && done < samples; ) {
        const boundary = Math.min(samples, (Math.floor(done / BLOCK_SAMPLES) + 1) * BLOCK_SAMPLES);
        this.runSamples(runner, done, boundary, onProgress);
        done = boundary;
        stop = blocks(this.snapshot(done));
      }
      samples = done;
    } else this.runSamples(runner, done, samples, onProgress);
    evaluations.finishChunk(samples);

    // Copies (the sketches and sums are reused for the next chunk).
    const sketches = evaluations.sketchStates();
    return {
      index,
      samples,
      failures: this.failures,
      approximated: this.approximated,
      outcomes: [...this.outcomes],
      architectures: states.map((state) => ({
        sums: state.sums.slice(),
        durationMs: sketches[state.duration]!,
        costUsd: state.costUsd.toState(),
        transitions: sketches[state.transitions]!,
        limits: state.architecture.limits.map((limit, l) => ({
          observed: limit.shares === undefined ? sketches[state.limits[l]!]! : undefined,
          exceeded: limit.shares === 'constant' ? (samples > 0 && limit.observe(record) > limit.limit ? samples : 0) : state.limitExceeded[l]!,
        })),
      })),
    };
  }
}

/**
 * Each architecture's meters, observations and limits as slots of `evaluations` (prepared here).
 * Per-execution functions are evaluated once per execution however many architectures use them
 * (Standard and Express share duration, transitions, task meters); observations are also sketched.
 */
function architectureStates(architectures: readonly PreparedArchitecture[], unitRates: readonly Float64Array[] | undefined, evaluations: SharedEvaluations) {
  const states = architectures.map((architecture, i) => ({
    architecture,
    meterSlots: Int32Array.from(architecture.meters, (meter) => evaluations.register(meter.measure, false)),
    sums: new Float64Array(architecture.meters.length),
    rates: unitRates?.[i] as Float64Array | undefined,
    duration: evaluations.register(architecture.durationMs, true),
    transitions: evaluations.register(architecture.transitions, true),
    costUsd: new QuantileSketch(),
    limits: architecture.limits.map((limit) =>
      limit.shares === 'duration'
        ? evaluations.register(architecture.durationMs, true)
        : limit.shares === 'constant'
          ? -1
          : evaluations.register(limit.observe, true),
    ),
    limitExceeded: new Float64Array(architecture.limits.length),
  }));
  evaluations.prepare();
  return states;
}

type ArchitectureState = ReturnType<typeof architectureStates>[number];

/** What the generated metering meters (meter-codegen.ts): the evaluations' slots and each architecture's sums, costs and limits. */
function meterLayout(states: readonly ArchitectureState[], evaluations: SharedEvaluations): MeterLayout {
  return evaluations.layout(
    states.map((state) => ({
      meterSlots: state.meterSlots,
      sums: state.sums,
      costUsd: state.costUsd,
      limits: state.architecture.limits.flatMap((limit, index) => {
        const slot = state.limits[index]!;
        return slot >= 0 ? [{ index, slot, limit: limit.limit }] : [];
      }),
      exceeded: state.limitExceeded,
    })),
  );
}

/**
 * The sources the engine `compiled-shared` generates for `workload` in `architectures`, in their
 * `K` form, with this workload's numbers (what a sweep learns its known numbers from:
 * generated-functions.ts), compiling nothing.
 */
export function sharedSources(workload: Workload, architectures: readonly PreparedArchitecture[]): SharedSource[] {
  const runner = generateSource(compilePlan(workload), true);
  const evaluations = new SharedEvaluations();
  const meter = meterSource(meterLayout(architectureStates(architectures, undefined, evaluations), evaluations), true);
  return [...(runner ? [{ source: runner.source, constants: runner.emitter.constants }] : []), meter];
}

/**
 * The per-execution functions of a simulation (meters and observations), each evaluated once per
 * execution into `values` however many architectures use it. A function that reads one field of
 * the record (`recordField`) is not called: its field is read from one copy of the record.
 * A `constantValue` is evaluated once, and added to its sketch (if observed) once per chunk.
 */
class SharedEvaluations {
  private readonly functions: ((record: ExecutionRecord) => number)[] = [];
  /** Per slot: the identity of its function (a field and divisor, or the function itself). */
  private readonly keys: unknown[] = [];
  private readonly sketches: (QuantileSketch | undefined)[] = [];
  /** Slots of record fields: where the field is in `fields`, and what it is divided by. */
  private fieldSlots = new Int32Array(0);
  private fieldIndexes = new Int32Array(0);
  private fieldDivisors = new Float64Array(0);
  private fieldSketches: (QuantileSketch | undefined)[] = [];
  /** Slots of other functions, evaluated by calling them. */
  private callSlots = new Int32Array(0);
  private callSketches: (QuantileSketch | undefined)[] = [];
  /** Slots of constants (evaluated once) that are also observed. */
  private constantSketches: { readonly slot: number; readonly sketch: QuantileSketch }[] = [];
  values = new Float64Array(0);

  /** The slot of `fn`'s value in `values`. */
  register(fn: (record: ExecutionRecord) => number, sketched: boolean): number {
    const key = isRecordField(fn) ? `field:${fn.field}/${fn.per}` : isConstantValue(fn) ? `constant:${fn.constant}` : fn;
    let slot = this.keys.indexOf(key);
    if (slot < 0) {
      slot = this.functions.push(fn) - 1;
      this.keys.push(key);
      this.sketches.push(undefined);
    }
    if (sketched) this.sketches[slot] ??= new QuantileSketch();
    return slot;
  }

  /** Call once every function is registered: sorts the slots by how they are evaluated, evaluates constants. */
  prepare(): void {
    this.values = new Float64Array(this.functions.length);
    const fieldSlots: number[] = [];
    const callSlots: number[] = [];
    this.functions.forEach((fn, slot) => {
      if (isConstantValue(fn)) {
        this.values[slot] = fn.constant;
        const sketch = this.sketches[slot];
        if (sketch) this.constantSketches.push({ slot, sketch });
      } else (isRecordField(fn) ? fieldSlots : callSlots).push(slot);
    });
    const measureOf = (slot: number) => this.functions[slot] as RecordFieldMeasure;
    this.fieldSlots = Int32Array.from(fieldSlots);
    this.fieldIndexes = Int32Array.from(fieldSlots, (slot) => fieldIndex(measureOf(slot).field));
    this.fieldDivisors = Float64Array.from(fieldSlots, (slot) => measureOf(slot).per);
    this.fieldSketches = fieldSlots.map((slot) => this.sketches[slot]);
    this.callSlots = Int32Array.from(callSlots);
    this.callSketches = callSlots.map((slot) => this.sketches[slot]);
  }

  /** Where each slot comes from, for the generated metering (meter-codegen.ts), with the architectures' parts. */
  layout(architectures: MeterLayout['architectures']): MeterLayout {
    return {
      fields: Array.from(this.fieldSlots, (slot, i) => ({ slot, field: this.fieldIndexes[i]!, divisor: this.fieldDivisors[i]!, sketch: this.fieldSketches[i] })),
      calls: Array.from(this.callSlots, (slot, i) => ({ slot, fn: this.functions[slot]!, sketch: this.callSketches[i] })),
      constants: this.functions.flatMap((fn, slot) => (isConstantValue(fn) ? [{ slot, value: this.values[slot]! }] : [])),
      architectures,
    };
  }

  evaluate(record: ExecutionRecord): void {
    const { values, fieldSlots, fieldIndexes, fieldDivisors, fieldSketches, functions, callSlots, callSketches } = this;
    const fields = record.values;
    for (let i = 0; i < fieldSlots.length; i++) {
      const value = fields[fieldIndexes[i]!]! / fieldDivisors[i]!;
      values[fieldSlots[i]!] = value;
      fieldSketches[i]?.add(value);
    }
    for (let i = 0; i < callSlots.length; i++) {
      const slot = callSlots[i]!;
      const value = functions[slot]!(record);
      values[slot] = value;
      callSketches[i]?.add(value);
    }
  }

  /** Observed constants go into their sketches once per chunk, `executions` times over. */
  finishChunk(executions: number): void {
    for (const { slot, sketch } of this.constantSketches) sketch.addRepeated(this.values[slot]!, executions);
  }

  /** Empties every sketch (keeping its buckets' memory) for the next chunk. */
  clear(): void {
    for (const sketch of this.sketches) sketch?.clear();
  }

  /** The sketch of every slot (undefined for the ones not observed), as plain data (copies). */
  sketchStates(): (SketchState | undefined)[] {
    return this.sketches.map((sketch) => sketch?.toState());
  }
}

/**
 * Merges chunk results in chunk order as they arrive (out-of-order ones wait for their turn), so
 * memory holds running totals, not every chunk, and floating-point sums add up in the same order
 * however many threads produced the chunks.
 */
export class ChunkMerger {
  private next = 0;
  private readonly waiting = new Map<number, ChunkResult>();
  private samples = 0;
  /** Executions of the current chunk that failed, and that were simulated in part and scaled. */
  private failures = 0;
  private approximated = 0;
  private readonly outcomes = [0, 0, 0, 0];
  private readonly totals: {
    readonly sums: Float64Array;
    readonly durationMs: QuantileSketch;
    readonly costUsd: QuantileSketch;
    readonly transitions: QuantileSketch;
    readonly limitSketches: QuantileSketch[];
    readonly exceeded: Float64Array;
  }[];

  /** Precision-driven: where the rule stopped the run (`resimulate`: the chunk must be simulated again, that far). */
  private stop: { readonly resimulate?: readonly [index: number, samples: number] } | undefined;

  constructor(
    private readonly architectures: readonly PreparedArchitecture[],
    private readonly seed: number,
    /** Precision-driven: the stop rule, and what to do the moment it holds (e.g. tell the other threads). */
    private readonly precision?: { readonly rule: PrecisionRule; readonly onStop?: () => void },
  ) {
    this.totals = architectures.map((architecture) => ({
      sums: new Float64Array(architecture.meters.length),
      durationMs: new QuantileSketch(),
      costUsd: new QuantileSketch(),
      transitions: new QuantileSketch(),
      limitSketches: architecture.limits.map(() => new QuantileSketch()),
      exceeded: new Float64Array(architecture.limits.length),
    }));
  }

  add(chunk: ChunkResult): void {
    if (this.stop) return;
    this.waiting.set(chunk.index, chunk);
    for (let ready = this.waiting.get(this.next); ready && !this.stop; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      if (this.mergeInOrder(ready)) this.next++;
    }
    if (this.stop) this.waiting.clear();
  }

  /** Index of the next chunk to merge: every chunk before it is merged. */
  get merged(): number {
    return this.next;
  }

  /** Precision-driven: the rule has stopped the run. */
  get stopped(): boolean {
    return this.stop !== undefined;
  }

  /** Precision-driven: the chunk to simulate again, as far as the rule let it run (its index, its samples). */
  get resimulate(): readonly [number, number] | undefined {
    return this.stop?.resimulate;
  }

  /** Merges the chunk `resimulate` asked for: the run ends with it. */
  addFinal(chunk: ChunkResult): void {
    const wanted = this.stop?.resimulate;
    if (!wanted || chunk.index !== wanted[0] || chunk.samples !== wanted[1] || chunk.index !== this.next) {
      throw new Error(`internal: chunk ${chunk.index} of ${chunk.samples} samples was not the one to simulate again`);
    }
    this.mergeOne(chunk);
    this.next++;
    this.stop = {};
  }

  /** The merged figures the stop rule reads: every chunk merged so far, and `snapshot` of the next one. */
  view(snapshot: BlockSnapshot): PrecisionView {
    const { totals } = this;
    return {
      samples: this.samples + snapshot.samples,
      costSums: Float64Array.from(totals, (total, a) => total.costUsd.sum + snapshot.costSums[a]!),
      costSquares: Float64Array.from(totals, (total, a) => total.costUsd.sumOfSquares + snapshot.costSquares[a]!),
      exceeded: Float64Array.from(
        totals.flatMap((total) => Array.from(total.exceeded)),
        (exceeded, l) => exceeded + snapshot.exceeded[l]!,
      ),
    };
  }

  /** Merges the next chunk, unless the rule stops the run inside it (false: it is to be simulated again, that far). */
  private mergeInOrder(chunk: ChunkResult): boolean {
    const precision = this.precision;
    if (!precision) {
      this.mergeOne(chunk);
      return true;
    }
    if (chunk.blocks) {
      // Simulated ahead: the rule is applied here, block by block, in order.
      const stopAt = chunk.blocks.find((snapshot) => precision.rule.settled(this.view(snapshot)));
      if (stopAt && stopAt.samples < chunk.samples) {
        this.stop = { resimulate: [chunk.index, stopAt.samples] };
        precision.onStop?.();
        return false;
      }
      this.mergeOne(chunk);
      if (stopAt) this.stop = {};
    } else {
      this.mergeOne(chunk);
      if (chunk.settled) this.stop = {};
    }
    if (this.stop) precision.onStop?.();
    return true;
  }

  private mergeOne(chunk: ChunkResult): void {
    this.samples += chunk.samples;
    this.failures += chunk.failures;
    this.approximated += chunk.approximated;
    chunk.outcomes.forEach((n, o) => (this.outcomes[o]! += n));
    this.totals.forEach((total, a) => {
      const part = chunk.architectures[a]!;
      for (let m = 0; m < total.sums.length; m++) total.sums[m]! += part.sums[m]!;
      total.durationMs.merge(part.durationMs);
      total.costUsd.merge(part.costUsd);
      total.transitions.merge(part.transitions);
      part.limits.forEach((limit, l) => {
        if (limit.observed) total.limitSketches[l]!.merge(limit.observed);
        total.exceeded[l]! += limit.exceeded;
      });
    });
  }

  result(): SimulationResult {
    if (this.waiting.size > 0) throw new Error(`internal: chunk ${this.next} never arrived`);
    const { samples } = this;
    // A constant observation (e.g. the payload size) is the same in every execution.
    const record = new ExecutionRecord();
    const share = (n: number) => (samples === 0 ? 0 : n / samples);
    return {
      samples,
      seed: this.seed,
      ...(this.precision ? { stoppedBy: this.stop ? ('precision' as const) : ('cap' as const) } : {}),
      failureProbability: samples === 0 ? 0 : this.failures / samples,
      outcomes: {
        failedAfterRetries: share(this.outcomes[0]!),
        endedInFailState: share(this.outcomes[1]!),
        ranAway: share(this.outcomes[2]!),
        caughtAndHandled: share(this.outcomes[3]!),
      },
      approximatedShare: samples === 0 ? 0 : this.approximated / samples,
      architectures: this.architectures.map((architecture, a) => {
        const total = this.totals[a]!;
        return {
          architecture,
          meterMeans: total.sums.map((sum) => (samples === 0 ? 0 : sum / samples)),
          durationMs: total.durationMs,
          costUsd: total.costUsd,
          transitions: total.transitions,
          limits: architecture.limits.map((limit, l) => {
            let observed = total.limitSketches[l]!;
            if (limit.shares === 'duration') observed = total.durationMs;
            if (limit.shares === 'constant' && samples > 0) observed.add(limit.observe(record));
            return { observed, exceeded: total.exceeded[l]! };
          }),
        };
      }),
    };
  }
}

/** Runs every chunk on this thread. Same result as running them on worker threads. */
export function simulate(
  workload: Workload,
  architectures: readonly PreparedArchitecture[],
  options: SimulationOptions,
): SimulationResult {
  const rule = options.precision;
  const merger = new ChunkMerger(architectures, options.seed, rule && { rule });
  const simulator = new ChunkSimulator(workload, architectures, options.unitRates, options.engine);
  let done = 0;
  for (const [index, samples] of chunksOf(options.samples)) {
    if (merger.stopped) break;
    const progress = options.onProgress;
    const pilot = index === 0 ? options.pilot : undefined;
    const check = rule && liveCheck(rule, merger);
    const result = simulator.simulate(index, samples, options.seed, progress && ((n) => progress(done + n)), pilot, check);
    merger.add(check ? { ...result, settled: check.settled } : result);
    done += result.samples;
  }
  options.onProgress?.(done);
  return merger.result();
}

/** The stop rule applied on the way through a chunk whose predecessors are all merged; `settled` says whether it held at the end. */
export function liveCheck(rule: PrecisionRule, merger: ChunkMerger): BlockCheck & { settled: boolean } {
  const check = (snapshot: BlockSnapshot): boolean => (check.settled = rule.settled(merger.view(snapshot)));
  check.settled = false;
  return check;
}

/**
 * The block check of a chunk simulated ahead of the merge: records every block's sums, and ends the
 * chunk (`aborted`: its result is not wanted) once `stop` is raised.
 */
export function aheadCheck(stop: Int32Array): BlockCheck & { readonly blocks: BlockSnapshot[]; aborted: boolean } {
  const check = (snapshot: BlockSnapshot): boolean => {
    check.blocks.push(snapshot);
    return (check.aborted = Atomics.load(stop, 0) !== 0);
  };
  check.blocks = [] as BlockSnapshot[];
  check.aborted = false;
  return check;
}
