/** How a gate record's expected and actual values read, shared by the renderers. */
import { formatPercent, formatUsd, formatUsdPerExecution } from '../report/format.js';
import type { AssertionResult, CostDelta, ResultUnit } from './evaluate.js';
import { signedPercent } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';

const VALUE_TEXT = {
  feasible: { expected: () => 'feasible', actual: (v) => (v > 0 ? 'feasible' : 'not feasible') },
  'usd-month': { expected: (v) => `≤ ${formatUsd(v)}/month`, actual: (v) => `${formatUsd(v)}/month` },
  'usd-execution': { expected: (v) => `≤ ${formatUsdPerExecution(v)}`, actual: (v) => formatUsdPerExecution(v) },
  'limit-ratio': { expected: (v) => `p99 ≤ ${formatPercent(v)} of each limit`, actual: (v) => `${formatPercent(v)} of a limit` },
  'savings-percent': { expected: (v) => `no alternative ≥ ${formatPercent(v / 100)} cheaper`, actual: (v) => `${formatPercent(v / 100)} cheaper` },
  'increase-percent': { expected: (v) => `≤ +${formatPercent(v / 100)}`, actual: (v) => signedPercent(v) },
} as const satisfies Record<ResultUnit, { expected: (value: number) => string; actual: (value: number) => string }>;

export function expectedText(result: AssertionResult): string {
  return VALUE_TEXT[result.unit].expected(Number(result.expected));
}

/** null: no finite value (a zero limit reached, growth from $0); the message tells the story. */
export function actualText(result: AssertionResult): string {
  if (result.actual === null) return result.unit === 'limit-ratio' ? 'over a zero limit' : 'from $0';
  return VALUE_TEXT[result.unit].actual(Number(result.actual));
}

export function statusText(result: AssertionResult): 'pass' | 'FAIL' | 'warn' {
  if (result.passed) return 'pass';
  return result.level === 'error' ? 'FAIL' : 'warn';
}

export function verdictText(verdict: GateVerdict): string {
  const warnings = verdict.failedWarnings === 1 ? '1 warning' : `${verdict.failedWarnings} warnings`;
  if (verdict.checked === 0) return 'passed: no assertion is on';
  if (!verdict.passed) {
    const errors = verdict.failedErrors === 1 ? '1 error assertion' : `${verdict.failedErrors} error assertions`;
    return `failed: ${errors} failed${verdict.failedWarnings > 0 ? `, ${warnings}` : ''}`;
  }
  return verdict.failedWarnings > 0 ? `passed with ${warnings}` : `passed: all ${verdict.checked} assertions hold`;
}

export function deltaText(delta: CostDelta): string {
  if (delta.beforeUsd === null) return 'new';
  if (delta.afterUsd === null) return 'removed';
  if (delta.deltaUsd === 0) return 'no change';
  const sign = delta.deltaUsd < 0 ? '-' : '+';
  const percent = delta.deltaPercent === null ? '' : ` (${signedPercent(delta.deltaPercent)})`;
  return `${sign}${formatUsd(Math.abs(delta.deltaUsd))}${percent}`;
}

/** infracost-diff markers: ~ changed, + new, - removed, = unchanged. */
export function deltaMarker(delta: CostDelta): '~' | '+' | '-' | '=' {
  if (delta.beforeUsd === null) return '+';
  if (delta.afterUsd === null) return '-';
  return delta.deltaUsd === 0 ? '=' : '~';
}

export function usdOrDash(usd: number | null): string {
  return usd === null ? '—' : formatUsd(usd);
}
