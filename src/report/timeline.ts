/**
 * One typical execution, traced state by state, as each architecture sees it: for the Gantt chart.
 * The engine runs `CANDIDATES` executions with the report's seed (the same draws as the
 * simulation's first executions) and the one with the median duration is shown; each architecture
 * module says which clock it runs on and what each span costs (its `timeline`). Step trees and
 * imported definitions alike: both are one state graph.
 */
import { SPAN_CATEGORIES, type ArchitectureId, type PreparedArchitecture, type SpanCategory } from '../architectures/types.js';
import { compilePlan } from '../engine/compile.js';
import { ExecutionRecord } from '../engine/execution.js';
import { Random } from '../engine/random.js';
import { ExecutionRunner, type TraceEvent } from '../engine/run.js';
import type { Workload } from '../workload/types.js';

const CANDIDATES = 101;
/** Gantt rows shown per architecture; the rest is summarised. */
export const MAX_TIMELINE_ROWS = 40;

export { SPAN_CATEGORIES, type SpanCategory };

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
  readonly record: ExecutionRecord;
}

/** The typical execution of `workload` drawn in each of `architectures` (bound to the workload). */
export function sampleTimeline(workload: Workload, seed: number, architectures: readonly PreparedArchitecture[]): Timeline {
  const random = new Random(seed);
  const scratch = new ExecutionRecord();
  let events: TraceEvent[] = [];
  const runner = new ExecutionRunner(compilePlan(workload), random, scratch, (event) => events.push(event));
  const runs: Traced[] = [];
  for (let i = 0; i < CANDIDATES; i++) {
    events = [];
    runner.run();
    runs.push({ events, record: scratch.copy() });
  }
  // The median by the single function's wall time; ties keep the earlier execution.
  const order = runs.map((_, i) => i).sort((a, b) => runs[a]!.record.lambdaWallMs - runs[b]!.record.lambdaWallMs || a - b);
  const typical = runs[order[Math.floor(order.length / 2)]!]!;
  const record = typical.record;
  return {
    seed,
    candidates: CANDIDATES,
    architectures: architectures.map((architecture) => {
      const drawing = architecture.timeline;
      const initMs = drawing.singleFunctionInit ? record.singleInitMs : 0;
      const spans: Omit<TimelineSpan, 'row'>[] = [];
      if (initMs > 0) spans.push({ step: 'cold start', kind: 'init', startMs: 0, endMs: initMs, attempt: 0, category: 'coldStart' });
      for (const e of typical.events) if (e.clock === drawing.clock) spans.push(span(e, initMs, drawing.category(e)));
      return withRows(architecture.id, architecture.durationMs(record), spans);
    }),
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
