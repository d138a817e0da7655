/**
 * One typical execution, traced step by step, as each architecture sees it: for the Gantt chart.
 * The engine runs `CANDIDATES` executions with the report's seed (the same draws as the
 * simulation's first executions) and the one with the median duration is shown.
 */
import type { ArchitectureId } from '../architectures/types.js';
import { compilePlan } from '../engine/compile-plan.js';
import { ExecutionRecord } from '../engine/execution.js';
import { Random } from '../engine/random.js';
import { ExecutionRunner, type TraceEvent } from '../engine/run-execution.js';
import type { Workload } from '../workload/types.js';

const CANDIDATES = 101;
/** Gantt rows shown per architecture; the rest is summarised. */
export const MAX_TIMELINE_ROWS = 40;

export const SPAN_CATEGORIES = {
  compute: 'Lambda running (billed)',
  failed: 'attempt that failed (billed)',
  coldStart: 'cold start INIT (billed)',
  billedWait: 'waiting (billed)',
  freeWait: 'waiting (free)',
} as const;
export type SpanCategory = keyof typeof SPAN_CATEGORIES;

export interface TimelineSpan {
  /** Gantt row: the step's name, plus "· 2", "· 3" for concurrent copies (Map items, branches). */
  readonly row: string;
  readonly step: string;
  readonly kind: TraceEvent['kind'] | 'init';
  readonly startMs: number;
  readonly endMs: number;
  readonly attempt: number;
  readonly category: SpanCategory;
}

export interface ArchitectureTimeline {
  readonly architecture: ArchitectureId;
  readonly durationMs: number;
  readonly spans: readonly TimelineSpan[];
  /** Spans not shown (beyond MAX_TIMELINE_ROWS rows). */
  readonly hiddenSpans: number;
}

export interface Timeline {
  readonly seed: number;
  readonly candidates: number;
  readonly architectures: readonly ArchitectureTimeline[];
}

interface Traced {
  readonly events: TraceEvent[];
  readonly lambdaWallMs: number;
  readonly singleInitMs: number;
  readonly sfnWallMs: number;
}

export function sampleTimeline(workload: Workload, seed: number): Timeline {
  const plan = compilePlan(workload);
  const random = new Random(seed);
  const record = new ExecutionRecord();
  let events: TraceEvent[] = [];
  const runner = new ExecutionRunner(plan, random, record, (event) => events.push(event));
  const runs: Traced[] = [];
  for (let i = 0; i < CANDIDATES; i++) {
    events = [];
    runner.run();
    runs.push({ events, lambdaWallMs: record.lambdaWallMs, singleInitMs: record.singleInitMs, sfnWallMs: record.sfnWallMs });
  }
  // The median by the single function's wall time; ties keep the earlier execution.
  const order = runs.map((_, i) => i).sort((a, b) => runs[a]!.lambdaWallMs - runs[b]!.lambdaWallMs || a - b);
  const typical = runs[order[Math.floor(order.length / 2)]!]!;

  const lambdaSpans: Omit<TimelineSpan, 'row'>[] = [];
  if (typical.singleInitMs > 0) {
    lambdaSpans.push({ step: 'cold start', kind: 'init', startMs: 0, endMs: typical.singleInitMs, attempt: 0, category: 'coldStart' });
  }
  for (const e of typical.events) {
    if (e.clock !== 'lambda') continue;
    lambdaSpans.push(span(e, typical.singleInitMs, e.kind === 'task' ? (e.failed ? 'failed' : 'compute') : 'billedWait'));
  }
  const sfnEvents = typical.events.filter((e) => e.clock === 'sfn');
  const taskCategory = (e: TraceEvent): SpanCategory => (e.failed ? 'failed' : 'compute');
  return {
    seed,
    candidates: CANDIDATES,
    architectures: [
      withRows('lambda', typical.singleInitMs + typical.lambdaWallMs, lambdaSpans),
      // Standard: waiting (timers, callbacks, retry intervals, between polls) is free.
      withRows('sfn-standard', typical.sfnWallMs, sfnEvents.map((e) => span(e, 0, e.kind === 'task' ? taskCategory(e) : 'freeWait'))),
      // Express: the whole workflow duration is billed, waiting included.
      withRows('sfn-express', typical.sfnWallMs, sfnEvents.map((e) => span(e, 0, e.kind === 'task' ? taskCategory(e) : 'billedWait'))),
    ],
  };
}

function span(e: TraceEvent, offsetMs: number, category: SpanCategory): Omit<TimelineSpan, 'row'> {
  return { step: e.step, kind: e.kind, startMs: e.startMs + offsetMs, endMs: e.endMs + offsetMs, attempt: e.attempt, category };
}

/** Puts overlapping spans of one step (concurrent Map items) on rows of their own. */
function withRows(architecture: ArchitectureId, durationMs: number, spans: readonly Omit<TimelineSpan, 'row'>[]): ArchitectureTimeline {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const laneEnds = new Map<string, number[]>();
  const rows: string[] = [];
  const placed: TimelineSpan[] = [];
  let hiddenSpans = 0;
  for (const s of sorted) {
    const ends = laneEnds.get(s.step) ?? [];
    let lane = ends.findIndex((end) => end <= s.startMs + 1e-9);
    if (lane === -1) lane = ends.push(s.endMs) - 1;
    else ends[lane] = s.endMs;
    laneEnds.set(s.step, ends);
    const row = lane === 0 ? s.step : `${s.step} · ${lane + 1}`;
    if (!rows.includes(row)) {
      if (rows.length >= MAX_TIMELINE_ROWS) {
        hiddenSpans++;
        continue;
      }
      rows.push(row);
    }
    placed.push({ row, ...s });
  }
  return { architecture, durationMs, spans: placed, hiddenSpans };
}
