import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/engine/quantiles.js';

describe('QuantileSketch', () => {
  it('is within its relative accuracy of the exact nearest-rank quantile', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => 1 + i * 0.37);
    const sketch = new QuantileSketch();
    for (const v of [...values].reverse()) sketch.add(v);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThan(0.0006);
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
});
