/**
 * Generated source compiled once per text.
 *
 * Calling `new Function` again with the same text gives a new function whose closures start with
 * no feedback: V8 interprets them and optimizes them again. Even one factory called again creates
 * new closures of its inner functions, and V8's optimized code for the first closure (specialized
 * to its context) does not serve the second: the first three cells of the 10 × 10 map in bench/
 * took 150–200 ms each, the others 25. So the engine `compiled-shared` (sweeps, decision maps)
 * keeps one instance per source, whose functions are used again with each cell's tables
 * (`use(tables)`): one set of closures for the whole process, optimized once.
 */
import { numberLiteral } from './source-numbers.js';

const MAX_KEPT = 32;

/** The instances of the last MAX_KEPT sources, the one used longest ago first (it is the one dropped). */
const instances = new Map<string, unknown>();

/**
 * `new Function(source)()`, once per source (the last MAX_KEPT sources): the same instance, and
 * so the same closures, for the same text. `new Function` returns an untyped Function: its type
 * is the one its source gives it, which the caller states as `Instance`.
 */
export function generatedInstance<Instance>(source: string): Instance {
  const instance: unknown = instances.get(source) ?? new Function(source)();
  keepRecent(instances, source, instance);
  return instance as Instance;
}

/** Sets `key` in `kept` as the one used last, dropping the one used longest ago past MAX_KEPT. */
function keepRecent<Value>(kept: Map<string, Value>, key: string, value: Value): void {
  kept.delete(key);
  const oldest = kept.keys().next();
  if (kept.size >= MAX_KEPT && !oldest.done) kept.delete(oldest.value);
  kept.set(key, value);
}

/** `new Function('tables', source)`, a new function each time (its closures specialized to these tables). */
export function generatedFunction<Tables, Result>(source: string): (tables: Tables) => Result {
  return new Function('tables', source) as (tables: Tables) => Result;
}

/**
 * Numbers the engine `compiled-shared` may write in as literals. Its source reads every number
 * from `K`, so every cell of a sweep or map shares one function; but most of those numbers are the
 * same in every cell (only the swept parameters' differ), and a literal lets V8 fold what `K[i]`
 * cannot (`x * 0`, `0 > 0 && …`, a division by a constant). A sweep learns, before its first cell,
 * which numbers its probed cells agree on (`learnKnownNumbers`); a cell's source then writes those
 * as literals where its own number is that one (`withKnownNumbers`). A cell whose number differs
 * keeps `K[i]` there: another source, compiled for it, never a wrong number (and after
 * MAX_VARIANTS such sources, the plain `K` form: a guess that keeps missing costs little).
 * Numbers only: the text substituted is `K[<digits>]`, the literal numberLiteral's.
 */
interface Learned {
  /** By slot of `K`: the number every learned cell has there, or undefined. */
  readonly known: readonly (number | undefined)[];
  /** The slots that have a known number. */
  readonly slots: readonly number[];
  /** The source of a cell that has every known number (made once). */
  agreeing?: string;
  /** The sources made so far, `agreeing` included. */
  readonly variants: Set<string>;
}
const knownNumbers = new Map<string, Learned>();
const MAX_VARIANTS = 3;

/** A generated source in its `K` form and the numbers of one cell, by slot of `K`. */
export interface SharedSource {
  readonly source: string;
  readonly constants: ArrayLike<number>;
}

/**
 * Learns, for each source two or more of `cells` have, the numbers they all have at each slot of
 * `K` (the last MAX_KEPT sources). A source only one cell has says nothing of what varies.
 */
export function learnKnownNumbers(cells: readonly SharedSource[]): void {
  const bySource = new Map<string, ArrayLike<number>[]>();
  for (const { source, constants } of cells) bySource.set(source, [...(bySource.get(source) ?? []), constants]);
  for (const [source, all] of bySource) {
    if (all.length < 2) continue;
    const first = all[0]!;
    const known = Array.from(first, (value, slot) => (all.every((c) => Object.is(c[slot], value)) ? value : undefined));
    const slots = known.flatMap((value, slot) => (value === undefined ? [] : [slot]));
    keepRecent(knownNumbers, source, { known, slots, variants: new Set<string>() });
  }
}

/** `source` with the known numbers that `constants` has too written in as literals (unchanged when nothing is known of it). */
export function withKnownNumbers(source: string, constants: ArrayLike<number>): string {
  const learned = knownNumbers.get(source);
  if (!learned) return source;
  const { known, slots, variants } = learned;
  const agrees = slots.every((slot) => Object.is(constants[slot], known[slot]));
  if (agrees && learned.agreeing !== undefined) return learned.agreeing;
  const text = source.replace(/(?<![\w$])K\[(\d+)\]/g, (slotText, digits: string) => {
    const slot = Number(digits);
    const value = known[slot];
    return value !== undefined && Object.is(constants[slot], value) ? numberLiteral(value) : slotText;
  });
  if (variants.has(text)) return text;
  if (variants.size >= MAX_VARIANTS) return source;
  variants.add(text);
  if (agrees) learned.agreeing = text;
  return text;
}
