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

describe('money formatting', () => {
  it('rounds before counting digits, and never prints an exponent', async () => {
    const { formatUsd, formatUsdPerExecution, roundCents } = await import('../../src/report/format.js');
    expect(formatUsdPerExecution(0.0000999999)).toBe('$0.000100');
    expect(formatUsdPerExecution(0.000399)).toBe('$0.000399');
    expect(formatUsdPerExecution(0.0117)).toBe('$0.0117');
    expect(formatUsdPerExecution(0.000000716)).toBe('$0.000000716');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatUsd(0.0049)).toBe('$0.00490');
    expect(roundCents(2.333338)).toBe(2.33);
    expect(roundCents(1.005)).toBe(1.01);
  });
});
