/**
 * Streaming quantiles in bounded memory: a log-linear histogram (the HDR-histogram idea) with a
 * guaranteed relative error. A value's bucket is read straight from its IEEE-754 bits (exponent
 * and the top SUB_BITS bits of the mantissa), so adding a value costs a store, a load and a shift,
 * no logarithm. Buckets are allocated only over the range of values seen (growing by doubling), so
 * memory depends on the spread of the values, never on how many there are, and the result does not
 * depend on insertion order.
 */
export interface QuantileSummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  quantile(q: number): number;
}

/** A sketch as plain data: what a worker thread sends back (structured-clonable). */
export interface SketchState {
  readonly buckets: Uint32Array;
  readonly offset: number;
  readonly zeroCount: number;
  readonly n: number;
  readonly total: number;
  /** Σ value² (the variance of the mean, issue 15 confidence). */
  readonly squares: number;
  readonly lo: number;
  readonly hi: number;
  readonly integral: boolean;
}

/**
 * Mantissa bits kept per bucket: a bucket is [low, low × (1 + 2^-10)), and its midpoint is within
 * 2^-11 (0.0489%) of every value in it. A sketch of whole numbers (transitions, events, operations)
 * reports lower edges instead: exact below 2,048, where every whole number is a lower edge.
 */
const SUB_BITS = 10;
const HALF_BUCKET = 2 ** -(SUB_BITS + 1);
/** The high 32-bit word of a double: sign, 11 exponent bits, 20 mantissa bits. */
const HIGH_SHIFT = 20 - SUB_BITS;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: word 1
const LOW = 1 - HIGH;

/** Bucket index of a positive finite double: monotone in the value. */
function bucketOf(value: number): number {
  bits[0] = value;
  return words[HIGH]! >>> HIGH_SHIFT;
}

/** The lower edge of bucket `index`: the smallest double in it. */
function lowerEdge(index: number): number {
  words[HIGH] = index << HIGH_SHIFT;
  words[LOW] = 0;
  return bits[0]!;
}

/** Values at or below this are counted as zero (and reported through the exact minimum). */
const MIN_POSITIVE = 1e-15;

/** Sample variance from n, Σx and Σx²: 0 below two values, never negative (rounding of nearly equal values). */
export function sampleVariance(n: number, total: number, squares: number): number {
  if (n < 2) return 0;
  const mean = total / n;
  return Math.max(0, (squares - n * mean * mean) / (n - 1));
}

/** Standard error of the mean from n, Σx and Σx²: √(variance / n). */
export function standardErrorOfMean(n: number, total: number, squares: number): number {
  return n === 0 ? 0 : Math.sqrt(sampleVariance(n, total, squares) / n);
}

export class QuantileSketch implements QuantileSummary {
  /** Counts of bucket indexes offset … offset + buckets.length − 1. */
  private buckets = new Uint32Array(0);
  private offset = 0;
  private zeroCount = 0;
  private n = 0;
  private total = 0;
  private squares = 0;
  private lo = Infinity;
  private hi = -Infinity;
  /** Every value so far was a whole number. */
  private integral = true;

  add(value: number): void {
    this.n++;
    this.total += value;
    this.squares += value * value;
    this.tally(value, 1);
  }

  /** `add(values[i])` for i below `count`, in order (the generated metering's buffered values: meter-codegen.ts). */
  addBatch(values: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) this.add(values[i]!);
  }

  /** `add(value)`, `count` times (the same sketch, bit for bit). */
  addRepeated(value: number, count: number): void {
    if (count <= 0) return;
    for (let i = 0; i < count; i++) {
      this.total += value;
      this.squares += value * value;
    }
    this.n += count;
    this.tally(value, count);
  }

  /** Everything of adding `value` `times` times but the count and the total. */
  private tally(value: number, times: number): void {
    if (value !== Math.floor(value)) this.integral = false;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
    if (!(value > MIN_POSITIVE)) {
      this.zeroCount += times;
      return;
    }
    const slot = this.include(bucketOf(value)); // first: it may replace this.buckets
    this.buckets[slot]! += times;
  }

  /** Widens the bucket range to include `index`; returns its slot. */
  private grow(index: number): number {
    const old = this.buckets;
    if (old.length === 0) {
      this.buckets = new Uint32Array(64);
      this.offset = index - 32;
      return 32;
    }
    const low = Math.min(index, this.offset);
    const high = Math.max(index, this.offset + old.length - 1);
    const size = Math.max(old.length * 2, high - low + 1 + 64);
    const newOffset = index < this.offset ? high - size + 1 : low;
    const grown = new Uint32Array(size);
    grown.set(old, this.offset - newOffset);
    this.buckets = grown;
    this.offset = newOffset;
    return index - newOffset;
  }

  /** Forgets every value, keeping the buckets' memory for the next ones. */
  clear(): void {
    this.buckets.fill(0);
    this.zeroCount = 0;
    this.n = 0;
    this.total = 0;
    this.squares = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.integral = true;
  }

  /** The sketch as plain data (a copy of the buckets in use, from the first non-empty one to the last). */
  toState(): SketchState {
    const { buckets } = this;
    let first = 0;
    let last = buckets.length - 1;
    while (first <= last && buckets[first] === 0) first++;
    while (last >= first && buckets[last] === 0) last--;
    return {
      buckets: buckets.slice(first, last + 1),
      offset: this.offset + first,
      zeroCount: this.zeroCount,
      n: this.n,
      total: this.total,
      squares: this.squares,
      lo: this.lo,
      hi: this.hi,
      integral: this.integral,
    };
  }

  /** Adds another sketch's values. Merging in a fixed order keeps `mean` bit-identical. */
  merge(other: SketchState): void {
    if (other.n === 0) return;
    const { buckets: counts } = other;
    if (counts.length > 0 && this.buckets.length === 0) {
      // Into an empty sketch (a run's totals, its first chunk): a copy of the other's buckets.
      this.buckets = counts.slice();
      this.offset = other.offset;
    } else if (counts.length > 0) {
      // Widened once to hold the other's whole range (its first and last buckets are in use: toState), then added slot by slot.
      this.include(other.offset);
      const start = this.include(other.offset + counts.length - 1) - (counts.length - 1);
      const buckets = this.buckets;
      for (let i = 0; i < counts.length; i++) buckets[start + i]! += counts[i]!;
    }
    this.zeroCount += other.zeroCount;
    this.n += other.n;
    this.total += other.total;
    this.squares += other.squares;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    this.integral &&= other.integral;
  }

  /** The slot of bucket `index`, widening the range to hold it if need be. */
  private include(index: number): number {
    const slot = index - this.offset;
    return slot < 0 || slot >= this.buckets.length ? this.grow(index) : slot;
  }

  get count(): number {
    return this.n;
  }
  /** Σ value (what `mean` divides). */
  get sum(): number {
    return this.total;
  }
  /** Σ value² (what `variance` is computed from). */
  get sumOfSquares(): number {
    return this.squares;
  }
  get mean(): number {
    return this.n === 0 ? 0 : this.total / this.n;
  }
  get min(): number {
    return this.n === 0 ? 0 : this.lo;
  }
  get max(): number {
    return this.n === 0 ? 0 : this.hi;
  }
  /**
   * Sample variance, from Σx and Σx² (both merge by addition, so it is the same bit for bit on any
   * number of threads); 0 below two values, never negative (rounding of nearly equal values).
   */
  get variance(): number {
    return sampleVariance(this.n, this.total, this.squares);
  }
  /** Standard error of the mean: √(variance / n). */
  get standardError(): number {
    return standardErrorOfMean(this.n, this.total, this.squares);
  }

  /** Nearest-rank quantile, clamped to the exact [min, max] seen. */
  quantile(q: number): number {
    return this.quantiles([q])[0]!;
  }

  /**
   * `quantile(q)` for each of `qs`, in one pass over the buckets (a report reads a dozen of one
   * sketch): each rank is looked for from where the one before it was found, so `qs` in ascending
   * order cost one scan; any order gives the same values.
   */
  quantiles(qs: readonly number[]): number[] {
    const { buckets, zeroCount, n } = this;
    const out = new Array<number>(qs.length);
    let i = 0;
    let seen = zeroCount;
    let previous = 0;
    for (let k = 0; k < qs.length; k++) {
      if (n === 0) {
        out[k] = 0;
        continue;
      }
      const rank = Math.max(1, Math.ceil(qs[k]! * n));
      if (rank < previous) {
        i = 0;
        seen = zeroCount;
      }
      previous = rank;
      if (zeroCount >= rank) {
        out[k] = this.lo;
        continue;
      }
      // Bucket i holds the rank-th value once the values below it and in it reach the rank.
      while (i < buckets.length && seen + buckets[i]! < rank) seen += buckets[i++]!;
      if (i === buckets.length) {
        out[k] = this.hi;
        continue;
      }
      out[k] = this.bucketValue(i);
    }
    return out;
  }

  /** What a rank found in slot `slot` reads as: its lower edge (whole numbers) or midpoint, within the exact [min, max]. */
  private bucketValue(slot: number): number {
    const low = lowerEdge(slot + this.offset);
    return Math.min(this.hi, Math.max(this.lo, this.integral ? low : low * (1 + HALF_BUCKET)));
  }
}
