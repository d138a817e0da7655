/**
 * Quantities written with a unit ("120ms", "1.5s", "2m", "4h", "3d"; counts "3M", shares "2%") and
 * their value in milliseconds (or as a plain number). Pure: returns `undefined` for text it cannot
 * read so callers can report it. The patterns are shared with schemas/workload.schema.json (a test
 * keeps them in step).
 */
const MS_PER_UNIT = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
} as const satisfies Record<string, number>;

export type DurationUnit = keyof typeof MS_PER_UNIT;

/** Pattern shared with schemas/workload.schema.json (kept in step by a test). */
export const DURATION_PATTERN = '^\\s*(?:\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?:ms|s|m|h|d)\\s*$';

const DURATION_RE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*$/;

/** The units a duration takes, in words, for messages. */
export const DURATION_UNITS_TEXT = 'ms, s, m (minutes), h or d';

/** What people write for a unit → the unit flowcost reads ("40min" → "40m"). */
const UNIT_ALIASES: Readonly<Record<string, DurationUnit>> = {
  ms: 'ms', msec: 'ms', msecs: 'ms', millis: 'ms', millisecond: 'ms', milliseconds: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
};

/**
 * The duration someone most likely meant by text flowcost cannot read: "40min" → "40m",
 * "0.8sec" → "0.8s", "2 hours" → "2h", "1w" → "7d", "120" → "120ms"; undefined when there is no guess.
 */
export function suggestDuration(text: string): string | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) return undefined;
  const [, value = '', written = ''] = match;
  if (written === '') return `${value}ms`;
  const unit = UNIT_ALIASES[written.toLowerCase()];
  if (unit !== undefined) return `${value}${unit}`;
  if (/^(w|wk|wks|week|weeks)$/i.test(written)) return `${Number(value) * 7}d`;
  return undefined;
}

/** A share written as a percentage: "2%", "0.5 %", "100%" (0 to 100). */
export const PERCENT_PATTERN = '^\\s*(?:100(?:\\.0+)?|\\d{1,2}(?:\\.\\d+)?|\\.\\d+)\\s*%\\s*$';
const PERCENT_RE = new RegExp(PERCENT_PATTERN);

/** "2%" → 0.02; undefined for anything else. */
export function parsePercent(text: string): number | undefined {
  if (!PERCENT_RE.test(text)) return undefined;
  return Number(text.trim().slice(0, -1).trim()) / 100;
}

/** A count with a suffix: "250k", "3M", "1.5B" (k or K: thousand, M: million, B: billion). */
export const COUNT_PATTERN = '^\\s*(?:\\d+(?:\\.\\d+)?|\\.\\d+)\\s*[kKMB]?\\s*$';
const COUNT_RE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kKMB]?)\s*$/;
const COUNT_FACTORS: Readonly<Record<string, number>> = { '': 1, k: 1e3, K: 1e3, M: 1e6, B: 1e9 };

/** "3M" → 3,000,000 (rounded to a whole number of units); undefined for anything else. */
export function parseCount(text: string): number | undefined {
  const match = COUNT_RE.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * COUNT_FACTORS[match[2]!]!);
}

export function parseDurationMs(text: string): number | undefined {
  const match = DURATION_RE.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] as DurationUnit;
  const ms = value * MS_PER_UNIT[unit];
  return Number.isFinite(ms) ? ms : undefined;
}

/** "22m 10s", "1h 05m", "340ms", "1.25s": compact, for reasons and tables. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1_000) return `${roundTo(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)}ms`;
  if (ms < 60_000) return `${roundTo(ms / 1_000, 2)}s`;
  const totalSeconds = Math.round(ms / 1_000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  return `${minutes}m ${pad2(seconds)}s`;
}

function roundTo(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
