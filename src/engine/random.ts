/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. 32-bit integer arithmetic
 * only, so the same seed gives the same stream on every machine.
 */
import type { Distribution } from '../workload/types.js';

const SPLITMIX_STEP = 0x9e3779b9;

/** splitmix32's output mix of one counter value (a plain function, inlined where it is called: no closure to allocate). */
function splitmixMix(s: number): number {
  let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  // Read by generated code (codegen.ts) as well, which draws through `advance` and `drawNormalPair`
  // and reads these fields: a double returned by a call that is not inlined is boxed, a field is not.
  firstNormal = 0;
  spareNormal = 0;
  hasSpareNormal = false;
  /** The draw `advance` made: the same value `uniform` would have returned. */
  drawn = 0;

  constructor(seed: number) {
    this.a = this.b = this.c = this.d = 0;
    this.reseed(seed);
  }

  /** Starts the stream of `seed` again (a substream reused without allocating: once per execution). */
  reseed(seed: number): void {
    this.hasSpareNormal = false;
    // splitmix32: four steps of the golden-ratio counter, each mixed.
    let s = ((seed >>> 0) + SPLITMIX_STEP) | 0;
    this.a = splitmixMix(s);
    s = (s + SPLITMIX_STEP) | 0;
    this.b = splitmixMix(s);
    s = (s + SPLITMIX_STEP) | 0;
    this.c = splitmixMix(s);
    s = (s + SPLITMIX_STEP) | 0;
    this.d = splitmixMix(s);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const { a, b } = this;
    const c = this.c ^ a;
    const d = this.d ^ b;
    this.a = a ^ d;
    this.b = b ^ c;
    this.c = c ^ (b << 9);
    this.d = (d << 11) | (d >>> 21);
    const x = Math.imul(b, 5);
    return Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
  }

  /**
   * Uniform in the open interval (0, 1): the next xoshiro128** output, scaled. The step is written
   * out here rather than calling nextUint32, so that wherever uniform() is inlined no 32-bit integer
   * crosses a call (one that is not inlined returns it boxed: an allocation per draw).
   */
  uniform(): number {
    const { a, b } = this;
    const c = this.c ^ a;
    const d = this.d ^ b;
    this.a = a ^ d;
    this.b = b ^ c;
    this.c = c ^ (b << 9);
    this.d = (d << 11) | (d >>> 21);
    const x = Math.imul(b, 5);
    return ((Math.imul((x << 7) | (x >>> 25), 9) >>> 0) + 0.5) / 4294967296;
  }

  /** `uniform()`, with its value left in `drawn` rather than returned (for generated code). */
  advance(): void {
    this.drawn = this.uniform();
  }

  /**
   * Standard normal, from pairs drawn by Marsaglia's polar method (the second value of a pair is
   * the next call's). Small, so that it is inlined where it is called; the pair is drawn out of
   * line and handed over in fields, never as a boxed return value.
   */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    this.drawNormalPair();
    return this.firstNormal;
  }

  drawNormalPair(): void {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.firstNormal = u * factor;
    this.spareNormal = v * factor;
    this.hasSpareNormal = true;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  /**
   * One draw from a compiled distribution (see `toSampler`). Kept small so the optimizing compiler
   * inlines it into the engine (a call it does not inline returns its double boxed: one allocation
   * per draw); log-normal, the common kind, is drawn here, the others out of line.
   */
  sample(d: Sampler): number {
    return d.code === LOGNORMAL ? Math.exp(d.a + d.b * this.normal()) : this.sampleOther(d);
  }

  private sampleOther(d: Sampler): number {
    switch (d.code) {
      case FIXED:
        return d.a;
      case UNIFORM:
        return d.a + d.b * this.uniform();
      case NORMAL: {
        // Truncation at 0 by redrawing; validation keeps the mean positive, so each draw is
        // accepted with probability > 1/2 and 64 tries fail with probability < 2^-64.
        for (let i = 0; i < 64; i++) {
          const x = d.a + d.b * this.normal();
          if (x >= 0) return x;
        }
        return 0;
      }
      case POISSON:
        return this.poisson(d.a);
      default:
        return d.values[Math.floor(this.uniform() * d.values.length)] ?? 0;
    }
  }

  /** Poisson: Knuth's product method up to a mean of 30, a rounded normal approximation above. */
  private poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}

const FIXED = 0;
const LOGNORMAL = 1;
const UNIFORM = 2;
const NORMAL = 3;
const POISSON = 4;
const EMPIRICAL = 5;

/**
 * A distribution compiled for the sampling loop: every kind the same object shape (a code and two
 * parameters), so the hot call site stays monomorphic.
 */
export interface Sampler {
  readonly code: number;
  readonly a: number;
  readonly b: number;
  readonly values: Float64Array;
}

const NO_VALUES = new Float64Array(0);

export function toSampler(dist: Distribution): Sampler {
  switch (dist.kind) {
    case 'fixed':
      return { code: FIXED, a: dist.value, b: 0, values: NO_VALUES };
    case 'lognormal':
      return { code: LOGNORMAL, a: dist.mu, b: dist.sigma, values: NO_VALUES };
    case 'uniform':
      return { code: UNIFORM, a: dist.min, b: dist.max - dist.min, values: NO_VALUES };
    case 'normal':
      return { code: NORMAL, a: dist.mean, b: dist.stddev, values: NO_VALUES };
    case 'poisson':
      return { code: POISSON, a: dist.mean, b: 0, values: NO_VALUES };
    case 'empirical':
      return { code: EMPIRICAL, a: 0, b: 0, values: Float64Array.from(dist.values) };
  }
}
