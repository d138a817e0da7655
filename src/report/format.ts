/** Number formatting shared by the renderers and the recommendation's reasons (locale-free). */
import { formatDurationMs } from '../workload/units.js';
import { QUOTAS, type LimitId, type LimitUnit } from '../limits/quotas.js';
import { groupThousands } from './locale-number.js';

export { formatDurationMs };

/** Dollars: cents for amounts of a cent or more ("$1,234.57"), significant digits below. */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs === 0) return '$0.00';
  if (abs >= 0.01) return `${sign}$${groupThousands(abs.toFixed(2))}`;
  return `${sign}$${threeSignificant(abs)}`;
}

/** "0.000399", "0.0117", "0.000100": three significant digits, never an exponent. */
function threeSignificant(abs: number): string {
  // Round first, then count the decimals of the rounded value: 0.0000999999 is 0.000100, not 0.0001000.
  const rounded = Number(abs.toPrecision(3));
  return rounded.toFixed(Math.max(2, 2 - Math.floor(Math.log10(rounded))));
}

/** Cost of one execution: three significant digits below a dollar ("$0.000399", "$0.0117"). */
export function formatUsdPerExecution(usd: number): string {
  if (usd === 0 || Math.abs(usd) >= 1) return formatUsd(usd);
  return `${usd < 0 ? '-' : ''}$${threeSignificant(Math.abs(usd))}`;
}

/** A month's total as AWS's examples show it: each line rounded to cents, then added. */
export function displayMonthlyTotal(lines: readonly { readonly usd: number }[]): number {
  return roundCents(lines.reduce((sum, line) => sum + roundCents(line.usd), 0));
}

/** Rounds to whole cents, half away from zero, as AWS's pricing examples do per line item. */
export function roundCents(usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * 100 + 1e-9) / 100;
}

/** A share as a percentage: "7.3%", "0.05%", "100%". */
export function formatPercent(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (pct >= 10) return `${trim(pct.toFixed(1))}%`;
  if (pct >= 0.1) return `${trim(pct.toFixed(2))}%`;
  return `${Number(pct.toPrecision(2))}%`;
}

/**
 * How a precision-driven run (--precision, issue 19.3) ended, in one sentence; undefined for a run
 * of a fixed sample count.
 */
export function precisionSentence(simulation: {
  readonly samples: number;
  readonly precision?: { readonly target: number; readonly stoppedBy: 'precision' | 'cap'; readonly cap: number };
}): string | undefined {
  const precision = simulation.precision;
  if (!precision) return undefined;
  const target = `±${Number((precision.target * 100).toPrecision(3))}%`;
  return precision.stoppedBy === 'precision'
    ? `Stopped at ${formatCount(simulation.samples)} samples: every monthly cost is within ${target} (95% interval) and every limit's share is settled (--precision).`
    : `Stopped at the cap of ${formatCount(simulation.samples)} samples before every figure reached ${target} (--precision): raise the cap with --samples.`;
}

export function formatCount(n: number): string {
  if (Number.isInteger(n)) return groupThousands(String(n));
  return groupThousands(n.toFixed(n >= 100 ? 0 : 2));
}

/** What a ratio limit is a share of (issue 15.8: "12% of its timeout", not "12% of timeout"). */
const RATIO_OF: Partial<Record<LimitId, string>> = {
  'task-timeout': 'its timeout',
  'service-wait': 'its function’s timeout',
  'state-timeout': 'its TimeoutSeconds',
  'task-heartbeat': 'its HeartbeatSeconds',
};

/** A ratio limit's own value, in the Value column. */
const RATIO_LIMIT: Partial<Record<LimitId, string>> = {
  'task-timeout': 'each task’s own timeout',
  'service-wait': 'the function’s timeout',
  'state-timeout': 'each state’s TimeoutSeconds',
  'task-heartbeat': 'each task’s HeartbeatSeconds',
};

/**
 * Quotas as AWS states them (issue 15.8): the definition's 1,048,576 bytes are 1 MB, not
 * "1,049 KB"; Lambda's payloads are 6 MB and 1 MB.
 */
const QUOTA_TEXT: Partial<Record<LimitId, string>> = {
  'definition-size': '1 MB (1,048,576 bytes)',
  'lambda-payload-sync': '6 MB',
  'lambda-payload-async': '1 MB',
  'durable-data-written': '100 MB',
};

/** A limit's own value as people say it: "15m 00s", "1 MB (1,048,576 bytes)", "each task’s own timeout". */
export function formatLimit(limit: { readonly id: LimitId; readonly limit: number; readonly unit: LimitUnit }): string {
  if (limit.unit === 'ratio' && limit.limit === 1) return RATIO_LIMIT[limit.id] ?? '100% of it';
  const quota = QUOTA_TEXT[limit.id];
  if (quota && limit.limit === QUOTAS[limit.id].value) return quota;
  return formatLimitValue(limit.limit, limit.unit, limit.id);
}

/** A value against a limit (`id` names what a ratio is a share of). */
export function formatLimitValue(value: number, unit: LimitUnit, id?: LimitId): string {
  switch (unit) {
    case 'ms':
      return formatDurationMs(value);
    case 'events':
      return `${formatCount(Math.round(value))} events`;
    case 'KB':
      return `${formatCount(value)} KB`;
    case 'callbacks':
      return `${formatCount(value)} callback${value === 1 ? '' : 's'}`;
    case 'operations':
      return `${formatCount(Math.round(value))} operations`;
    case 'ratio': {
      // A share of the state's own timeout: 1 is the timeout itself.
      const of = (id && RATIO_OF[id]) ?? 'its limit';
      return value > 0 && value < 0.01 ? `under 1% of ${of}` : `${formatCount(Math.round(value * 100))}% of ${of}`;
    }
  }
}


function trim(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
