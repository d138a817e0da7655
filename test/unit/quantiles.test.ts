import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/engine/quantiles.js';

describe('QuantileSketch', () => {
  it('is within its relative accuracy of the exact nearest-rank quantile', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => 1 + i * 0.37);
    const sketch = new QuantileSketch();
    for (const v of [...values].reverse()) sketch.add(v);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThan(0.000489);
    }
    expect(sketch.max).toBe(values.at(-1));
    expect(sketch.min).toBe(1);
    expect(sketch.mean).toBeCloseTo(values.reduce((a, b) => a + b) / values.length, 9);
  });

  it('a constant gives back exactly that constant', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 100; i++) sketch.add(120);
    expect(sketch.quantile(0.5)).toBe(120);
    expect(sketch.quantile(0.99)).toBe(120);
  });

  it('counts zeros', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 90; i++) sketch.add(0);
    for (let i = 0; i < 10; i++) sketch.add(5);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(0.95)).toBe(5);
  });

  it('keeps every quantile within 2^-11 of a true value, over twenty decades', () => {
    // Values from 1e-9 to 1e11, in a scrambled order; every quantile is checked, not three.
    const values = Array.from({ length: 20_000 }, (_, i) => Math.pow(10, -9 + (((i * 7_919) % 20_000) / 20_000) * 20));
    const sketch = new QuantileSketch();
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (let k = 1; k <= 1000; k++) {
      const q = k / 1000;
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThanOrEqual(2 ** -11);
    }
  });

  it('reports whole numbers below 2,048 exactly (transitions, events, operations)', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 1000; i++) sketch.add(i % 2 === 0 ? 19 : 2_047);
    sketch.add(20);
    expect(sketch.quantile(0.49)).toBe(19);
    expect(sketch.quantile(0.5)).toBe(20); // rank 501 of 1,001
    expect(sketch.quantile(0.98)).toBe(2_047);
    // One fraction and the sketch reports midpoints (19 is then 19.009…, within 2^-11).
    sketch.add(0.5);
    expect(sketch.quantile(0.49)).not.toBe(19);
    expect(Math.abs(sketch.quantile(0.49) - 19) / 19).toBeLessThanOrEqual(2 ** -11);
  });

  it('merging states gives the sketch of all the values', () => {
    const all = new QuantileSketch();
    const parts = [new QuantileSketch(), new QuantileSketch()];
    for (let i = 0; i < 5_000; i++) {
      const v = i % 3 === 0 ? 0 : 1 + ((i * 37) % 1_000) * 13.7;
      all.add(v);
      parts[i % 2]!.add(v);
    }
    const merged = new QuantileSketch();
    for (const part of parts) merged.merge(part.toState());
    for (const q of [0.1, 0.34, 0.5, 0.9, 0.999]) expect(merged.quantile(q)).toBe(all.quantile(q));
    expect(merged.count).toBe(all.count);
    expect(merged.max).toBe(all.max);
  });

  it('addRepeated is add, that many times, bit for bit', () => {
    const once = new QuantileSketch();
    const repeated = new QuantileSketch();
    for (const [value, count] of [[0.1, 1000], [0, 7], [3, 5], [1e-3, 1]] as const) {
      for (let i = 0; i < count; i++) once.add(value);
      repeated.addRepeated(value, count);
    }
    expect(repeated.toState()).toEqual(once.toState());
    expect(repeated.mean).toBe(once.mean);
  });

  it('quantiles(qs) is quantile(q) for each q, in one pass, in any order; merging in parts is adding them all', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 400 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (values, qs, parts) => {
        const all = new QuantileSketch();
        const pieces = Array.from({ length: parts }, () => new QuantileSketch());
        values.forEach((v, i) => {
          all.add(v);
          pieces[i % parts]!.add(v);
        });
        const merged = new QuantileSketch();
        for (const piece of pieces) merged.merge(piece.toState());
        // The same buckets (sums may differ in their last bit: they were added in another order).
        const counts = (sketch: QuantileSketch) => ({ ...sketch.toState(), total: 0, squares: 0 });
        expect(counts(merged)).toEqual(counts(all));
        const one = qs.map((q) => all.quantile(q));
        expect(all.quantiles(qs)).toEqual(one);
        expect(all.quantiles([...qs].sort((a, b) => a - b))).toEqual([...one].sort((a, b) => a - b));
        expect(merged.quantiles(qs)).toEqual(one);
      }),
      { numRuns: 150 },
    );
  });
});
