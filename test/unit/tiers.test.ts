import { describe, expect, it } from 'vitest';
import { chargeTiered } from '../../src/pricing/tiers.js';
import { catalog } from '../helpers.js';

const useast1 = catalog.regions['us-east-1']!;
const x86 = useast1.lambda.duration.x86_64;
const arm = useast1.lambda.duration.arm64;
const express = useast1.stepFunctions.expressDuration;

describe('tiered prices on monthly totals', () => {
  it('x86 just under, at and over 6 billion GB-s', () => {
    expect(chargeTiered(x86, 5_999_999_999, false).usd).toBeCloseTo(5_999_999_999 * 0.0000166667, 6);
    expect(chargeTiered(x86, 6e9, false).usd).toBeCloseTo(6e9 * 0.0000166667, 6);
    expect(chargeTiered(x86, 6e9 + 1, false).usd).toBeCloseTo(6e9 * 0.0000166667 + 0.000015, 6);
  });

  it('x86 9 billion GB-s costs $145,000.20, not the flat $150,000.30 (tiered-pricing blog)', () => {
    expect(chargeTiered(x86, 9e9, false).usd).toBeCloseTo(145_000.2, 6);
  });

  it('x86 over 15 billion GB-s reaches the third tier', () => {
    const expected = 6e9 * 0.0000166667 + 9e9 * 0.000015 + 1e9 * 0.0000133334;
    expect(chargeTiered(x86, 16e9, false).usd).toBeCloseTo(expected, 4);
    expect(chargeTiered(x86, 15e9, false).usd).toBeCloseTo(6e9 * 0.0000166667 + 9e9 * 0.000015, 4);
  });

  it('arm64 boundaries sit at 7.5 and 18.75 billion GB-s', () => {
    expect(chargeTiered(arm, 7.5e9, false).usd).toBeCloseTo(7.5e9 * 0.0000133334, 4);
    expect(chargeTiered(arm, 7.5e9 + 1e6, false).usd).toBeCloseTo(7.5e9 * 0.0000133334 + 1e6 * 0.0000120001, 4);
    expect(chargeTiered(arm, 20e9, false).usd).toBeCloseTo(
      7.5e9 * 0.0000133334 + 11.25e9 * 0.0000120001 + 1.25e9 * 0.0000106667,
      3,
    );
  });

  it('Express GB-hours: 1,000 then 4,000 then the rest (golden case G10: $382.97)', () => {
    expect(chargeTiered(express, 1_000, false).usd).toBeCloseTo(60, 9);
    expect(chargeTiered(express, 5_000, false).usd).toBeCloseTo(180, 9);
    expect(chargeTiered(express, 62_500_000 / 3_600, false).usd).toBeCloseTo(382.9694, 3);
  });

  it('the free tier comes off the bottom of the month, only when asked for', () => {
    const requests = useast1.lambda.requests;
    expect(chargeTiered(requests, 3_000_000, true)).toMatchObject({ quantity: 3_000_000, freeQuantity: 1_000_000, usd: 2_000_000 * 0.0000002 });
    expect(chargeTiered(requests, 3_000_000, false).freeQuantity).toBe(0);
    expect(chargeTiered(requests, 500_000, true).usd).toBe(0);
  });
});
