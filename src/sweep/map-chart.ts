/**
 * The decision map as a heatmap (Vega-Lite, drawn to SVG in Node like the report's charts): each
 * cell coloured by the architecture recommended there, each region labelled, the lines where the
 * answer changes drawn between cells (at the bisected value along a volume axis), and the
 * workload's own place marked. Axes read in units: executions, durations, MB, percent.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import { CONFIG, DURATION_LABEL, DURATION_TICKS, powersOfTen, SCHEMA, VOLUME_LABEL } from '../report/charts.js';
import type { DecisionMapResult, MapAxis } from './decision-map.js';
import type { SweepParameter, VarySpec } from './parameter.js';

const NONE = 'none fits';
const NONE_COLOR = '#bbbbbb';

/** Vega expressions for an axis's labels, by what the parameter is (no locale). */
export function axisLabelExpr(parameter: SweepParameter): string {
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return VOLUME_LABEL;
    case 'duration':
    case 'callbackWait':
      return DURATION_LABEL;
    case 'memoryMb':
      return "format(datum.value, 'd') + ' MB'";
    case 'failureRate':
      return "format(datum.value, '.0%')";
    case 'items':
      return "format(datum.value, 'd')";
  }
}

/** Steps a duration axis may tick at: durations people read at a glance. */
const DURATION_STEPS_MS = [1, 10, 100, 1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];

/** Tick values of a linear axis over [from, to] for this parameter: whole minutes, hours… for a duration (undefined: Vega's own). */
export function linearTicks(parameter: SweepParameter, from: number, to: number): number[] | undefined {
  if (parameter.kind !== 'duration' && parameter.kind !== 'callbackWait') return undefined;
  const step = DURATION_STEPS_MS.find((s) => (to - from) / s <= 8) ?? DURATION_STEPS_MS.at(-1)!;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out.length >= 2 ? out : undefined;
}

/**
 * An axis title people read, short enough to stand along a 320 px axis: "executions per month (log
 * scale)", "manager-approval: median, log scale".
 */
export function axisTitle(parameter: SweepParameter, path: string, scale: MapAxis['scale']): string {
  const log = scale === 'log' ? ', log scale' : '';
  switch (parameter.kind) {
    case 'executionsPerMonth':
      return `executions per month${scale === 'log' ? ' (log scale)' : ''}`;
    case 'duration':
      return `${parameter.step}: ${parameter.fixed ? 'duration' : 'median'}${log}`;
    case 'callbackWait':
      return `${parameter.step}: ${parameter.fixed ? 'wait' : 'median wait'}${log}`;
    case 'memoryMb':
      return `${parameter.step ?? 'Lambda'}: memory${log}`;
    case 'failureRate':
      return `${parameter.step}: failure rate${log}`;
    case 'items':
      return `${parameter.step}: items${log}`;
  }
  return path;
}

/** Cell edges on one axis: midway between neighbouring values, half a step past the ends (geometric on a log axis). */
function edges(axis: MapAxis): number[] {
  const v = axis.values;
  const mid = (a: number, b: number) => (axis.scale === 'log' ? Math.sqrt(a * b) : (a + b) / 2);
  if (v.length === 1) return [v[0]! * (axis.scale === 'log' ? 0.5 : 1) - (axis.scale === 'log' ? 0 : 0.5), v[0]! * (axis.scale === 'log' ? 2 : 1) + (axis.scale === 'log' ? 0 : 0.5)];
  const out: number[] = [];
  const outer = (a: number, b: number) => (axis.scale === 'log' ? (a * a) / b : 2 * a - b);
  out.push(Math.max(axis.scale === 'log' ? 1e-9 : -Infinity, outer(v[0]!, mid(v[0]!, v[1]!))));
  for (let i = 0; i + 1 < v.length; i++) out.push(mid(v[i]!, v[i + 1]!));
  out.push(outer(v[v.length - 1]!, mid(v[v.length - 2]!, v[v.length - 1]!)));
  return out;
}

export interface MapChartOptions {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly subtitle: string | readonly string[];
}

export function decisionMapSpec(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec], options: MapChartOptions): TopLevelSpec {
  const [ax, ay] = result.parameters;
  const ex = edges(ax);
  const ey = edges(ay);
  const n0 = ax.values.length;
  const name = (id: ArchitectureId | null) => (id === null ? NONE : result.labels[id]);
  // Along a volume axis the boundaries are exact: each row (or column) is coloured by stretches
  // between them, so the colours change exactly where the lines are; otherwise cell by cell.
  const exactAlong = result.boundaries.find((b) => b.exact)?.along;
  type Stretch = { from: number; to: number; answer: string };
  const stretches = (line: number): Stretch[] => {
    const along = exactAlong ?? 0;
    const e = along === 0 ? ex : ey;
    const count = along === 0 ? n0 : ay.values.length;
    const cellAt = (k: number) => (along === 0 ? result.grid[line * n0 + k]! : result.grid[k * n0 + line]!);
    if (exactAlong === undefined) {
      // Cell by cell, neighbours of one answer merged into one stretch.
      const out: Stretch[] = [];
      for (let k = 0; k < count; k++) {
        const answer = name(cellAt(k).recommendation);
        const last = out.at(-1);
        if (last && last.answer === answer) last.to = e[k + 1]!;
        else out.push({ from: e[k]!, to: e[k + 1]!, answer });
      }
      return out;
    }
    const fixed = along === 0 ? ay.values[line]! : ax.values[line]!;
    const cuts = result.boundaries.filter((b) => b.exact && b.values[1 - along] === fixed).sort((a, b) => a.values[along]! - b.values[along]!);
    const out: Stretch[] = [];
    let from = e[0]!;
    let answer = name(cellAt(0).recommendation);
    for (const cut of cuts) {
      out.push({ from, to: cut.values[along]!, answer });
      from = cut.values[along]!;
      answer = name(cut.above);
    }
    out.push({ from, to: e.at(-1)!, answer });
    return out;
  };
  const lines = (exactAlong ?? 0) === 0 ? ay.values.length : n0;
  const drawn = Array.from({ length: lines }, (_, line) => stretches(line));
  const cells = drawn.flatMap((row, line) =>
    row.map((s) =>
      (exactAlong ?? 0) === 0 ? { x0: s.from, x1: s.to, y0: ey[line]!, y1: ey[line + 1]!, answer: s.answer } : { x0: ex[line]!, x1: ex[line + 1]!, y0: s.from, y1: s.to, answer: s.answer },
    ),
  );
  // The lines where the answer changes: within a row at each change, between two rows wherever their answers differ.
  const segments: { x: number; x2: number; y: number; y2: number }[] = [];
  drawn.forEach((row, line) => {
    for (const s of row.slice(1)) {
      segments.push((exactAlong ?? 0) === 0 ? { x: s.from, x2: s.from, y: ey[line]!, y2: ey[line + 1]! } : { x: ex[line]!, x2: ex[line + 1]!, y: s.from, y2: s.from });
    }
    const next = drawn[line + 1];
    if (!next) return;
    const cuts = [...new Set([...row, ...next].flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
    const answerAt = (stretches: Stretch[], at: number) => stretches.find((s) => s.from <= at && at < s.to)?.answer;
    for (let k = 0; k + 1 < cuts.length; k++) {
      const mid = (cuts[k]! + cuts[k + 1]!) / 2;
      if (answerAt(row, mid) === answerAt(next, mid)) continue;
      const edge = (exactAlong ?? 0) === 0 ? ey[line + 1]! : ex[line + 1]!;
      segments.push((exactAlong ?? 0) === 0 ? { x: cuts[k]!, x2: cuts[k + 1]!, y: edge, y2: edge } : { x: edge, x2: edge, y: cuts[k]!, y2: cuts[k + 1]! });
    }
  });
  const present = [...new Set(result.grid.map((c) => c.recommendation))];
  const ids = (result.grid[0]?.architectures ?? []).map((a) => a.id).filter((id) => present.includes(id));
  const domain = [...ids.map((id) => result.labels[id]), ...(present.includes(null) ? [NONE] : [])];
  const range = [...ids.map((id) => ARCHITECTURES[id].identity.color), ...(present.includes(null) ? [NONE_COLOR] : [])];

  const labels = result.regions
    // A region of one or two cells is too small for its name (the legend has it).
    .filter((r) => r.cells >= 3 || result.grid.length <= 4)
    .map((r) => ({
      x: r.center[0],
      y: r.center[1],
      text: r.recommendation === null ? NONE : ARCHITECTURES[r.recommendation].identity.shortName,
    }));
  const here =
    ax.current !== undefined && ay.current !== undefined && ax.current >= ex[0]! && ax.current <= ex.at(-1)! && ay.current >= ey[0]! && ay.current <= ey.at(-1)!
      ? [{ x: ax.current, y: ay.current, text: 'this workload' }]
      : [];

  /** Round tick values on a log axis (powers of ten, durations people know); a linear axis picks its own. */
  const ticks = (axis: MapAxis, e: number[], parameter: SweepParameter) => {
    if (axis.scale !== 'log') {
      const values = linearTicks(parameter, e[0]!, e.at(-1)!);
      return values ? { values } : {};
    }
    const inside = (t: number) => t >= e[0]! && t <= e.at(-1)!;
    const candidates = parameter.kind === 'duration' || parameter.kind === 'callbackWait' ? DURATION_TICKS : powersOfTen(e);
    const values = candidates.filter(inside);
    return values.length >= 2 ? { values } : {};
  };
  const scale = (axis: MapAxis, e: number[]) =>
    axis.scale === 'log' ? { type: 'log' as const, domain: [e[0]!, e.at(-1)!], nice: false } : { type: 'linear' as const, domain: [e[0]!, e.at(-1)!], nice: false, zero: false };
  const x = {
    field: 'x0',
    type: 'quantitative',
    scale: scale(ax, ex),
    axis: { title: axisTitle(varies[0].parameter, ax.path, ax.scale), labelExpr: axisLabelExpr(varies[0].parameter), tickCount: 6, labelOverlap: true, grid: false, ...ticks(ax, ex, varies[0].parameter) },
  } as const;
  const y = {
    field: 'y0',
    type: 'quantitative',
    scale: scale(ay, ey),
    axis: { title: axisTitle(varies[1].parameter, ay.path, ay.scale), labelExpr: axisLabelExpr(varies[1].parameter), tickCount: 6, labelOverlap: true, grid: false, ...ticks(ay, ey, varies[1].parameter) },
  } as const;
  const at = <F extends string>(field: F) => ({ ...x, field });
  const upTo = <F extends string>(field: F) => ({ ...y, field });
  return {
    $schema: SCHEMA,
    config: { ...CONFIG, legend: { ...CONFIG.legend, columns: 3, symbolType: 'square' } },
    title: { text: options.title, subtitle: typeof options.subtitle === 'string' ? options.subtitle : [...options.subtitle] },
    width: options.width,
    height: options.height,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', opacity: 0.55, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x,
          x2: { field: 'x1' },
          y,
          y2: { field: 'y1' },
          color: { field: 'answer', type: 'nominal', scale: { domain, range }, legend: { title: 'recommended' } },
        },
      },
      {
        data: { values: segments },
        mark: { type: 'rule', color: '#111', strokeWidth: 2.5 },
        encoding: { x: at('x'), x2: { field: 'x2' }, y: upTo('y'), y2: { field: 'y2' } },
      },
      {
        data: { values: labels },
        mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#111' },
        encoding: { x: at('x'), y: upTo('y'), text: { field: 'text' } },
      },
      {
        data: { values: here },
        layer: [
          { mark: { type: 'point', shape: 'circle', size: 140, filled: false, color: '#000', strokeWidth: 2.5 }, encoding: { x: at('x'), y: upTo('y') } },
          { mark: { type: 'text', align: 'left', dx: 9, dy: -9, fontSize: 11, color: '#000' }, encoding: { x: at('x'), y: upTo('y'), text: { field: 'text' } } },
        ],
      },
    ],
  };
}
