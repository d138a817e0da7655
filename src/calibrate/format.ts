/** How calibrated numbers are written into the workload and into messages. */
import { formatDurationMs } from '../workload/units.js';
import { localeNumber } from '../report/locale-number.js';

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/**
 * A duration as the workload format writes it ("412.35ms", "1.20523s", "2.08422h"): the largest
 * unit it reaches, six significant digits (a REPORT line's 0.01 ms below a second).
 */
export function yamlDuration(ms: number): string {
  const value = Math.max(0, ms);
  for (const [unit, size] of UNITS) {
    if (value >= size) return `${plain(Number((value / size).toPrecision(6)))}${unit}`;
  }
  return `${plain(Math.round(value * 100) / 100)}ms`;
}

/** A number without an exponent (the duration pattern has none). */
function plain(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(6).replace(/\.?0+$/, '') : text;
}

/** A probability as written: six decimals at most. */
export function yamlProbability(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * 1e6) / 1e6;
}

export function count(n: number): string {
  return localeNumber(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(1) : p.toPrecision(2)}%`.replace(/\.0%$/, '%');
}

/** A compact duration for comments and the summary ("412ms", "1.21s", "2h 05m"). */
export function shortDuration(ms: number): string {
  return formatDurationMs(ms);
}
