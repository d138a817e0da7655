/**
 * The compiled engine: a plan turned into one straight-line JavaScript function (source text built
 * from the state graph, then `new Function`), in which every state's sampling, retries, branch
 * choice and Map waves are plain code over local doubles, the way a hand-written loop is. The
 * interpreter (run.ts) stays the reference: for the graphs this covers, both give the same record,
 * bit for bit, from the same draws in the same order (test/engine/codegen.test.ts compares them
 * on every example, fixture and fuzz case), and every other graph runs on the interpreter.
 *
 * Only numbers validated by the normalizer, and indexes into side tables, enter the source: no name,
 * error or other string from a workload ever does (a test proves it).
 *
 * Covered: chains of states and structured Choices (step trees and definitions written like them),
 * Tasks of every pattern with the Retrier that takes their error, Wait, polling loops, Pass,
 * Succeed and Fail at the level of a chain, Parallel branches and inline Maps whose branches cannot
 * fail. Not covered (the interpreter runs them): loops, Catch, Parallel branches or Map iterations
 * that can fail (their replay), Distributed Maps, tracing.
 */
import { generatedFunction, generatedInstance, withKnownNumbers } from './generated-functions.js';
import { END_OF_SCOPE, errorMatches, type Retrier } from '../workload/graph.js';
import { UNSTRUCTURED } from '../workload/graph-structure.js';
import { MAP_ITEMS_SIMULATED, POLL_ROUNDS_SIMULATED, type CompiledScope, type CompiledState, type Plan } from './compile.js';
import { fieldIndex, LONG_WAIT_MS, RECORD_FIELDS, type ExecutionRecord } from './execution.js';
import type { MapSchedule } from './map-schedule.js';
import type { Random, Sampler } from './random.js';
import { RETRY_HORIZON_MS } from './retry-horizon.js';
import { stepFunctionsRetrier, waitsExactly } from './retry-delay.js';
import { SourceNumbers } from './source-numbers.js';

/** What the generated function reads: the random stream, the record and the plan's side tables. */
interface SideTables {
  readonly rnd: Random;
  readonly record: ExecutionRecord;
  readonly v: Float64Array;
  readonly blockSfn: Float64Array;
  readonly blockT: Float64Array;
  readonly blockH: Float64Array;
  readonly samplers: Sampler[];
  readonly schedules: MapSchedule[];
  readonly counts: Float64Array[];
  /** Errors a state can raise, by index (their text never enters the source). */
  readonly errors: string[];
  /** The plan's numbers (Emitter.constants). */
  readonly constants: Float64Array;
}

export interface GeneratedRunner {
  /** The generated source, for `--dump-code`. */
  readonly source: string;
  run(): void;
  /** Points the generated code at this runner's tables: call it before `run`, after any other runner of the same source has run. */
  activate(): void;
}

/** Why a plan is not compiled (the interpreter runs it), or undefined when it is. */
export function notCompilable(plan: Plan): string | undefined {
  if (plan.canRunAway) return 'the graph has a loop';
  return scopeProblem(plan.root, false);
}

function scopeProblem(scope: CompiledScope, inRegion: boolean): string | undefined {
  const seen = new Set<number>();
  return chainProblem(scope, scope.startAt, END_OF_SCOPE, inRegion, seen);
}

function chainProblem(scope: CompiledScope, from: number, stop: number, inRegion: boolean, seen: Set<number>): string | undefined {
  for (let i = from; i !== stop && i !== END_OF_SCOPE; ) {
    if (seen.has(i)) return 'a state is reached twice';
    seen.add(i);
    const node = scope.states[i]!;
    if (node.catchers.length > 0) return `state ${i} has a Catch`;
    switch (node.kind) {
      case 'choice': {
        if (node.join === UNSTRUCTURED) return 'an unstructured Choice';
        for (const target of node.targets) {
          const problem = chainProblem(scope, target, node.join, true, new Set(seen));
          if (problem) return problem;
        }
        i = node.join;
        continue;
      }
      case 'parallel':
        if (node.canFail || node.retriers.length > 0) return 'a Parallel whose branches can fail, or that retries';
        for (const branch of node.branches) {
          const problem = scopeProblem(branch, false);
          if (problem) return problem;
        }
        break;
      case 'map':
        if (node.distributed) return 'a Distributed Map';
        if (node.canFail || node.retriers.length > 0) return 'a Map whose iterations can fail, or that retries';
        {
          const problem = scopeProblem(node.processor!, false);
          if (problem) return problem;
        }
        break;
      case 'succeed':
        if (inRegion) return 'a Succeed inside a Choice branch';
        return undefined;
      case 'fail':
        return undefined;
      default:
        break;
    }
    i = node.next;
  }
  return undefined;
}

const F = {
  lambdaWall: fieldIndex('lambdaWallMs'),
  sfnWall: fieldIndex('sfnWallMs'),
  transitions: fieldIndex('transitions'),
  history: fieldIndex('historyEvents'),
  invocations: fieldIndex('taskInvocations'),
  mbMs: fieldIndex('taskMbMs'),
  initMbMs: fieldIndex('taskInitMbMs'),
  storageMbMs: fieldIndex('taskStorageMbMs'),
  singleInit: fieldIndex('singleInitMs'),
  taskTimeoutRatio: fieldIndex('taskTimeoutRatio'),
  callbacks: fieldIndex('callbackWaits'),
  stateTimeoutRatio: fieldIndex('stateTimeoutRatio'),
  heartbeatRatio: fieldIndex('heartbeatRatio'),
  syncJobs: fieldIndex('syncJobs'),
  units: fieldIndex('mapParallelUnits'),
  billed: fieldIndex('taskBilledMs'),
  singleBilled: fieldIndex('singleFunctionBilledMs'),
  waits: fieldIndex('waits'),
  longWaits: fieldIndex('longWaits'),
  coldResumes: fieldIndex('coldResumes'),
  serviceCalls: fieldIndex('serviceCalls'),
  serviceCallMbMs: fieldIndex('serviceCallMbMs'),
  serviceCallTimeoutRatio: fieldIndex('serviceCallTimeoutRatio'),
  retries: fieldIndex('retries'),
  longestStretch: fieldIndex('longestStretchMs'),
  failed: fieldIndex('failed'),
  failedAfterRetries: fieldIndex('failedAfterRetries'),
  endedInFailState: fieldIndex('endedInFailState'),
} as const;

/** A number as JavaScript source that reads back as exactly that number. */
/**
 * Random.uniform() and Random.normal() written out so that no draw crosses a call boxed (the
 * generated function is too large for V8 to inline them all): the same draws, in the same order.
 */
const UNIFORM = '(rnd.advance(), rnd.drawn)';
const NORMAL = '(rnd.hasSpareNormal ? ((rnd.hasSpareNormal = false), rnd.spareNormal) : (rnd.drawNormalPair(), rnd.firstNormal))';


class Emitter {
  private readonly lines: string[] = [];
  private depth = 1;
  private names = 0;
  readonly samplers: Sampler[] = [];
  readonly schedules: MapSchedule[] = [];
  readonly counts: Float64Array[] = [];
  readonly errors: string[] = [];
  /** The plan's numbers (durations, probabilities, memory, timeouts…) as source: literals, or `K` slots (SourceNumbers). */
  private readonly numbers: SourceNumbers;

  constructor(
    private readonly plan: Plan,
    /** Numbers read from `K` (the engine `compiled-shared`) rather than written in as literals. */
    numbersAsData: boolean,
  ) {
    this.numbers = new SourceNumbers(numbersAsData, 'a plan');
  }

  /** With numbersAsData, the numbers by slot of `K`. */
  get constants(): readonly number[] {
    return this.numbers.constants;
  }

  /** A number of the plan, as source. */
  num(x: number): string {
    return this.numbers.text(x);
  }

  source(): string {
    return this.lines.join('\n');
  }

  line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text);
  }

  block(head: string, body: () => void, tail = '}'): void {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line(tail);
  }

  fresh(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  /** A draw from `sampler`, exactly as Random.sample draws it. */
  sample(sampler: Sampler): string {
    // Random.sample: a log-normal inline, a fixed value as it is, the other kinds out of line.
    if (sampler.code === 1) return `Math.exp(${this.num(sampler.a)} + ${this.num(sampler.b)} * ${NORMAL})`;
    if (sampler.code === 0) return this.num(sampler.a);
    return `rnd.sample(SAMPLERS[${this.samplers.push(sampler) - 1}])`;
  }

  chance(p: number): string {
    if (!this.numbers.asData) return p > 0 ? `${UNIFORM} < ${this.num(p)}` : 'false';
    // compiled-shared: the same source whether p is 0 or not, and the same draws as the literal
    // form (none when p is 0).
    const k = this.num(p);
    return `(${k} > 0 && ${UNIFORM} < ${k})`;
  }

  /**
   * Whether a task's failure is written out. compiled-shared writes it for every task, so that a
   * failure rate swept from 0 (a decision map's axis) does not change the source: with a rate of 0
   * its code draws nothing and never fails, and the figures are the same to the bit.
   */
  mayFail(node: CompiledState): boolean {
    return node.failureRate > 0 || this.numbers.asData;
  }

  error(text: string): number {
    const at = this.errors.indexOf(text);
    return (at >= 0 ? at : this.errors.push(text) - 1) + 1;
  }

  /**
   * A chain of states from `from` to `stop`, adding their time to `L`/`S`; `err` is set (non-zero:
   * an index into the errors + 1) and the chain broken on an error. `root`: the top level's blocks.
   */
  chain(scope: CompiledScope, from: number, stop: number, L: string, S: string, err: string, label: string, root: boolean): void {
    const overhead = this.plan.transitionOverheadMs;
    this.block(`${label}:`, () => {
      for (let i = from; i !== stop && i !== END_OF_SCOPE; ) {
        const node = scope.states[i]!;
        this.line(`// ${node.kind} (state ${i} of its scope)`);
        const block = root ? this.plan.blockOf[i]! : -1;
        const t0 = this.fresh('t');
        const h0 = this.fresh('h');
        if (block >= 0) this.line(`const ${t0} = v[${F.transitions}], ${h0} = v[${F.history}];`);
        const sl = this.fresh('sl');
        const ss = this.fresh('ss');
        this.line(`let ${sl} = 0, ${ss} = 0;`);
        const canErr = this.state(node, scope, sl, ss, err, overhead);
        this.line(`${L} += ${sl}; ${S} += ${ss};`);
        if (node.ownHistory) this.line(canErr ? `v[${F.history}] += ${err} === 0 ? 2 : 1;` : `v[${F.history}] += 2;`);
        if (block >= 0) {
          this.line(`blockSfn[${block}] += ${ss}; blockT[${block}] += v[${F.transitions}] - ${t0}; blockH[${block}] += v[${F.history}] - ${h0};`);
        }
        if (canErr) this.line(`if (${err} !== 0) break ${label};`);
        if (node.kind === 'succeed') {
          this.line(`break ${label};`);
          break;
        }
        if (node.kind === 'fail') break;
        i = node.kind === 'choice' ? node.join : node.next;
      }
    });
  }

  /** One state's code: its time into `sl`/`ss`; returns whether it can set `err`. */
  private state(node: CompiledState, scope: CompiledScope, sl: string, ss: string, err: string, overhead: number): boolean {
    switch (node.kind) {
      case 'task':
        return this.task(node, sl, ss, err, overhead);
      case 'wait': {
        const ms = this.fresh('w');
        this.line(`v[${F.transitions}]++;`);
        this.line(`const ${ms} = ${this.sample(node.duration!)};`);
        this.suspend(ms, true);
        this.line(`${sl} = ${ms}; ${ss} = ${ms} + ${this.num(overhead)};`);
        return false;
      }
      case 'poll':
        this.poll(node, sl, ss, overhead);
        return false;
      case 'choice':
        return this.choice(node, scope, sl, ss, err, overhead);
      case 'parallel':
        this.parallel(node, sl, ss, overhead);
        return false;
      case 'map':
        this.map(node, sl, ss, overhead);
        return false;
      case 'pass':
      case 'succeed':
      case 'fail':
        this.line(`v[${F.transitions}]++;`);
        this.line(`${ss} = ${this.num(overhead)};`);
        if (node.kind === 'fail') {
          this.line(`${err} = ${this.error(node.error)}; fromFail = 1;`);
          return true;
        }
        return false;
    }
  }

  private suspend(ms: string, timed: boolean): void {
    this.line(`v[${F.waits}]++;`);
    if (timed) this.line(`if (${ms} > ${this.num(LONG_WAIT_MS)}) v[${F.longWaits}]++;`);
    // A durable function suspended longer than it keeps warm resumes cold (issue 18).
    if (this.plan.durableKeepWarmMs !== Infinity) this.line(`if (${ms} > ${this.num(this.plan.durableKeepWarmMs)}) v[${F.coldResumes}]++;`);
    this.line('stretch = 0;');
  }

  private compute(ms: string): void {
    this.line(`stretch += ${ms}; if (stretch > v[${F.longestStretch}]) v[${F.longestStretch}] = stretch;`);
  }

  /** A Lambda invocation of `durationMs` (`singleMs` inside the single function); its INIT into `init`. */
  private invoke(node: CompiledState, durationMs: string, singleMs: string, init: string, fnOf: 'task' | 'check'): void {
    const fn = node.fn!;
    const cold = fn.coldStart;
    this.line(`let ${init} = 0;`);
    if (cold) this.line(`if (${this.chance(cold.probability)}) ${init} = ${this.sample(cold.init)};`);
    const billed = this.fresh('b');
    this.line(`const ${billed} = Math.ceil(${init} + Math.min(${durationMs}, ${this.num(fn.timeoutMs)}));`);
    this.line(`v[${F.invocations}]++; v[${F.billed}] += ${billed};`);
    this.line(`v[${F.initMbMs}] += ${init} * ${this.num(fn.memoryMb)}; v[${F.mbMs}] += (${billed} - ${init}) * ${this.num(fn.memoryMb)};`);
    this.line(`v[${F.storageMbMs}] += ${billed} * ${this.num(fn.extraStorageMb)};`);
    if (fnOf === 'task' && node.singleFunctionScale !== 1) {
      this.line(`v[${F.singleBilled}] += ${singleMs} === ${durationMs} ? ${billed} : Math.ceil(${init} + Math.min(${singleMs}, ${this.num(fn.timeoutMs)}));`);
    } else {
      this.line(`v[${F.singleBilled}] += ${billed};`);
    }
    const ratio = this.fresh('r');
    this.line(`const ${ratio} = ${durationMs} / ${this.num(fn.timeoutMs)}; if (${ratio} > v[${F.taskTimeoutRatio}]) v[${F.taskTimeoutRatio}] = ${ratio};`);
    this.compute(singleMs);
  }

  private task(node: CompiledState, sl: string, ss: string, err: string, overhead: number): boolean {
    const retrier = node.retriers.find((r) => errorMatches(r.errorEquals, node.error));
    const canFail = this.mayFail(node);
    if (!retrier || !canFail) {
      this.taskAttempt(node, sl, ss, err, overhead);
      return canFail;
    }
    // The Retrier that takes the task's error (each task raises one error): retry after its delays.
    const k = this.fresh('k');
    const l2 = this.fresh('L');
    const s2 = this.fresh('S');
    this.line(`let ${l2} = 0, ${s2} = 0;`);
    this.block(`for (let ${k} = 0; ; ${k}++)`, () => {
      const al = this.fresh('al');
      const as = this.fresh('as');
      this.line(`let ${al} = 0, ${as} = 0;`);
      this.taskAttempt(node, al, as, err, overhead);
      this.line(`${l2} += ${al}; ${s2} += ${as};`);
      this.line(`if (${err} === 0 || ${k} >= ${this.num(retrier.maxAttempts)} || ${s2} > ${this.num(RETRY_HORIZON_MS)}) break;`);
      const delay = this.fresh('d');
      const sfnDelay = this.fresh('ds');
      const jittered = retrier.fullJitter ? 'let' : 'const';
      const delayOf = (r: Retrier) => `Math.min(${this.num(r.intervalMs)} * Math.pow(${this.num(r.backoffRate)}, ${k}), ${this.num(r.maxDelayMs)}, ${this.num(RETRY_HORIZON_MS)})`;
      this.line(`${jittered} ${delay} = ${delayOf(retrier)};`);
      // issue 15.10: the Step Functions clock waits whole seconds (retry-delay.ts).
      if (waitsExactly(retrier)) this.line(`${jittered} ${sfnDelay} = ${delay};`);
      else this.line(`${jittered} ${sfnDelay} = ${delayOf(stepFunctionsRetrier(retrier))};`);
      if (retrier.fullJitter) {
        const u = this.fresh('u');
        this.line(`const ${u} = ${UNIFORM}; ${delay} *= ${u}; ${sfnDelay} *= ${u};`);
      }
      this.line(`${l2} += ${delay}; ${s2} += ${sfnDelay}; v[${F.retries}]++;`);
      this.line(`if (${delay} > 0) stretch = 0;`);
      this.line(`${err} = 0;`);
    });
    this.line(`${sl} = ${l2}; ${ss} = ${s2};`);
    return true;
  }

  private taskAttempt(node: CompiledState, sl: string, ss: string, err: string, overhead: number): void {
    const d = this.fresh('d');
    const single = this.fresh('x');
    const init = this.fresh('i');
    this.line(`v[${F.transitions}]++;`);
    this.line(`const ${d} = ${this.sample(node.duration!)};`);
    this.line(`const ${single} = ${node.singleFunctionScale === 1 ? d : `${d} * ${this.num(node.singleFunctionScale)}`};`);
    if (node.fn) this.invoke(node, d, single, init, 'task');
    else this.line(`const ${init} = 0;`);
    const service = node.serviceFn;
    if (service) {
      // A call a chain step's function would wait for (issue 18.3).
      const ratio = this.fresh('r');
      this.line(`v[${F.serviceCalls}]++; v[${F.serviceCallMbMs}] += Math.ceil(Math.min(${d}, ${this.num(service.timeoutMs)})) * ${this.num(service.memoryMb)};`);
      this.line(`const ${ratio} = ${d} / ${this.num(service.timeoutMs)}; if (${ratio} > v[${F.serviceCallTimeoutRatio}]) v[${F.serviceCallTimeoutRatio}] = ${ratio};`);
    }
    const pattern = node.pattern;
    const waits = pattern !== 'request' || node.wait !== undefined;
    this.line(`v[${F.history}] += ${pattern === 'sync' || pattern === 'callback' ? 4 : 3};`);
    const w = this.fresh('w');
    if (waits) {
      this.line(`const ${w} = ${node.wait ? this.sample(node.wait) : '0'};`);
      if (pattern === 'callback' || pattern === 'activity') {
        this.line(`v[${F.callbacks}]++;`);
        this.suspend(w, false);
      }
      if (pattern === 'sync') this.line(`v[${F.syncJobs}]++;`);
    }
    const failed = this.fresh('f');
    this.line(`const ${failed} = ${this.chance(node.failureRate)};`);
    const busy = waits ? `(${d} + ${w})` : d;
    if (node.timeoutMs !== Infinity || node.heartbeatMs !== Infinity) {
      const r = this.fresh('r');
      this.line(`const ${r} = ${busy} / ${this.num(node.timeoutMs)}; if (${r} > v[${F.stateTimeoutRatio}]) v[${F.stateTimeoutRatio}] = ${r};`);
      const hb = this.fresh('r');
      this.line(`const ${hb} = ${busy} / ${this.num(node.heartbeatMs)}; if (${hb} > v[${F.heartbeatRatio}]) v[${F.heartbeatRatio}] = ${hb};`);
    }
    this.line(`${sl} = ${waits ? `${single} + ${w}` : single}; ${ss} = ${init} + ${busy} + ${this.num(overhead)};`);
    if (this.mayFail(node)) this.line(`${err} = ${failed} ? ${this.error(node.error)} : 0;`);
  }

  private poll(node: CompiledState, sl: string, ss: string, overhead: number): void {
    const duration = this.fresh('p');
    const rounds = this.fresh('n');
    const simulated = this.fresh('m');
    const counts = this.counts.push(node.counts) - 1;
    const l = this.fresh('L');
    const s = this.fresh('S');
    const interval = this.num(node.intervalMs);
    this.line(`const ${duration} = ${this.sample(node.duration!)};`);
    this.line(`const ${rounds} = Math.max(1, Math.ceil(${duration} / ${interval}));`);
    this.line(`const ${simulated} = ${rounds} > ${POLL_ROUNDS_SIMULATED} ? ${POLL_ROUNDS_SIMULATED} : ${rounds};`);
    this.line(`if (${simulated} < ${rounds}) record.snapshotCounts(COUNTS[${counts}]);`);
    this.line(`let ${l} = 0, ${s} = 0;`);
    this.block(`for (let round = 0; round < ${simulated}; round++)`, () => {
      const check = this.fresh('c');
      this.line(`const ${check} = ${this.sample(node.checkDuration!)};`);
      this.line(`v[${F.transitions}] += 2;`);
      this.line(`v[${F.waits}]++; if (${interval} > ${this.num(LONG_WAIT_MS)}) v[${F.longWaits}]++; stretch = 0;`);
      if (node.intervalMs > this.plan.durableKeepWarmMs) this.line(`v[${F.coldResumes}]++;`);
      this.line(`v[${F.history}] += 9;`);
      const init = this.fresh('i');
      this.invoke(node, check, check, init, 'check');
      this.line(`v[${F.transitions}]++;`);
      this.line(`${l} += ${interval} + ${check}; ${s} += ${interval} + ${init} + ${check} + 3 * ${this.num(overhead)};`);
    });
    this.block(`if (${simulated} < ${rounds})`, () => {
      this.line(`record.addCountsSince(COUNTS[${counts}], (${rounds} - ${simulated}) / ${simulated});`);
      this.line(`${l} *= ${rounds} / ${simulated}; ${s} *= ${rounds} / ${simulated};`);
    });
    this.line(`${sl} = ${l}; ${ss} = ${s};`);
  }

  private choice(node: CompiledState, scope: CompiledScope, sl: string, ss: string, err: string, overhead: number): boolean {
    const u = this.fresh('u');
    const l = this.fresh('L');
    const s = this.fresh('S');
    this.line(`v[${F.transitions}]++;`);
    this.line(`const ${u} = ${UNIFORM};`);
    this.line(`v[${F.history}] += 2;`);
    this.line(`let ${l} = 0, ${s} = 0;`);
    const last = node.targets.length - 1;
    let canErr = false;
    const region = (b: number) => {
      canErr = regionCanFail(scope, node.targets[b]!, node.join, new Set<number>(), this.numbers.asData) || canErr;
      this.chain(scope, node.targets[b]!, node.join, l, s, err, this.fresh('region'), false);
    };
    if (last <= 0) {
      if (last === 0) region(0);
    } else {
      for (let b = 0; b <= last; b++) {
        const head = b === 0 ? `if (${u} < ${this.num(node.cumulative[b]!)})` : b < last ? `else if (${u} < ${this.num(node.cumulative[b]!)})` : 'else';
        this.block(head, () => region(b));
      }
    }
    this.line(`${sl} = ${l}; ${ss} = ${s} + ${this.num(overhead)};`);
    return canErr;
  }

  private parallel(node: CompiledState, sl: string, ss: string, overhead: number): void {
    const lm = this.fresh('L');
    const sm = this.fresh('S');
    const st0 = this.fresh('st');
    const st1 = this.fresh('st');
    const err = this.fresh('e');
    this.line(`v[${F.transitions}]++; v[${F.history}] += 2;`);
    this.line(`let ${lm} = 0, ${sm} = 0, ${err} = 0;`);
    this.line(`const ${st0} = stretch; let ${st1} = ${st0};`);
    for (const branch of node.branches) {
      const lb = this.fresh('L');
      const sb = this.fresh('S');
      this.line(`stretch = ${st0}; v[${F.units}]++;`);
      this.line(`let ${lb} = 0, ${sb} = 0;`);
      this.chain(branch, branch.startAt, END_OF_SCOPE, lb, sb, err, this.fresh('branch'), false);
      this.line(`if (stretch > ${st1}) ${st1} = stretch;`);
      this.line(`if (${lb} > ${lm}) ${lm} = ${lb}; if (${sb} > ${sm}) ${sm} = ${sb};`);
    }
    this.line(`stretch = ${st1};`);
    this.line(`${sl} = ${lm}; ${ss} = ${sm} + ${this.num(overhead)};`);
  }

  private map(node: CompiledState, sl: string, ss: string, overhead: number): void {
    const all = this.fresh('all');
    const items = this.fresh('items');
    const sched = this.schedules.push(node.schedule) - 1;
    const counts = this.counts.push(node.counts) - 1;
    const st0 = this.fresh('st');
    const st1 = this.fresh('st');
    const l = this.fresh('L');
    const s = this.fresh('S');
    const err = this.fresh('e');
    const n = this.fresh('n');
    this.line(`v[${F.transitions}]++; v[${F.history}] += 2;`);
    this.line(`const ${n} = Math.round(${this.sample(node.items!)});`);
    this.line(`const ${all} = ${n} < ${this.num(node.minItems)} ? ${this.num(node.minItems)} : ${n} > ${this.num(node.maxItems)} ? ${this.num(node.maxItems)} : ${n};`);
    this.line(`const ${items} = ${all} > ${MAP_ITEMS_SIMULATED} ? ${MAP_ITEMS_SIMULATED} : ${all};`);
    this.line(`if (${items} < ${all}) record.snapshotCounts(COUNTS[${counts}]);`);
    this.line(`MAPS[${sched}].start(${this.num(node.functionWave)});`);
    // Inside one function each wave of items starts where the slowest of the wave before ended.
    this.line(`let ${st0} = stretch, ${st1} = ${st0}, ${err} = 0;`);
    this.block(`for (let item = 0; item < ${items}; item++)`, () => {
      const slot = this.fresh('slot');
      const li = this.fresh('L');
      const si = this.fresh('S');
      this.line(`const ${slot} = MAPS[${sched}].nextSlot();`);
      this.line(`if (item > 0 && item % ${this.num(node.functionWave)} === 0) ${st0} = ${st1};`);
      this.line(`v[${F.units}]++; v[${F.history}] += 2; stretch = ${st0};`);
      this.line(`let ${li} = 0, ${si} = 0;`);
      const processor = node.processor!;
      this.chain(processor, processor.startAt, END_OF_SCOPE, li, si, err, this.fresh('item'), false);
      this.line(`if (stretch > ${st1}) ${st1} = stretch;`);
      this.line(`MAPS[${sched}].finish(${slot}, ${li}, ${si});`);
    });
    this.line(`let ${l} = MAPS[${sched}].totalLambdaMs(), ${s} = MAPS[${sched}].totalSfnMs();`);
    this.block(`if (${items} < ${all})`, () => {
      const scale = this.fresh('k');
      this.line(`const ${scale} = ${all} / ${items};`);
      this.line(`record.addCountsSince(COUNTS[${counts}], ${scale} - 1);`);
      this.line(`${l} *= Math.ceil(${all} / ${this.num(node.functionWave)}) / Math.ceil(${items} / ${this.num(node.functionWave)});`);
      this.line(`${s} *= ${scale};`);
    });
    this.line(`stretch = ${st1};`);
    this.line(`${sl} = ${l}; ${ss} = ${s} + ${this.num(overhead)};`);
  }
}

/** Whether a Choice branch can end in an error (a Fail state or a task that can fail; `anyTask`: any task, Emitter.mayFail). */
function regionCanFail(scope: CompiledScope, from: number, stop: number, seen: Set<number>, anyTask: boolean): boolean {
  for (let i = from; i !== stop && i !== END_OF_SCOPE && !seen.has(i); ) {
    seen.add(i);
    const node = scope.states[i]!;
    if (node.kind === 'fail' || (node.kind === 'task' && (node.failureRate > 0 || anyTask))) return true;
    if (node.kind === 'choice') {
      if (node.targets.some((t) => regionCanFail(scope, t, node.join, new Set(seen), anyTask))) return true;
      i = node.join;
      continue;
    }
    i = node.next;
  }
  return false;
}

/** Blocks up to this many are zeroed one store each, more in a loop (a machine of hundreds of top-level states). */
const BLOCKS_WRITTEN_OUT = 32;

/**
 * The record fields a run updates, kept in local variables (`v3` for `v[3]`) and written to the
 * record once, at the end of the run: a local stays in a register where an element of the record's
 * Float64Array is loaded and stored at every update. Around the two calls that read or scale the
 * record's counts (a huge Map's or a long poll's subset scaled up), the locals are written before
 * and, after the scaling, read back. The same additions in the same order: the same doubles. When
 * the source indexes the record other than by a literal, it is left as it is.
 *
 * The record is then reset here rather than by `record.reset()` (a loop over every field and
 * block): the locals start at 0, only the fields the run never writes are zeroed in the record
 * (the locals overwrite the others at the end), and each block's three figures, one store each.
 */
function fieldsInLocals(body: string, recordFields: number, blocks: number): string {
  // A use of the record other than by a literal index (`v[i]`): left as it is.
  if (/(?<![\w$.])v\[(?!\d+\])/.test(body)) return body;
  const used = new Set<number>();
  const renamed = body.replace(/(?<![\w$.])v\[(\d+)\]/g, (_, digits: string) => {
    used.add(Number(digits));
    return `v${digits}`;
  });
  if (used.size === 0) return body;
  const fields = [...used].sort((a, b) => a - b);
  const write = fields.map((f) => `v[${f}] = v${f};`).join(' ');
  const read = fields.map((f) => `v${f} = v[${f}];`).join(' ');
  const untouched = Array.from({ length: recordFields }, (_, f) => f).filter((f) => !used.has(f));
  const reset = [
    'record.execution++;',
    ...(untouched.length > 0 ? [untouched.map((f) => `v[${f}] = 0;`).join(' ')] : []),
    ...(blocks > BLOCKS_WRITTEN_OUT
      ? [`for (let b = 0; b < ${blocks}; b++) { blockSfn[b] = 0; blockT[b] = 0; blockH[b] = 0; }`]
      : blocks > 0
        ? [Array.from({ length: blocks }, (_, b) => `blockSfn[${b}] = 0; blockT[${b}] = 0; blockH[${b}] = 0;`).join(' ')]
        : []),
    `let ${fields.map((f) => `v${f} = 0`).join(', ')};`,
  ];
  const out: string[] = [];
  // Only the lines that call the record change (a few of hundreds).
  for (const line of renamed.split('\n')) {
    if (!line.includes('record.')) {
      out.push(line);
      continue;
    }
    const indent = line.slice(0, line.length - line.trimStart().length);
    if (line.includes('record.snapshotCounts(')) out.push(`${indent}${write}`, line);
    else if (line.includes('record.addCountsSince(')) out.push(`${indent}${write}`, line, `${indent}${read}`);
    else if (line.trim() === 'record.reset();') out.push(...reset.map((text) => `${indent}${text}`));
    else out.push(line);
  }
  out.push(`  ${write}`);
  return out.join('\n');
}

/** The source of a plan's run function (for `--dump-code` and the tests); undefined when not compilable. */
export function generateSource(plan: Plan, numbersAsData = false): { source: string; emitter: Emitter } | undefined {
  if (notCompilable(plan) !== undefined) return undefined;
  const emitter = new Emitter(plan, numbersAsData);
  const machineTimeout = plan.machineTimeoutMs;
  emitter.line('record.reset();');
  emitter.line(`v[${F.history}] = 2;`);
  const cold = plan.singleFunctionColdStart;
  if (cold) emitter.line(`if (${emitter.chance(cold.probability)}) v[${F.singleInit}] = ${emitter.sample(cold.init)};`);
  // `fromFail`: the error that ends the execution was a Fail state's (issue 15.7; nothing catches in compiled code, so it is the last one set).
  emitter.line('let stretch = 0, L = 0, S = 0, err = 0, fromFail = 0;');
  emitter.chain(plan.root, plan.root.startAt, END_OF_SCOPE, 'L', 'S', 'err', 'root', true);
  emitter.line(`if (err !== 0) { v[${F.failed}] = 1; if (fromFail === 1) v[${F.endedInFailState}] = 1; else v[${F.failedAfterRetries}] = 1; }`);
  emitter.line(`v[${F.lambdaWall}] = L; v[${F.sfnWall}] = S;`);
  if (machineTimeout !== Infinity) {
    emitter.line(`const ratio = S / ${emitter.num(machineTimeout)}; if (ratio > v[${F.stateTimeoutRatio}]) v[${F.stateTimeoutRatio}] = ratio;`);
  }
  const body = fieldsInLocals(emitter.source(), RECORD_FIELDS.length, plan.blocks);
  const tables = '{ rnd, record, v, blockSfn, blockT, blockH, samplers: SAMPLERS, schedules: MAPS, counts: COUNTS, constants: K }';
  // With numbersAsData (the engine `compiled-shared`), one instance of this source serves every
  // cell of a sweep: `use` points it at a cell's tables (generated-functions.ts).
  const source = numbersAsData
    ? `'use strict';\n` +
      `let rnd, record, v, blockSfn, blockT, blockH, SAMPLERS, MAPS, COUNTS, K;\n` +
      `function use(tables) {\n  (${tables} = tables);\n}\n` +
      `function run() {\n${body}\n}\n` +
      'return { use, run };'
    : `'use strict';\n` + `const ${tables} = tables;\n` + `return function run() {\n${body}\n};`;
  return { source, emitter };
}

/** The compiled run function of a plan on `random` into `record`, or undefined (the interpreter runs the plan). */
export function generateRunner(plan: Plan, random: Random, record: ExecutionRecord, numbersAsData = false): GeneratedRunner | undefined {
  const generated = generateSource(plan, numbersAsData);
  if (!generated) return undefined;
  record.trackBlocks(plan.blocks);
  const { emitter, source } = generated;
  const tables: SideTables = {
    rnd: random,
    record,
    v: record.values,
    blockSfn: record.blockSfnMs,
    blockT: record.blockTransitions,
    blockH: record.blockHistoryEvents,
    samplers: emitter.samplers,
    schedules: emitter.schedules,
    counts: emitter.counts,
    errors: emitter.errors,
    constants: Float64Array.from(emitter.constants),
  };
  // Only numbers and table indexes are in the source (see the module comment). One factory per
  // source text (generated-functions.ts): runners of the same source share optimized code.
  if (numbersAsData) {
    const instance = generatedInstance<{ use(tables: SideTables): void; run(): void }>(withKnownNumbers(source, tables.constants));
    return { source, run: instance.run, activate: () => instance.use(tables) };
  }
  return { source, run: generatedFunction<SideTables, () => void>(source)(tables), activate: () => {} };
}
