import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from '../../src/workload/units.js';

describe('parseDurationMs', () => {
  it.each([
    ['120ms', 120],
    ['1.5s', 1_500],
    ['2m', 120_000],
    ['4h', 14_400_000],
    ['3d', 259_200_000],
    ['.5s', 500],
    [' 10 s ', 10_000],
    ['0ms', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '10', 'ms', '1.5 sec', '-1s', '1e3ms', '2w', '1,5s'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('formatDurationMs', () => {
  it.each([
    [340, '340ms'],
    [1_250, '1.25s'],
    [22 * 60_000 + 10_000, '22m 10s'],
    [3_900_000, '1h 05m'],
    [2 * 86_400_000 + 3_600_000, '2d 1h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});
