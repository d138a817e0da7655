/**
 * Streaming quantiles in bounded memory: a log-bucketed histogram (the DDSketch idea) with a
 * guaranteed relative error. Buckets are allocated only over the range of values seen (growing by
 * doubling), so memory depends on the spread of the values, never on how many there are, and the
 * result does not depend on insertion order.
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
  readonly lo: number;
  readonly hi: number;
}

/** Bucket indexes of the whole numbers 1 … 4095 (counts: transitions, events), computed once. */
const SMALL_WHOLE = 4096;
const smallIndexes = new Map<number, Int32Array>();
function smallIndexTable(logGamma: number): Int32Array {
  let table = smallIndexes.get(logGamma);
  if (!table) {
    table = new Int32Array(SMALL_WHOLE);
    for (let v = 1; v < SMALL_WHOLE; v++) table[v] = Math.ceil(Math.log(v) / logGamma);
    smallIndexes.set(logGamma, table);
  }
  return table;
}

/** Values at or below this are counted as zero (and reported through the exact minimum). */
const MIN_POSITIVE = 1e-15;

export class QuantileSketch implements QuantileSummary {
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly smallIndex: Int32Array;
  /** Counts of bucket indexes offset … offset + buckets.length − 1. */
  private buckets = new Uint32Array(0);
  private offset = 0;
  private zeroCount = 0;
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /** @param relativeAccuracy every quantile is within this relative error of a true sample value */
  constructor(relativeAccuracy = 0.0005) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.smallIndex = smallIndexTable(this.logGamma);
  }

  add(value: number): void {
    this.n++;
    this.total += value;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
    if (!(value > MIN_POSITIVE)) {
      this.zeroCount++;
      return;
    }
    // Whole numbers (counts) take their index from a table: the same value Math.log would give.
    const index =
      value < SMALL_WHOLE && value === Math.floor(value) ? this.smallIndex[value]! : Math.ceil(Math.log(value) / this.logGamma);
    let slot = index - this.offset;
    if (slot < 0 || slot >= this.buckets.length) slot = this.grow(index);
    this.buckets[slot]!++;
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

  toState(): SketchState {
    return {
      buckets: this.buckets.slice(),
      offset: this.offset,
      zeroCount: this.zeroCount,
      n: this.n,
      total: this.total,
      lo: this.lo,
      hi: this.hi,
    };
  }

  /** Adds another sketch's values (same accuracy). Merging in a fixed order keeps `mean` bit-identical. */
  merge(other: SketchState): void {
    if (other.n === 0) return;
    for (let i = 0; i < other.buckets.length; i++) {
      const count = other.buckets[i]!;
      if (count === 0) continue;
      const index = i + other.offset;
      let slot = index - this.offset;
      if (slot < 0 || slot >= this.buckets.length) slot = this.grow(index);
      this.buckets[slot]! += count;
    }
    this.zeroCount += other.zeroCount;
    this.n += other.n;
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  get count(): number {
    return this.n;
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

  /** Nearest-rank quantile, clamped to the exact [min, max] seen. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = this.zeroCount;
    if (seen >= rank) return this.lo;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) {
        // Bucket `index` holds (gamma^(index-1), gamma^index]; its midpoint in relative terms:
        const value = (2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
        return Math.min(this.hi, Math.max(this.lo, value));
      }
    }
    return this.hi;
  }
}
