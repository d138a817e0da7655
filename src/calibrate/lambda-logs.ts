/**
 * Lambda logs → one function's invocations: duration, INIT duration (cold starts), memory size,
 * and timeouts and errors where the logs show them. Three forms, told apart by content:
 *
 *  - exported log text: the REPORT line Lambda writes after every invocation, among START, END
 *    and application lines (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html,
 *    "Report Log"): `REPORT RequestId: … Duration: 128.83 ms Billed Duration: 200 ms Memory Size:
 *    128 MB Max Memory Used: 74 MB Init Duration: 166.62 ms`, and `Task timed out after 3.00
 *    seconds` for timeouts;
 *  - the JSON of `aws logs filter-log-events` (`{ "events": [{ "logStreamName", "timestamp",
 *    "message", "ingestionTime", "eventId" }] }`, https://docs.aws.amazon.com/cli/latest/reference/logs/filter-log-events.html),
 *    whose messages are those lines;
 *  - JSON-format logs: `platform.report` records (`{ "time", "type": "platform.report",
 *    "record": { "requestId", "metrics": { "durationMs", "billedDurationMs", "memorySizeMB",
 *    "maxMemoryUsedMB", "initDurationMs"? }, "status"? } }`,
 *    https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html#platform-report),
 *    one per line, in an array, or as filter-log-events messages.
 *
 * Only these numbers are read; no message text is kept or copied anywhere.
 */
import type { JsonObject, JsonUnitHandler, JsonValue } from './json-stream.js';
import { Observations, Tally } from './observations.js';
import { isPowerTuning, powerTuningFrom, type PowerTuningResult } from './power-tuning.js';
import { SourceProblem } from './problems.js';

export const LOG_FORMATS = ['text', 'filter-log-events', 'platform.report'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Statuses that mean the invocation failed (Telemetry API Status: success | failure | error, and timeout). */
const FAILED_STATUSES = new Set(['failure', 'error', 'timeout']);

export class LambdaLogStats {
  reports = 0;
  /** Invocation durations per memory size (a function whose memory changed has several). */
  readonly durationByMemory = new Map<number, Observations>();
  readonly memorySizes = new Tally<number>(32);
  readonly init = new Observations();
  coldStarts = 0;
  /** Reports that said how the invocation ended, and how. */
  readonly statuses = new Tally<string>(16);
  readonly errorTypes = new Tally<string>(32);
  /** Whether every report carries a status (platform.report records do; text REPORT lines only on failure). */
  everyReportHasStatus = true;
  timedOutLines = 0;
  readonly timeoutSeconds = new Tally<number>(16);
  readonly formats = new Tally<LogFormat>(4);
  lines = 0;
  /** Lines longer than the reader keeps (application output), skipped. */
  overlongLines = 0;

  /** Failed invocations the logs show: failed statuses, or "Task timed out" lines when reports carry no status. */
  get failures(): number {
    let failed = 0;
    let timeouts = 0;
    for (const [status, n] of this.statuses.counts) {
      if (FAILED_STATUSES.has(status)) failed += n;
      if (status === 'timeout') timeouts += n;
    }
    return failed + Math.max(0, this.timedOutLines - timeouts);
  }

  private durations(memoryMb: number): Observations | undefined {
    let obs = this.durationByMemory.get(memoryMb);
    if (!obs && this.durationByMemory.size < 32) this.durationByMemory.set(memoryMb, (obs = new Observations()));
    return obs;
  }

  addReport(durationMs: number, memoryMb: number, initMs: number | undefined, status: string | undefined, errorType: string | undefined, format: LogFormat): void {
    if (!(Number.isFinite(durationMs) && durationMs >= 0 && Number.isInteger(memoryMb) && memoryMb > 0)) return;
    this.reports++;
    this.formats.add(format);
    this.memorySizes.add(memoryMb);
    this.durations(memoryMb)?.add(durationMs);
    if (initMs !== undefined && Number.isFinite(initMs) && initMs >= 0) {
      this.coldStarts++;
      this.init.add(initMs);
    }
    if (status !== undefined) this.statuses.add(status.toLowerCase());
    // Text REPORT lines add a status only when something went wrong: their silence proves nothing.
    if (status === undefined || format === 'text') this.everyReportHasStatus = false;
    if (errorType !== undefined) this.errorTypes.add(errorType);
  }
}

const REPORT_MARK = 'REPORT RequestId:';
const REPORT_RE = /^REPORT RequestId:\s*\S+\s+Duration:\s*(\d+(?:\.\d+)?)\s*ms\s+Billed Duration:\s*\d+(?:\.\d+)?\s*ms\s+Memory Size:\s*(\d+)\s*MB/;
const INIT_RE = /\bInit Duration:\s*(\d+(?:\.\d+)?)\s*ms/;
const STATUS_RE = /\bStatus:\s*([A-Za-z]+)/;
const ERROR_TYPE_RE = /\bError Type:\s*([A-Za-z0-9_.:-]{1,128})/;
const TIMED_OUT_RE = /Task timed out after (\d+(?:\.\d+)?) seconds/;

/** One line of log text (or of a filter-log-events message). */
export function readLogLine(line: string, stats: LambdaLogStats, format: LogFormat): void {
  stats.lines++;
  const at = line.indexOf(REPORT_MARK);
  if (at !== -1) {
    const report = line.slice(at);
    const m = REPORT_RE.exec(report);
    if (m) {
      const init = INIT_RE.exec(report);
      stats.addReport(Number(m[1]), Number(m[2]), init ? Number(init[1]) : undefined, STATUS_RE.exec(report)?.[1], ERROR_TYPE_RE.exec(report)?.[1], format);
    }
    return;
  }
  if (line.includes('Task timed out after')) {
    const m = TIMED_OUT_RE.exec(line);
    if (m) {
      stats.timedOutLines++;
      stats.timeoutSeconds.add(Number(m[1]));
    }
    return;
  }
  if (line.includes('"platform.report"')) {
    const start = line.indexOf('{');
    if (start === -1) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(start));
    } catch {
      return;
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) readPlatformRecord(parsed as JsonObject, stats);
  }
}

/** A Telemetry API / JSON-format log record; only `platform.report` counts. */
export function readPlatformRecord(value: JsonObject, stats: LambdaLogStats): boolean {
  if (value['type'] !== 'platform.report') return false;
  const record = value['record'];
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
  const metrics = record['metrics'];
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) return false;
  const num = (v: JsonValue | undefined) => (typeof v === 'number' ? v : undefined);
  const status = record['status'];
  const errorType = record['errorType'];
  stats.addReport(
    num(metrics['durationMs']) ?? NaN,
    num(metrics['memorySizeMB']) ?? NaN,
    num(metrics['initDurationMs']),
    typeof status === 'string' ? status : undefined,
    typeof errorType === 'string' ? errorType.slice(0, 128) : undefined,
    'platform.report',
  );
  return true;
}

const FIELD_KEYS = new Set([
  'type', 'record', 'metrics', 'durationMs', 'billedDurationMs', 'memorySizeMB', 'maxMemoryUsedMB', 'initDurationMs', 'status', 'errorType',
  'id', 'previousEventId', 'results', 'power', 'cost', 'duration', 'stats', 'averageDuration', 'averagePrice', 'value', 'stateMachine', 'visualization', 'output',
]);

/** Keys read from the JSON around log events (records, Power Tuning results). */
export function boundFieldKey(key: string): boolean {
  return FIELD_KEYS.has(key);
}

/** Keys read from a filter-log-events event. */
export function logEventKey(key: string): boolean {
  return key === 'message';
}

/** Longest message (or string) kept: a REPORT line is a few hundred characters, a Power Tuning output a few KB. */
export const MAX_BOUND_STRING = 1_000_000;

/** What a `--from NAME=FILE` source held: Lambda logs, or a Power Tuning result. */
export class BoundSourceReader implements JsonUnitHandler {
  powerTuning: PowerTuningResult | undefined;

  constructor(readonly logs: LambdaLogStats) {}

  event(value: JsonValue): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const message = value['message'];
    if (typeof message !== 'string') {
      readPlatformRecord(value, this.logs);
      return;
    }
    for (const line of message.split('\n')) readLogLine(line, this.logs, 'filter-log-events');
  }

  unit(fields: JsonObject, events: number | undefined): void {
    if (events !== undefined) return;
    if (readPlatformRecord(fields, this.logs)) return;
    if (typeof fields['type'] === 'string') {
      this.logs.lines++;
      return;
    }
    if (isPowerTuning(fields)) {
      if (this.powerTuning) throw new SourceProblem('this source holds two Power Tuning results', 'give one result per task');
      this.powerTuning = powerTuningFrom(fields);
      return;
    }
    if ('id' in fields && 'previousEventId' in fields) {
      throw new SourceProblem('this is a Step Functions execution history, not Lambda logs', 'give histories without a name: --from FILE');
    }
  }
}

/**
 * Splits text into lines across chunk boundaries, never holding more than `maxLine` characters of
 * one line (longer lines are application output: they are skipped and counted).
 */
export class LineSplitter {
  private partial = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
    private readonly maxLine = 65_536,
  ) {}

  write(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) break;
      if (this.skipping) this.skipping = false;
      else {
        const line = this.partial === '' ? chunk.slice(start, nl) : this.partial + chunk.slice(start, nl);
        this.partial = '';
        if (line.length > this.maxLine) this.onOverlong();
        else this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
      start = nl + 1;
    }
    if (this.skipping) return;
    const rest = chunk.length - start;
    if (this.partial.length + rest > this.maxLine) {
      this.partial = '';
      this.skipping = true;
      this.onOverlong();
      return;
    }
    if (rest > 0) this.partial += chunk.slice(start);
  }

  end(): void {
    if (!this.skipping && this.partial !== '') this.onLine(this.partial);
    this.partial = '';
    this.skipping = false;
  }
}
