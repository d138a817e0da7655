/**
 * A bounded record of observed non-negative values (durations in ms, item counts): exact while
 * there are few of them, then a log-bucketed histogram whose size depends on the range of the
 * values, not on how many there are (256 buckets per doubling: any quantile within 0.14%).
 * This is what lets calibrate read a million REPORT lines in constant memory.
 */

/** Up to this many values are kept exactly (quantiles then come from the values themselves). */
export const EXACT_VALUES = 4_096;
/** Histogram buckets per doubling of the value: a bucket spans 2^(1/256) − 1 ≈ 0.27%. */
const BUCKETS_PER_OCTAVE = 256;

export class Observations {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Values while count ≤ EXACT_VALUES; undefined afterwards. */
  private exact: number[] | undefined = [];
  private sorted = true;
  private zeros = 0;
  private readonly buckets = new Map<number, number>();
  private bucketKeys: number[] | undefined;

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    const x = value < 0 ? 0 : value;
    this.count++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x === 0) this.zeros++;
    else {
      const key = Math.floor(Math.log2(x) * BUCKETS_PER_OCTAVE);
      this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
      this.bucketKeys = undefined;
    }
    if (this.exact) {
      if (this.exact.length >= EXACT_VALUES) {
        this.exact = undefined;
      } else {
        if (this.sorted && this.exact.length > 0 && x < this.exact[this.exact.length - 1]!) this.sorted = false;
        this.exact.push(x);
      }
    }
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Whether the quantiles are exact (few values) or from the histogram. */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  private values(): number[] {
    const exact = this.exact!;
    if (!this.sorted) {
      exact.sort((a, b) => a - b);
      this.sorted = true;
    }
    return exact;
  }

  private keys(): number[] {
    if (!this.bucketKeys) {
      this.bucketKeys = [...this.buckets.keys()].sort((a, b) => a - b);
      // below[i]: observations in buckets before bucket i (zeros included).
      const below = new Float64Array(this.bucketKeys.length);
      let sum = this.zeros;
      this.bucketKeys.forEach((key, i) => {
        below[i] = sum;
        sum += this.buckets.get(key)!;
      });
      this.below = below;
    }
    return this.bucketKeys;
  }

  private below = new Float64Array(0);

  /** The p-quantile (0 ≤ p ≤ 1), linear between order statistics (R type 7), or within a bucket. */
  quantile(p: number): number {
    if (this.count === 0) return NaN;
    if (this.exact) {
      const values = this.values();
      const h = (values.length - 1) * Math.min(1, Math.max(0, p));
      const lo = Math.floor(h);
      const hi = Math.min(values.length - 1, lo + 1);
      return values[lo]! + (h - lo) * (values[hi]! - values[lo]!);
    }
    const rank = Math.min(1, Math.max(0, p)) * this.count;
    if (rank <= this.zeros) return 0;
    let below = this.zeros;
    for (const key of this.keys()) {
      const n = this.buckets.get(key)!;
      if (below + n >= rank) {
        const [lower, upper] = bucketEdges(key);
        const value = lower + ((rank - below) / n) * (upper - lower);
        return Math.min(this.max, Math.max(this.min, value));
      }
      below += n;
    }
    return this.max;
  }

  /** Share of observations ≤ x (within a bucket: linear). */
  cdf(x: number): number {
    if (this.count === 0) return NaN;
    if (this.exact) return upperBound(this.values(), x) / this.count;
    if (x < 0) return 0;
    if (x === 0) return this.zeros / this.count;
    const keys = this.keys();
    const key = Math.floor(Math.log2(x) * BUCKETS_PER_OCTAVE);
    // First bucket whose key is ≥ key.
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo === keys.length) return 1;
    let below = this.below[lo]!;
    if (keys[lo] === key) {
      const [lower, upper] = bucketEdges(key);
      below += (this.buckets.get(key)! * Math.min(1, Math.max(0, (x - lower) / (upper - lower))));
    }
    return below / this.count;
  }

  /** Share of observations < x. */
  cdfBelow(x: number): number {
    if (this.exact) return lowerBound(this.values(), x) / this.count;
    // The histogram is continuous above zero; only zero is an atom.
    return x <= 0 ? 0 : this.cdf(x);
  }

  /**
   * The points where the observed distribution steps: the distinct values (exact), or the bucket
   * edges (histogram). A goodness-of-fit statistic is evaluated on them.
   */
  stepPoints(): number[] {
    if (this.exact) {
      const values = this.values();
      const points: number[] = [];
      for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) points.push(values[i]!);
      return points;
    }
    const points: number[] = this.zeros > 0 ? [0] : [];
    for (const key of this.keys()) {
      const [lower, upper] = bucketEdges(key);
      points.push(lower, upper);
    }
    return points;
  }

  /**
   * A bounded sample of `size` values: the mean of each of `size` equal slices of the observations
   * in order (slice i holds the share [i/size, (i+1)/size)). Resampling it keeps the shape, and the
   * mean exactly, however heavy the tail: the last value is the mean of the slowest 1/size.
   */
  sliceMeans(size: number): number[] {
    const sums = new Float64Array(size);
    const sliceWidth = this.count / size;
    let slice = 0;
    let sliceEnd = slice === size - 1 ? this.count : sliceWidth;
    // Walk the observations in order as segments of rank space, each with a linear value.
    const add = (rankFrom: number, rankTo: number, valueFrom: number, valueTo: number): void => {
      let a = rankFrom;
      while (a < rankTo) {
        while (slice < size - 1 && a >= sliceEnd - 1e-9 * this.count) {
          slice++;
          sliceEnd = slice === size - 1 ? this.count : (slice + 1) * sliceWidth;
        }
        const b = slice === size - 1 ? rankTo : Math.min(rankTo, sliceEnd);
        const mid = (a + b) / 2;
        const value = valueTo === valueFrom ? valueFrom : valueFrom + ((mid - rankFrom) / (rankTo - rankFrom)) * (valueTo - valueFrom);
        sums[slice]! += value * (b - a);
        a = b;
      }
    };
    if (this.exact) {
      this.values().forEach((v, j) => add(j, j + 1, v, v));
    } else {
      let rank = 0;
      if (this.zeros > 0) {
        add(0, this.zeros, 0, 0);
        rank = this.zeros;
      }
      for (const key of this.keys()) {
        const n = this.buckets.get(key)!;
        const [lower, upper] = bucketEdges(key);
        add(rank, rank + n, Math.max(lower, this.min), Math.min(upper, this.max));
        rank += n;
      }
    }
    return Array.from(sums, (sum) => sum / sliceWidth);
  }

  /**
   * For whole numbers with at most `size` distinct values: `size` values in which each observed
   * value appears in proportion to how often it was seen (largest remainders), so the sample has
   * the observed frequencies within 1/size. Undefined when there are more distinct values.
   */
  frequencySample(size: number): number[] | undefined {
    if (!this.exact) return undefined;
    const counts = new Map<number, number>();
    for (const v of this.values()) {
      if (!Number.isInteger(v)) return undefined;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (counts.size > size) return undefined;
    const entries = [...counts.entries()].map(([value, n]) => ({ value, exact: (n / this.count) * size }));
    const copies = entries.map((e) => Math.floor(e.exact));
    let left = size - copies.reduce((a, b) => a + b, 0);
    const order = entries.map((e, i) => ({ i, remainder: e.exact - Math.floor(e.exact) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      copies[i]!++;
      left--;
    }
    return entries.flatMap((e, i) => Array.from({ length: copies[i]! }, () => e.value));
  }
}

function bucketEdges(key: number): [number, number] {
  return [Math.pow(2, key / BUCKETS_PER_OCTAVE), Math.pow(2, (key + 1) / BUCKETS_PER_OCTAVE)];
}

/** Number of values ≤ x in a sorted array. */
function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values < x in a sorted array. */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per name (error names, Choice targets, memory sizes), bounded in the number of names. */
export class Tally<K> {
  readonly counts = new Map<K, number>();
  /** Observations whose name was not kept because too many names were already known. */
  overflow = 0;
  total = 0;
  constructor(private readonly maxNames = 64) {}

  add(key: K, n = 1): void {
    this.total += n;
    const current = this.counts.get(key);
    if (current !== undefined) this.counts.set(key, current + n);
    else if (this.counts.size < this.maxNames) this.counts.set(key, n);
    else this.overflow += n;
  }

  /** Entries, most frequent first (ties: first seen first). */
  ranked(): [K, number][] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
  }
}
