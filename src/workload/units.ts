/**
 * Quantities written with a unit ("120ms", "1.5s", "2m", "4h", "3d") and their value in
 * milliseconds. Pure: returns `undefined` for text it cannot read so callers can report it.
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
