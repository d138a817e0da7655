/**
 * The decision map (issue 15, capability 4): `sweep FILE --vary P1=A..B --vary P2=C..D` answers the
 * question people really ask, where does each architecture win?
 *
 *   1. grid:       both ranges in `steps` points each; the recommendation and every architecture's
 *                  monthly cost and feasibility in each cell
 *   2. boundaries: between neighbouring cells whose answers differ, where the answer changes
 *                  (bisected along the volume axis, where that costs no simulation; else midway)
 *   3. regions:    cells of one answer that touch, with their share of the map and their extent
 *   4. words:      along each row, which architecture wins up to where
 *
 * The monthly volume changes no execution, only the bill: a map with a volume axis simulates once
 * per value of the other axis and prices that simulation at every volume (and every bisection
 * probe), so its volume axis costs nothing extra. Every other cell is one `analyze`, same seed.
 * Pure, deterministic.
 */
import { analyze, finishAnalysis, planAnalysis, type AnalyzeOptions } from '../analyze.js';
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import { simulate, type SimulationResult } from '../engine/simulate.js';
import { FlowcostError } from '../errors/problem.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Report } from '../report/model.js';
import type { Workload } from '../workload/types.js';
import { bisect, geometricMidpoint } from './bisect.js';
import { applyParameter, currentValue, formatCompact, formatParameterValue, isInteger, type VarySpec } from './parameter.js';
import { ends, gridValues, learnSharedNumbers, pointOptions, toPoint, type SweepArchitecturePoint, type SweepScale } from './sweep.js';

export interface MapAxis {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly scale: SweepScale;
  /** The grid's values on this axis, in order. */
  readonly values: readonly number[];
  /** The workload's own value (where it sits on the map), when it has one. */
  readonly current?: number;
}

export interface MapCell {
  /** This cell's value of each parameter, in the order of `parameters`. */
  readonly values: readonly [number, number];
  readonly recommendation: ArchitectureId | null;
  readonly architectures: readonly SweepArchitecturePoint[];
}

/** A point where the answer changes, between two neighbouring cells. */
export interface MapBoundary {
  /** The axis along which the answer changes (0 or 1), and the point of change. */
  readonly along: 0 | 1;
  readonly values: readonly [number, number];
  /** The answer below and above that point on that axis. */
  readonly below: ArchitectureId | null;
  readonly above: ArchitectureId | null;
  /** Located by bisection (the volume axis), or midway between the two cells. */
  readonly exact: boolean;
}

/** Cells of one answer that touch (sideways or up and down). */
export interface MapRegion {
  readonly recommendation: ArchitectureId | null;
  readonly cells: number;
  readonly share: number;
  /** The cell nearest its middle (where a label goes), and its extent on each axis. */
  readonly center: readonly [number, number];
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
}

export interface DecisionMapResult {
  readonly kind: 'decision-map';
  readonly workload: { readonly name: string; readonly region: string; readonly executionsPerMonth: number };
  readonly parameters: readonly [MapAxis, MapAxis];
  readonly simulation: { readonly samples: number; readonly seed: number; readonly simulations: number };
  readonly labels: Readonly<Record<ArchitectureId, string>>;
  /** Row by row: the second parameter's first value with every value of the first, and so on. */
  readonly grid: readonly MapCell[];
  readonly boundaries: readonly MapBoundary[];
  readonly regions: readonly MapRegion[];
  /** Along each row, which architecture wins up to where. */
  readonly sentences: readonly string[];
}

export interface DecisionMapOptions {
  /** Grid points on each axis. */
  readonly steps: readonly [number, number];
  readonly scales: readonly [SweepScale, SweepScale];
  readonly analyze: AnalyzeOptions;
  readonly onProgress?: (done: number, total: number) => void;
}

const BISECTION_STEPS = 40;

/** A map's two axes, and which of them (if either) is the volume; the options checked. */
export interface MapGrid {
  readonly axes: readonly [number[], number[]];
  /** 0 or 1, or −1 when neither axis is the volume. */
  readonly volumeAxis: number;
  /** Without a volume axis: every cell's values, row by row (the order of `grid`), one `analyze` each. */
  readonly cells: readonly (readonly [number, number])[];
}

export function mapGrid(varies: readonly [VarySpec, VarySpec], options: Pick<DecisionMapOptions, 'steps' | 'scales'>): MapGrid {
  const [first, second] = varies;
  if (first.path === second.path) {
    throw new FlowcostError([{ code: 'usage', message: `--vary ${first.path} is given twice`, hint: 'a decision map varies two different parameters' }]);
  }
  varies.forEach((vary, axis) => {
    if (options.scales[axis] === 'log' && vary.from <= 0) {
      throw new FlowcostError([{ code: 'usage', message: `--scale log needs FROM above 0 (got ${vary.from} for ${vary.path})`, hint: 'start the range above 0, or use --scale linear' }]);
    }
  });
  const axes = varies.map((vary, axis) => gridValues(vary.from, vary.to, options.steps[axis]!, options.scales[axis]!, isInteger(vary.parameter))) as [number[], number[]];
  const volumeAxis = varies.findIndex((v) => v.parameter.kind === 'executionsPerMonth');
  const cells = volumeAxis >= 0 ? [] : axes[1].flatMap((b) => axes[0].map((a): [number, number] => [a, b]));
  return { axes, volumeAxis, cells };
}

/**
 * The cell the `claimed`-th claim analyzes: the last cell first. Both parameters are highest there
 * (the most retries, the longest waits), so the code V8 optimizes while the first cells run has
 * seen most of its branches, and is not thrown away when a later cell takes one it had not seen
 * (measured: the fifth cell in grid order cost 70–140 ms, not 25). Any order gives the same cells.
 */
export function cellClaimed(claimed: number, cells: number): number {
  return cells - 1 - claimed;
}

/** The cells (indexes into `cells`, in cellClaimed's order) this thread claims, one at a time, from a counter every thread shares. */
export function* claimCells(nextCell: Int32Array, cells: number): Generator<number> {
  for (let claimed = Atomics.add(nextCell, 0, 1); claimed < cells; claimed = Atomics.add(nextCell, 0, 1)) yield cellClaimed(claimed, cells);
}

/** One cell of a map without a volume axis: `analyze` at its two values (`options` as the map gives them, pointOptions). */
export function mapCellAt(workload: Workload, catalog: PricingCatalog, varies: readonly [VarySpec, VarySpec], options: AnalyzeOptions, values: readonly [number, number]): MapCell {
  const varied = applyParameter(applyParameter(workload, varies[0].parameter, values[0]), varies[1].parameter, values[1]);
  const point = toPoint(0, analyze(varied, catalog, options));
  return { values: [values[0], values[1]], recommendation: point.recommendation, architectures: point.architectures };
}

/**
 * Teaches this thread's engine `compiled-shared` the numbers of the generated code that are the
 * same in every cell of the map (learnSharedNumbers): those its first and last cells agree on,
 * where both parameters are at one end of their range and then at the other (a number that
 * either parameter changes differs between them).
 */
export function learnMapNumbers(workload: Workload, catalog: PricingCatalog, varies: readonly [VarySpec, VarySpec], options: AnalyzeOptions, grid: MapGrid): void {
  learnSharedNumbers(
    ends(grid.cells).map((values) => () => applyParameter(applyParameter(workload, varies[0].parameter, values[0]), varies[1].parameter, values[1])),
    catalog,
    options,
  );
}

/** The cells of `grid.cells`, in order, computed elsewhere (on several threads: decision-map-parallel.ts). */
export type ComputedCells = (grid: MapGrid) => readonly MapCell[];

export function decisionMap(
  workload: Workload,
  catalog: PricingCatalog,
  varies: readonly [VarySpec, VarySpec],
  mapOptions: DecisionMapOptions,
  computed?: ComputedCells,
): DecisionMapResult {
  const options = { ...mapOptions, analyze: pointOptions(mapOptions.analyze) };
  const [first, second] = varies;
  const layout = mapGrid(varies, options);
  const { axes, volumeAxis } = layout;
  const cells = new Map<string, MapCell>();
  const key = (a: number, b: number) => `${a}\u0000${b}`;
  const boundaries: MapBoundary[] = [];
  let simulations = 0;
  const total = volumeAxis >= 0 ? axes[1 - volumeAxis]!.length : axes[0].length * axes[1].length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  const cellOf = (values: [number, number], report: Report): MapCell => {
    const point = toPoint(0, report);
    return { values, recommendation: point.recommendation, architectures: point.architectures };
  };

  if (volumeAxis >= 0) {
    // 1. grid, one simulation per value of the other axis, priced at every volume
    const other = 1 - volumeAxis;
    const volume = varies[volumeAxis]!;
    // Each row's simulation is at the first volume it is priced at (the first of the volume axis).
    const firstVolume = axes[volumeAxis]![0]!;
    learnSharedNumbers(
      ends(axes[other]!).map((o) => () => applyParameter(applyParameter(workload, varies[other]!.parameter, o), volume.parameter, firstVolume)),
      catalog,
      options.analyze,
    );
    for (const o of axes[other]!) {
      const base = applyParameter(workload, varies[other]!.parameter, o);
      let simulated: SimulationResult | undefined;
      const at = (v: number): Report => {
        const varied = applyParameter(base, volume.parameter, v);
        const plan = planAnalysis(varied, catalog, options.analyze);
        if (!simulated) {
          simulated = simulate(varied, plan.architectures, {
            samples: plan.samples,
            seed: options.analyze.seed,
            pilot: plan.pilot,
            ...(options.analyze.engine ? { engine: options.analyze.engine } : {}),
          });
          simulations++;
        }
        return finishAnalysis(plan, simulated, catalog, options.analyze);
      };
      const values = (v: number): [number, number] => (volumeAxis === 0 ? [v, o] : [o, v]);
      const row = axes[volumeAxis]!.map((v) => {
        const cell = cellOf(values(v), at(v));
        cells.set(key(...cell.values), cell);
        return cell;
      });
      // 2. boundaries along the volume: bisected (each probe is one more pricing, no simulation)
      for (let k = 0; k + 1 < row.length; k++) {
        const lo = row[k]!;
        const hi = row[k + 1]!;
        if (lo.recommendation === hi.recommendation) continue;
        const side = (v: number) => String(at(v).recommendation.architecture);
        const found = bisect(lo.values[volumeAxis]!, hi.values[volumeAxis]!, side, {
          midpoint: geometricMidpoint,
          iterations: BISECTION_STEPS,
          done: (l, h) => h / l < 1 + 1e-6,
        });
        const v = Math.sqrt(found.lo * found.hi);
        boundaries.push({ along: volumeAxis as 0 | 1, values: values(v), below: lo.recommendation, above: hi.recommendation, exact: true });
      }
      progress();
    }
  } else {
    const given = computed?.(layout);
    if (!given) learnMapNumbers(workload, catalog, varies, options.analyze, layout);
    if (given && given.length !== layout.cells.length) throw new Error(`internal: ${given.length} cells computed for a grid of ${layout.cells.length}`);
    // In the order of cellClaimed (the last cell first), as on several threads.
    for (let claimed = 0; claimed < layout.cells.length; claimed++) {
      const i = cellClaimed(claimed, layout.cells.length);
      const values = layout.cells[i]!;
      const cell = given?.[i] ?? mapCellAt(workload, catalog, varies, options.analyze, values);
      if (cell.values[0] !== values[0] || cell.values[1] !== values[1]) throw new Error(`internal: cell ${i} was computed at other values`);
      cells.set(key(...values), cell);
      simulations++;
      if (!given) progress();
    }
  }
  const grid = axes[1].flatMap((b) => axes[0].map((a) => cells.get(key(a, b))!));

  // 2. the other boundaries: midway between neighbouring cells (geometric on a log axis)
  const midway = (axis: number, x: number, y: number) => (options.scales[axis] === 'log' ? Math.sqrt(x * y) : (x + y) / 2);
  const n0 = axes[0].length;
  for (const along of [0, 1] as const) {
    if (along === volumeAxis) continue;
    for (let j = 0; j < axes[1].length; j++) {
      for (let i = 0; i < n0; i++) {
        const here = grid[j * n0 + i]!;
        const next = along === 0 ? (i + 1 < n0 ? grid[j * n0 + i + 1] : undefined) : j + 1 < axes[1].length ? grid[(j + 1) * n0 + i] : undefined;
        if (!next || next.recommendation === here.recommendation) continue;
        const values: [number, number] = along === 0 ? [midway(0, here.values[0], next.values[0]), here.values[1]] : [here.values[0], midway(1, here.values[1], next.values[1])];
        boundaries.push({ along, values, below: here.recommendation, above: next.recommendation, exact: false });
      }
    }
  }
  boundaries.sort((x, y) => x.along - y.along || x.values[1] - y.values[1] || x.values[0] - y.values[0]);

  const ids = grid[0]?.architectures.map((a) => a.id) ?? [];
  const labels = Object.fromEntries(ids.map((id) => [id, ARCHITECTURES[id].identity.label])) as Record<ArchitectureId, string>;
  const axis = (vary: VarySpec, scale: SweepScale, values: number[]): MapAxis => {
    const current = currentValue(workload, vary.parameter);
    return { path: vary.path, from: vary.from, to: vary.to, scale, values, ...(current === undefined ? {} : { current }) };
  };
  const parameters: [MapAxis, MapAxis] = [axis(first, options.scales[0], axes[0]), axis(second, options.scales[1], axes[1])];
  return {
    kind: 'decision-map',
    workload: { name: workload.name, region: workload.region, executionsPerMonth: workload.executionsPerMonth },
    parameters,
    simulation: { samples: options.analyze.samples, seed: options.analyze.seed, simulations },
    labels,
    grid,
    boundaries,
    regions: regionsOf(grid, axes),
    sentences: rowSentences(varies, axes, grid, boundaries, volumeAxis >= 0 ? (volumeAxis as 0 | 1) : 0, labels),
  };
}

/** Connected cells of one answer (4-neighbours), largest first. */
function regionsOf(grid: readonly MapCell[], axes: readonly [readonly number[], readonly number[]]): MapRegion[] {
  const n0 = axes[0].length;
  const n1 = axes[1].length;
  const seen = new Uint8Array(grid.length);
  const regions: MapRegion[] = [];
  for (let start = 0; start < grid.length; start++) {
    if (seen[start]) continue;
    const answer = grid[start]!.recommendation;
    const members: number[] = [];
    const queue = [start];
    seen[start] = 1;
    while (queue.length > 0) {
      const c = queue.pop()!;
      members.push(c);
      const i = c % n0;
      const j = Math.floor(c / n0);
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const ni = i + di;
        const nj = j + dj;
        if (ni < 0 || nj < 0 || ni >= n0 || nj >= n1) continue;
        const n = nj * n0 + ni;
        if (!seen[n] && grid[n]!.recommendation === answer) {
          seen[n] = 1;
          queue.push(n);
        }
      }
    }
    members.sort((a, b) => a - b);
    const is = members.map((c) => c % n0);
    const js = members.map((c) => Math.floor(c / n0));
    const mi = is.reduce((s, x) => s + x, 0) / is.length;
    const mj = js.reduce((s, x) => s + x, 0) / js.length;
    const center = members.reduce((best, c) => {
      const d = (c % n0 - mi) ** 2 + (Math.floor(c / n0) - mj) ** 2;
      const bd = (best % n0 - mi) ** 2 + (Math.floor(best / n0) - mj) ** 2;
      return d < bd ? c : best;
    });
    regions.push({
      recommendation: answer,
      cells: members.length,
      share: members.length / grid.length,
      center: grid[center]!.values,
      from: [axes[0][Math.min(...is)]!, axes[1][Math.min(...js)]!],
      to: [axes[0][Math.max(...is)]!, axes[1][Math.max(...js)]!],
    });
  }
  return regions.sort((a, b) => b.cells - a.cells || a.from[1] - b.from[1] || a.from[0] - b.from[0]);
}

/**
 * Where each architecture wins, along each row (the axis `along`: the volume when there is one),
 * rows that read the same said once: "With manager-approval from 12m 00s to 20h 00m: Standard +
 * Express children at every volume (2k to 200M a month)." "At 5m 02s: Lambda durable function up
 * to 170k executions/month, then one Lambda function."
 */
function rowSentences(
  varies: readonly [VarySpec, VarySpec],
  axes: readonly [readonly number[], readonly number[]],
  grid: readonly MapCell[],
  boundaries: readonly MapBoundary[],
  along: 0 | 1,
  labels: Readonly<Record<ArchitectureId, string>>,
): string[] {
  const across = (1 - along) as 0 | 1;
  const name = (id: ArchitectureId | null) => (id === null ? 'nothing fits' : labels[id]);
  const value = (axis: 0 | 1, v: number) => formatParameterValue(varies[axis]!.parameter, v);
  const n0 = axes[0].length;
  const alongAxis = axes[along];
  const everywhere =
    varies[along]!.parameter.kind === 'executionsPerMonth'
      ? `at every volume (${formatCompact(alongAxis[0]!)} to ${formatCompact(alongAxis.at(-1)!)} a month)`
      : `all along ${varies[along]!.path} (${value(along, alongAxis[0]!)} to ${value(along, alongAxis.at(-1)!)})`;
  const rows = axes[across].map((r, index) => {
    const first = along === 0 ? grid[index * n0]! : grid[index]!;
    const changes = boundaries.filter((b) => b.along === along && b.values[across] === r);
    return { value: r, first: first.recommendation, changes };
  });
  const subject = (from: number, to: number) => {
    const p = varies[across]!;
    const v = from === to ? value(across, from) : `from ${value(across, from)} to ${value(across, to)}`;
    return p.parameter.kind === 'executionsPerMonth' ? `At ${v}` : `With ${p.path} ${from === to ? 'at ' : ''}${v}`;
  };
  if (rows.every((row) => row.changes.length === 0 && row.first === rows[0]!.first)) {
    return [`${name(rows[0]!.first)} wins everywhere on this map: no value of ${varies[0].path} or ${varies[1].path} in these ranges changes the answer.`];
  }
  const out: string[] = [];
  for (let k = 0; k < rows.length; ) {
    const row = rows[k]!;
    if (row.changes.length === 0) {
      let end = k;
      while (end + 1 < rows.length && rows[end + 1]!.changes.length === 0 && rows[end + 1]!.first === row.first) end++;
      out.push(`${subject(row.value, rows[end]!.value)}: ${name(row.first)} ${everywhere}.`);
      k = end + 1;
      continue;
    }
    const steps = row.changes.map((b) => `up to ${b.exact ? '' : 'about '}${value(along, b.values[along]!)}, then ${name(b.above)}`);
    out.push(`${subject(row.value, row.value)}: ${name(row.changes[0]!.below)} ${steps.join(' ')}.`);
    k++;
  }
  return out;
}
