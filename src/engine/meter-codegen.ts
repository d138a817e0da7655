/**
 * The metering of one execution as generated straight-line code (issue 19): after the runner has
 * filled the record, every per-execution value (a record field, a meter's or a limit's function)
 * is read or called once, sketched where a percentile is reported, summed into each
 * architecture's meters, priced into its cost sketch and compared with its limits.
 *
 * The loop it replaces (ChunkSimulator's generic path, kept for the pilot) calls every function
 * from one call site and walks index arrays: the call site sees twenty closures, so none is
 * inlined and every double it returns is boxed (a heap allocation per call). Here each function is
 * called from a call site of its own, V8 inlines it and its record getters, and values stay in
 * registers. Only numbers enter the source (slot and field indexes, divisors, limits); functions,
 * sketches and arrays are passed in a side table. The arithmetic is the generic loop's, operation
 * for operation and in the same order, so the report is the same to the bit.
 */
import type { ExecutionRecord } from './execution.js';
import type { QuantileSketch } from './quantiles.js';
import { generatedFunction, generatedInstance, withKnownNumbers } from './generated-functions.js';
import { SourceNumbers } from './source-numbers.js';

export interface MeterLayout {
  /** Slots read straight from a record field (in evaluation order). */
  readonly fields: readonly { readonly slot: number; readonly field: number; readonly divisor: number; readonly sketch: QuantileSketch | undefined }[];
  /** Slots computed by calling a function (in evaluation order, after the fields). */
  readonly calls: readonly { readonly slot: number; readonly fn: (record: ExecutionRecord) => number; readonly sketch: QuantileSketch | undefined }[];
  /** Slots of constants, with their values. */
  readonly constants: readonly { readonly slot: number; readonly value: number }[];
  readonly architectures: readonly {
    readonly meterSlots: Int32Array;
    readonly sums: Float64Array;
    readonly costUsd: QuantileSketch;
    /** Limits checked per execution: the slot observed and the value it must not pass. */
    readonly limits: readonly { readonly index: number; readonly slot: number; readonly limit: number }[];
    readonly exceeded: Float64Array;
  }[];
}

/** Meters one execution (already run into `record`) at the unit rates it was bound to. */
export type MeterExecution = (record: ExecutionRecord) => void;

/**
 * The generated metering: `bind` it to the month's unit rates (one Float64Array per architecture);
 * `flush` adds the values it holds back to their sketches (call it before reading any sketch).
 */
export interface GeneratedMeter {
  readonly bind: (rates: readonly Float64Array[]) => MeterExecution;
  /** Meters one execution before the rates are known (the pilot): writes its quantities into `into` from `at` on, prices nothing. */
  readonly keep: KeepExecution;
  readonly flush: () => void;
  /** Points the generated code at this meter's sketches, sums and numbers: call it before metering, after any other meter of the same source has metered (and flushed). */
  readonly activate: () => void;
  readonly source: string;
}

/**
 * The pilot's metering (simulate.ts, `Pilot`): sketches, sums and limits as `bind`'s function does,
 * but every meter's quantity is written into `into` (architectures in order, meters in order)
 * instead of being priced. Returns where the next execution's quantities go.
 */
export type KeepExecution = (record: ExecutionRecord, into: Float64Array, at: number) => number;

type MeterFunctions = Omit<GeneratedMeter, 'source' | 'activate'>;

/**
 * Values bound for a sketch wait in a buffer of this many, one per sketch, and are added in one
 * tight loop (QuantileSketch.addBatch, where V8 inlines the whole add): an add called from the
 * long generated function is not inlined and costs five times as much. Same values, same order
 * per sketch: the same sketch, bit for bit.
 */
export const SKETCH_BATCH = 512;

export function generateMeter(layout: MeterLayout, numbersAsData = false): GeneratedMeter {
  const { source, constants } = meterSource(layout, numbersAsData);
  const tables: MeterTables = {
    fns: layout.calls.map((c) => c.fn),
    fieldSketches: layout.fields.map((f) => f.sketch),
    callSketches: layout.calls.map((c) => c.sketch),
    sums: layout.architectures.map((a) => a.sums),
    costs: layout.architectures.map((a) => a.costUsd),
    exceeded: layout.architectures.map((a) => a.exceeded),
    constants,
  };
  const shown = constants.length === 0 ? source : `// K, the layout's numbers: [${[...constants].join(', ')}]\n${source}`;
  if (numbersAsData) {
    // One instance per source for every cell of a sweep (generated-functions.ts); its buffers are
    // empty between two runs of samples (the simulator flushes them), so it can change tables then.
    // The rates it was bound to are set again with the tables.
    const instance = generatedInstance<MeterFunctions & { use(tables: MeterTables): void }>(withKnownNumbers(source, constants));
    let rates: readonly Float64Array[] | undefined;
    const bind = (bound: readonly Float64Array[]) => instance.bind((rates = bound));
    const activate = () => {
      instance.use(tables);
      if (rates) instance.bind(rates);
    };
    return { bind, keep: instance.keep, flush: instance.flush, activate, source: shown };
  }
  const { bind, keep, flush } = generatedFunction<MeterTables, MeterFunctions>(source)(tables);
  return { bind, keep, flush, activate: () => {}, source: shown };
}

interface MeterTables {
  readonly fns: readonly ((record: ExecutionRecord) => number)[];
  readonly fieldSketches: readonly (QuantileSketch | undefined)[];
  readonly callSketches: readonly (QuantileSketch | undefined)[];
  readonly sums: readonly Float64Array[];
  readonly costs: readonly QuantileSketch[];
  readonly exceeded: readonly Float64Array[];
  readonly constants: Float64Array;
}

const CALLS_PER_GROUP = 3;

function int(x: number): string {
  if (!Number.isSafeInteger(x) || x < 0) throw new Error(`internal: ${x} is not an index`);
  return String(x);
}

/** The generated source (for tests and `--dump-code`). */
export function meterSource(layout: MeterLayout, numbersAsData = false): { source: string; constants: Float64Array } {
  // With numbersAsData, numbers (constants, divisors, limits) are read from K, one slot per use: the
  // source depends on the layout's shape only, so the cells of a sweep share one compiled metering
  // (the engine `compiled-shared`, simulate.ts). Else they are written in, as literals.
  const numbers = new SourceNumbers(numbersAsData, 'a meter layout');
  const num = (value: number): string => numbers.text(value);
  // Every per-execution value lives in one Float64Array (`xs`, by slot), so that no double is boxed
  // on its way out of a call; sketched values, each architecture's cost too, go through their buffers.
  const slots = Math.max(-1, ...layout.fields.map((f) => f.slot), ...layout.calls.map((c) => c.slot), ...layout.constants.map((c) => c.slot)) + 1;
  // What depends on the tables: declared `const` here, or (numbersAsData: one instance serves every
  // cell of a sweep, generated-functions.ts) declared `let` and set by `use(tables)`.
  const lets: string[] = [];
  const uses: string[] = [];
  const outer: string[] = ["'use strict';"];
  const tableNames = '{ fns, fieldSketches, callSketches, sums, costs, exceeded, constants: K }';
  if (numbersAsData) {
    lets.push('fns', 'fieldSketches', 'callSketches', 'sums', 'costs', 'exceeded', 'K');
    uses.push(`(${tableNames} = tables);`);
  } else outer.push(`const ${tableNames} = tables;`);
  const declare = (name: string, value: string) => {
    if (numbersAsData) {
      lets.push(name);
      uses.push(`${name} = ${value};`);
    } else outer.push(`const ${name} = ${value};`);
  };
  outer.push(`const xs = new Float64Array(${int(slots)});`);
  const bound: string[] = [];
  // What every execution's metering does first, priced or kept: read and call, sketch.
  const values: string[] = [];
  const priced: string[] = [];
  const kept: string[] = [];
  const x = (slot: number) => `xs[${int(slot)}]`;
  for (const c of layout.constants) (numbersAsData ? uses : outer).push(`${x(c.slot)} = ${num(c.value)};`);
  // Each sketch's values wait in a buffer (SKETCH_BATCH); `p` is the execution's place in them,
  // `pc` its place in the cost buffers (the pilot's executions are priced later, not through them).
  outer.push('let p = 0, pc = 0;');
  const flushes: string[] = [];
  const buffered = (sketch: string, value: string, into: string[], index = 'p') => {
    outer.push(`const b${sketch} = new Float64Array(${int(SKETCH_BATCH)});`);
    into.push(`b${sketch}[${index}] = ${value};`);
    flushes.push(`${sketch}.addBatch(b${sketch}, ${index});`);
  };
  layout.fields.forEach((f, i) => {
    values.push(`${x(f.slot)} = r[${int(f.field)}]${f.divisor === 1 ? '' : ` / ${num(f.divisor)}`};`);
    if (f.sketch) {
      declare(`fk${i}`, `fieldSketches[${i}]`);
      buffered(`fk${i}`, x(f.slot), values);
    }
  });
  // The functions are called from small functions of CALLS_PER_GROUP calls each: V8 inlines
  // into a function only so much, and a function it does not inline returns its double boxed.
  const groups: string[][] = [];
  layout.calls.forEach((c, i) => {
    declare(`f${i}`, `fns[${i}]`);
    if (i % CALLS_PER_GROUP === 0) groups.push([]);
    const group = groups[groups.length - 1]!;
    group.push(`${x(c.slot)} = f${i}(record);`);
    if (c.sketch) {
      declare(`ck${i}`, `callSketches[${i}]`);
      buffered(`ck${i}`, x(c.slot), group);
    }
  });
  groups.forEach((group, g) => {
    outer.push(`function calls${g}(record) {\n${group.map((line) => `  ${line}`).join('\n')}\n}`);
    values.push(`calls${g}(record);`);
  });
  layout.architectures.forEach((a, i) => {
    declare(`s${i}`, `sums[${i}]`);
    declare(`c${i}`, `costs[${i}]`);
    declare(`e${i}`, `exceeded[${i}]`);
    bound.push(numbersAsData ? `r${i} = rates[${i}];` : `const r${i} = rates[${i}];`);
    for (const lines of [priced, kept]) {
      lines.push(`// architecture ${i}`);
      a.meterSlots.forEach((slot, m) => lines.push(`s${i}[${int(m)}] += ${x(slot)};`));
    }
    priced.push(`let cost${i} = 0;`);
    a.meterSlots.forEach((slot, m) => priced.push(`cost${i} += ${x(slot)} * r${i}[${int(m)}];`));
    buffered(`c${i}`, `cost${i}`, priced, 'pc');
    a.meterSlots.forEach((slot) => kept.push(`into[at++] = ${x(slot)};`));
    for (const lines of [priced, kept]) {
      for (const l of a.limits) lines.push(`if (${x(l.slot)} > ${num(l.limit)}) e${i}[${int(l.index)}]++;`);
    }
  });
  const indent = (lines: string[], depth: number) => lines.map((line) => '  '.repeat(depth) + line).join('\n');
  priced.push(`++pc;`, `if (++p === ${int(SKETCH_BATCH)}) flush();`);
  kept.push(`if (++p === ${int(SKETCH_BATCH)}) flush();`, 'return at;');
  const meter = (depth: number) => `function meter(record) {\n${indent(['const r = record.values;', ...values, ...priced], depth + 1)}\n${'  '.repeat(depth)}}`;
  const restart = '  p = 0;\n  pc = 0;';
  const flush = `function flush() {\n${indent(flushes, 1)}\n${restart}\n}`;
  const keep = `function keep(record, into, at) {\n  const r = record.values;\n${indent([...values, ...kept], 1)}\n}`;
  const source = (
    numbersAsData
      ? [
          outer[0],
          `let ${[...lets, ...layout.architectures.map((_, i) => `r${i}`)].join(', ')};`,
          ...outer.slice(1),
          // (Buffers are empty between runs; a run cut short by an error leaves nothing for the next.)
          `function use(tables) {\n${indent(uses, 1)}\n${restart}\n}`,
          flush,
          meter(0),
          `function bind(rates) {\n${indent(bound, 1)}\n  return meter;\n}`,
          keep,
          'return { use, bind, keep, flush };',
        ]
      : [...outer, flush, `function bind(rates) {\n${indent(bound, 1)}\n  return ${meter(1).trimStart()};\n}`, keep, 'return { bind, keep, flush };']
  ).join('\n');
  return { source, constants: Float64Array.from(numbers.constants) };
}
