/**
 * AWS Lambda Power Tuning results → a duration-versus-memory curve.
 *
 * The state machine's output (README-INPUT-OUTPUT.md of alexcasalboni/aws-lambda-power-tuning,
 * "State Machine Output"): { "results": { "power", "cost", "duration", "stateMachine":
 * { "executionCost", "lambdaCost", "visualization" }, "stats": [{ "averagePrice",
 * "averageDuration", "value" }, …] } }. `stats` (average duration per power value) is there when
 * the tuning ran with `includeOutputResults: true`; without it the same averages are read from the
 * `visualization` URL, whose hash is `<sizes>;<durations>;<costs>`, each a base64 list (int16
 * sizes, float32 durations, little-endian; aws-lambda-power-tuning-ui, "URL format").
 * Also accepted: that object without `results`, and `aws stepfunctions describe-execution`
 * output, whose `output` field holds it as a JSON string.
 */
import type { JsonObject, JsonValue } from './json-stream.js';
import { SourceProblem } from './problems.js';
import { LAMBDA_MAX_MEMORY_MB, LAMBDA_MIN_MEMORY_MB } from '../workload/memory-curve.js';

export interface PowerTuningResult {
  /** Average duration per memory size, sorted by memory. */
  readonly points: readonly { readonly memoryMb: number; readonly durationMs: number }[];
  /** The power the tuning recommended. */
  readonly bestMemoryMb: number | undefined;
  /** Where the averages came from. */
  readonly from: 'stats' | 'visualization';
}

/** Whether these fields look like Power Tuning output (so that its problems are reported as such). */
export function isPowerTuning(fields: JsonObject): boolean {
  return tuningObject(fields, 0) !== undefined;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function tuningObject(fields: JsonObject, depth: number): JsonObject | undefined {
  const results = fields['results'];
  if (isObject(results) && ('stats' in results || 'power' in results)) return results;
  if ('power' in fields && ('stats' in fields || 'stateMachine' in fields || 'duration' in fields)) return fields;
  const output = fields['output'];
  if (depth === 0 && typeof output === 'string') {
    try {
      const parsed: unknown = JSON.parse(output);
      if (isObject(parsed as JsonValue)) return tuningObject(parsed as JsonObject, 1);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function powerTuningFrom(fields: JsonObject): PowerTuningResult | undefined {
  const tuning = tuningObject(fields, 0);
  if (!tuning) return undefined;
  const best = Number(tuning['power']);
  const bestMemoryMb = Number.isInteger(best) ? best : undefined;
  const stats = tuning['stats'];
  let raw: { memoryMb: number; durationMs: number }[] = [];
  let from: PowerTuningResult['from'] = 'stats';
  if (Array.isArray(stats) && stats.length > 0) {
    for (const entry of stats) {
      if (!isObject(entry)) continue;
      raw.push({ memoryMb: Number(entry['value']), durationMs: Number(entry['averageDuration']) });
    }
  } else {
    const machine = tuning['stateMachine'];
    const url = isObject(machine) ? machine['visualization'] : undefined;
    if (typeof url === 'string') {
      raw = fromVisualization(url);
      from = 'visualization';
    }
  }
  const points = raw.filter((p) => Number.isInteger(p.memoryMb) && Number.isFinite(p.durationMs) && p.durationMs > 0);
  for (const p of points) {
    if (p.memoryMb < LAMBDA_MIN_MEMORY_MB || p.memoryMb > LAMBDA_MAX_MEMORY_MB) {
      throw new SourceProblem(`power value ${p.memoryMb} is not a Lambda memory size`, `memory sizes are ${LAMBDA_MIN_MEMORY_MB}–${LAMBDA_MAX_MEMORY_MB} MB`);
    }
  }
  const byMemory = new Map<number, number>();
  for (const p of points) byMemory.set(p.memoryMb, p.durationMs);
  if (byMemory.size < 2) {
    throw new SourceProblem(
      byMemory.size === 0 ? 'the Power Tuning result holds no average duration per power value' : 'the Power Tuning result holds one power value: a curve needs at least two',
      'run AWS Lambda Power Tuning with several powerValues and includeOutputResults: true, and give its output',
    );
  }
  return {
    points: [...byMemory.entries()].sort((a, b) => a[0] - b[0]).map(([memoryMb, durationMs]) => ({ memoryMb, durationMs })),
    bestMemoryMb,
    from,
  };
}

/** The averages encoded in the visualization URL's hash. */
function fromVisualization(url: string): { memoryMb: number; durationMs: number }[] {
  const hash = url.slice(url.indexOf('#') + 1);
  const [sizesText, timesText] = hash.split(';');
  if (url.indexOf('#') === -1 || !sizesText || !timesText) return [];
  const sizes = Buffer.from(sizesText, 'base64');
  const times = Buffer.from(timesText, 'base64');
  const n = Math.min(Math.floor(sizes.length / 2), Math.floor(times.length / 4), 64);
  const out: { memoryMb: number; durationMs: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ memoryMb: sizes.readInt16LE(i * 2), durationMs: times.readFloatLE(i * 4) });
  return out;
}
