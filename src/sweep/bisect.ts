/** Locating where a property changes between two points, by bisection. Pure. */

/**
 * Narrows [lo, hi] — where `side(lo)` differs from `side(hi)` — to the point where `side` flips.
 * `midpoint` picks the next probe (arithmetic or geometric); stops after `iterations` probes or
 * when `done(lo, hi)` holds. Returns the final bracket.
 */
export function bisect<T>(
  lo: number,
  hi: number,
  side: (value: number) => T,
  options: {
    readonly midpoint: (lo: number, hi: number) => number;
    readonly iterations: number;
    readonly done?: (lo: number, hi: number) => boolean;
  },
): { readonly lo: number; readonly hi: number } {
  const low = side(lo);
  for (let i = 0; i < options.iterations && !(options.done?.(lo, hi) ?? false); i++) {
    const mid = options.midpoint(lo, hi);
    if (!(mid > lo && mid < hi)) break;
    if (side(mid) === low) lo = mid;
    else hi = mid;
  }
  return { lo, hi };
}

export const arithmeticMidpoint = (lo: number, hi: number): number => (lo + hi) / 2;
export const geometricMidpoint = (lo: number, hi: number): number => Math.sqrt(lo * hi);
export const integerMidpoint = (lo: number, hi: number): number => Math.floor((lo + hi) / 2);
