/**
 * Streaming quantiles in bounded memory: a log-bucketed histogram (the DDSketch idea) with a
 * guaranteed relative error. Memory depends on the value range, never on the number of values,
 * and the result does not depend on insertion order.
 */
export interface QuantileSummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  quantile(q: number): number;
}

export class QuantileSketch implements QuantileSummary {
  private readonly buckets: Uint32Array;
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly minIndex: number;
  private zeroCount = 0;
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /**
   * @param relativeAccuracy every quantile is within this relative error of a true sample value
   * @param minPositive values below this count as zero (and are reported as the exact minimum)
   * @param maxValue values above this land in the last bucket (the exact maximum is still kept)
   */
  constructor(relativeAccuracy = 0.0005, minPositive = 1e-6, maxValue = 1e13) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.minIndex = Math.ceil(Math.log(minPositive) / this.logGamma);
    const maxIndex = Math.ceil(Math.log(maxValue) / this.logGamma);
    this.buckets = new Uint32Array(maxIndex - this.minIndex + 1);
  }

  add(value: number): void {
    this.n++;
    this.total += value;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
    const index = Math.ceil(Math.log(value) / this.logGamma) - this.minIndex;
    if (!(index >= 0)) {
      this.zeroCount++;
      return;
    }
    const last = this.buckets.length - 1;
    this.buckets[index > last ? last : index]!++;
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
        const index = i + this.minIndex;
        // Bucket i holds (gamma^(index-1), gamma^index]; its midpoint in relative terms:
        const value = (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
        return Math.min(this.hi, Math.max(this.lo, value));
      }
    }
    return this.hi;
  }
}
