/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. 32-bit integer arithmetic
 * only, so the same seed gives the same stream on every machine.
 */
import type { Distribution } from '../workload/types.js';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    this.hasSpareNormal = true;
    return r * Math.cos(theta);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  sample(dist: Distribution): number {
    switch (dist.kind) {
      case 'fixed':
        return dist.value;
      case 'lognormal':
        return Math.exp(dist.mu + dist.sigma * this.normal());
      case 'uniform':
        return dist.min + (dist.max - dist.min) * this.uniform();
      case 'normal': {
        // Truncation at 0 by redrawing; validation keeps the mean positive, so each draw is
        // accepted with probability > 1/2 and 64 tries fail with probability < 2^-64.
        for (let i = 0; i < 64; i++) {
          const x = dist.mean + dist.stddev * this.normal();
          if (x >= 0) return x;
        }
        return 0;
      }
      case 'poisson':
        return this.poisson(dist.mean);
      case 'empirical':
        return dist.values[Math.floor(this.uniform() * dist.values.length)] ?? 0;
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

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
