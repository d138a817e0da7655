import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localeNumber } from '../../src/report/locale-number.js';

describe('localeNumber: toLocaleString("en-US") without Intl', () => {
  it('spells every double as Intl does', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(localeNumber(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 20_000 },
    );
  });
  it('spells the numbers flowcost prints as Intl does (counts, decimals near a rounding edge, signs)', () => {
    const near = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(near, ([whole, fraction, places]) => {
        const n = Number(`${whole}.${String(fraction).padStart(5, '0').slice(0, places)}`);
        expect(localeNumber(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [0, -0, 1.0005, 0.0005, 999.9995, -0.0001, 0.1 + 0.2, 1e21, 1e-7, -1e-7, Infinity, -Infinity, NaN, 2 ** 53 + 2, 123_456_789.1235]) {
      expect(localeNumber(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
