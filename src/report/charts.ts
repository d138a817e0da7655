/**
 * Vega-Lite specs of the report's charts. Pure: data in, spec out (rendered to SVG by
 * render-html.ts). No time fields anywhere, so nothing depends on the time zone; axes label
 * durations and money with expressions, not locale formatting.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ARCHITECTURES, type ArchitectureId, type CostLineId } from '../architectures/index.js';
import { displayMonthlyTotal, formatDurationMs, formatPercent, formatUsd, roundCents } from './format.js';
import type { ArchitectureReport, Report } from './model.js';
import { SPAN_CATEGORIES, type Timeline } from './timeline.js';
import type { VolumeCurve } from './volume.js';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/**
 * Plot width: with the axis labels and the legend every chart stays within the page's cards (about
 * 950 px at 1280 px), so it is drawn at its own size, never shrunk (issue 15.14).
 */
const WIDTH = 560;

/** An architecture's colour and short name, from its own module. */
export const architectureColor = (id: ArchitectureId): string => ARCHITECTURES[id].identity.color;
const shortName = (id: ArchitectureId): string => ARCHITECTURES[id].identity.shortName;

const COST_LINE_NAMES = {
  'lambda-requests': 'Lambda requests',
  'lambda-duration': 'Lambda compute (GB-s)',
  'lambda-init': 'Lambda INIT (cold starts)',
  'lambda-ephemeral-storage': 'Lambda ephemeral storage',
  'sfn-transitions': 'Standard state transitions',
  'express-requests': 'Express requests',
  'express-duration': 'Express duration (GB-h)',
  'durable-operations': 'Durable operations',
  'durable-data-written': 'Durable data written',
  'durable-data-retained': 'Durable data retained',
  'dynamodb-writes': 'DynamoDB writes',
  'dynamodb-reads': 'DynamoDB reads',
  'sqs-requests': 'SQS requests',
  'scheduler-invocations': 'EventBridge Scheduler',
  // issue 18
  'managed-instances': 'EC2 instances (Managed Instances)',
  'managed-fee': 'Managed Instances fee',
  'microvm-vcpu': 'MicroVM vCPU',
  'microvm-memory': 'MicroVM memory',
  'microvm-snapshot': 'MicroVM snapshot reads',
  'cloudwatch-logs': 'CloudWatch Logs',
  'lambda-service-wait': 'Lambda waiting on services (GB-s)',
} as const satisfies Record<CostLineId, string>;

const COST_LINE_COLORS = {
  'lambda-requests': '#fdae6b',
  'lambda-duration': '#e6550d',
  'lambda-init': '#a63603',
  'lambda-ephemeral-storage': '#fdd0a2',
  'sfn-transitions': '#3182bd',
  'express-requests': '#74c476',
  'express-duration': '#238b45',
  'durable-operations': '#756bb1',
  'durable-data-written': '#9e9ac8',
  'durable-data-retained': '#cbc9e2',
  'dynamodb-writes': '#8c6d31',
  'dynamodb-reads': '#bd9e39',
  'sqs-requests': '#e7ba52',
  'scheduler-invocations': '#e7969c',
  // issue 18
  'managed-instances': '#ce1256',
  'managed-fee': '#df65b0',
  'microvm-vcpu': '#4d9221',
  'microvm-memory': '#7fbc41',
  'microvm-snapshot': '#b8e186',
  'cloudwatch-logs': '#969696',
  'lambda-service-wait': '#fd8d3c',
} as const satisfies Record<CostLineId, string>;

const SPAN_COLORS = {
  compute: '#e6550d',
  failed: '#a50f15',
  coldStart: '#fdae6b',
  service: '#74a9cf',
  billedWait: '#9e9ac8',
  freeWait: '#d9d9d9',
} as const satisfies Record<keyof typeof SPAN_CATEGORIES, string>;

export const CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
  // Legends in columns: one row of six names is wider than any page (issue 15.14).
  legend: { labelFontSize: 12, orient: 'bottom' as const, direction: 'horizontal' as const, columns: 3, labelLimit: 260, columnPadding: 18 },
  title: { anchor: 'start' as const, fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555' },
};

/** Vega expressions (no locale): "5 min", "2 h"; "3.2M", "1B"; "$0.05", "$20k". */
export const DURATION_LABEL =
  "datum.value >= 86400000 ? format(datum.value / 86400000, '.3~g') + ' d' : datum.value >= 3600000 ? format(datum.value / 3600000, '.3~g') + ' h' : " +
  "datum.value >= 60000 ? format(datum.value / 60000, '.3~g') + ' min' : datum.value >= 1000 ? format(datum.value / 1000, '.3~g') + ' s' : format(datum.value, '.3~g') + ' ms'";
export const VOLUME_LABEL = "replace(format(datum.value, '~s'), 'G', 'B')";
export const USD_LABEL = "datum.value < 1 ? '$' + format(datum.value, '.2~f') : '$' + replace(format(datum.value, '~s'), 'G', 'B')";

export function formatVolume(n: number): string {
  const units: readonly [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${Number((n / size).toPrecision(2))}${suffix}`;
  return String(Number(n.toPrecision(2)));
}

/** Axis values for a log scale: the powers of ten that cover the data. */
export function powersOfTen(values: readonly number[]): number[] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [];
  const from = Math.floor(Math.log10(Math.min(...positive)));
  const to = Math.ceil(Math.log10(Math.max(...positive)));
  const out: number[] = [];
  for (let e = from; e <= to; e++) out.push(Number((10 ** e).toPrecision(1)));
  return out;
}

/** "15 min", "5 min", "1 year": a limit as people say it. */
function limitText(ms: number): string {
  if (ms >= 365 * 86_400_000 && ms % (365 * 86_400_000) === 0) return `${ms / (365 * 86_400_000)} year`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return formatDurationMs(ms);
}

/** Ticks of a duration axis: round durations people know. */
export const DURATION_TICKS = [1, 10, 100, 1_000, 10_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000, 604_800_000, 2_592_000_000, 31_536_000_000];

function label(report: Report, id: ArchitectureId): string {
  return report.architectures.find((a) => a.id === id)?.label ?? id;
}

function architectureColors(report: Report) {
  return {
    domain: report.architectures.map((a) => a.label),
    range: report.architectures.map((a) => architectureColor(a.id)),
  };
}

/**
 * Monthly cost per architecture from 1/1000 to 100× the workload's volume, the ones that do not
 * fit dashed and faint, and the break-evens between two that fit marked (issue 15.14).
 */
export function volumeChartSpec(report: Report, curve: VolumeCurve): TopLevelSpec {
  const feasible = new Map(report.architectures.map((a) => [a.id, a.feasible]));
  const points = curve.points
    .filter((p) => p.usd >= 0.01)
    .map((p) => ({ architecture: label(report, p.architecture), executionsPerMonth: p.executionsPerMonth, usd: p.usd, fits: feasible.get(p.architecture) ? 'fits' : 'does not fit' }));
  const breakEvens = curve.breakEvens
    .filter((b) => b.usd >= 0.01 && feasible.get(b.cheaperAbove) && feasible.get(b.cheaperBelow))
    .map((b) => ({
      executionsPerMonth: b.executionsPerMonth,
      usd: b.usd,
      text: `${formatVolume(b.executionsPerMonth)}: ${shortName(b.cheaperAbove)} cheaper than ${shortName(b.cheaperBelow)} above`,
    }));
  const volume = report.workload.executionsPerMonth;
  const xValues = powersOfTen(points.map((p) => p.executionsPerMonth));
  const yValues = powersOfTen(points.map((p) => p.usd));
  const x = { field: 'executionsPerMonth', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'executions per month (log scale)', labelExpr: VOLUME_LABEL, values: xValues } } as const;
  const y = { field: 'usd', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'monthly cost, USD (log scale)', labelExpr: USD_LABEL, values: yValues } } as const;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: 'Monthly cost as the volume grows',
      subtitle: ['Same simulated usage per execution, priced at each volume (tiers included).', 'Dashed and faint: does not fit. Diamonds: break-evens between two that fit.'],
    },
    width: WIDTH + 100,
    height: 300,
    layer: [
      {
        data: { values: points.filter((p) => p.fits === 'fits') },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: { x, y, color: { field: 'architecture', type: 'nominal', scale: architectureColors(report), legend: { title: null } } },
      },
      {
        data: { values: points.filter((p) => p.fits !== 'fits') },
        mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 4], opacity: 0.5 },
        encoding: { x, y, color: { field: 'architecture', type: 'nominal', scale: architectureColors(report), legend: { title: null } } },
      },
      {
        data: { values: [{ executionsPerMonth: volume, text: `this workload: ${formatVolume(volume)}/month` }] },
        layer: [
          { mark: { type: 'rule', color: '#333', strokeDash: [2, 3] }, encoding: { x } },
          { mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 12, color: '#333' }, encoding: { x, y: { value: 0 }, text: { field: 'text' } } },
        ],
      },
      {
        data: { values: breakEvens },
        layer: [
          { mark: { type: 'point', filled: true, size: 80, color: '#111', shape: 'diamond' }, encoding: { x, y } },
          { mark: { type: 'text', align: 'left', dx: 7, dy: 13, fontSize: 12, color: '#111' }, encoding: { x, y, text: { field: 'text' } } },
        ],
      },
    ],
  };
}

/**
 * What each architecture's month costs, line by line (rounded to cents like the tables). The ones
 * that fit and the ones that do not are drawn apart, each on its own scale, so that one option far
 * out of the running does not flatten the real ones into slivers (issue 15.14).
 */
export function costBreakdownSpec(report: Report): TopLevelSpec {
  const rows = report.architectures.flatMap((a) =>
    a.monthlyCost.lines.map((line, i) => ({ architecture: a.label, line: COST_LINE_NAMES[line.id], usd: roundCents(line.usd), order: i })),
  );
  const merged = new Map<string, { architecture: string; line: string; usd: number; order: number }>();
  for (const row of rows) {
    const key = `${row.architecture}\u0000${row.line}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, usd: roundCents(seen.usd + row.usd) } : row);
  }
  const used = new Set(rows.map((r) => r.line));
  const ids = (Object.keys(COST_LINE_NAMES) as CostLineId[]).filter((id) => used.has(COST_LINE_NAMES[id]));
  const color = {
    field: 'line',
    type: 'nominal',
    scale: { domain: ids.map((id) => COST_LINE_NAMES[id]), range: ids.map((id) => COST_LINE_COLORS[id]) },
    legend: { title: null, columns: 2 },
  } as const;
  const panel = (fits: boolean) => {
    const group = report.architectures.filter((a) => a.feasible === fits);
    if (group.length === 0) return [];
    const labels = new Set(group.map((a) => a.label));
    const totals = group.map((a) => ({
      architecture: a.label,
      usd: displayMonthlyTotal(a.monthlyCost.lines),
      text: `${formatUsd(displayMonthlyTotal(a.monthlyCost.lines))}${a.id === report.recommendation.architecture ? ' ◀ recommended' : ''}`,
    }));
    const maxTotal = Math.max(0.01, ...totals.map((t) => t.usd));
    const y = { field: 'architecture', type: 'nominal', sort: group.map((a) => a.label), axis: { title: null, labelFontSize: 12, labelLimit: 320 } } as const;
    const x = { field: 'usd', type: 'quantitative' as const, scale: { domain: [0, maxTotal * 1.35] }, axis: { title: 'monthly cost, USD', labelExpr: USD_LABEL, tickCount: 6 } };
    return [
      {
        title: { text: fits ? 'The architectures that fit' : 'Those that do not fit, on a scale of their own', fontSize: 12, offset: 8 },
        width: WIDTH,
        height: { step: 40 },
        layer: [
          {
            data: { values: [...merged.values()].filter((r) => labels.has(r.architecture)) },
            mark: { type: 'bar' as const, height: 24 },
            encoding: { y, x: { ...x, stack: 'zero' as const }, color, order: { field: 'order', type: 'quantitative' as const } },
          },
          {
            data: { values: totals },
            mark: { type: 'text' as const, align: 'left' as const, dx: 5, fontSize: 12 },
            encoding: { y, x, text: { field: 'text' } },
          },
        ],
      },
    ];
  };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: 'Where the monthly bill goes', subtitle: 'Cost lines per architecture, stacked.' },
    vconcat: [...panel(true), ...panel(false)],
    resolve: { scale: { x: 'independent', color: 'shared' } },
  };
}

const DURATION_LIMITS = new Set(['lambda-timeout', 'express-duration', 'standard-execution-time']);

/** Each architecture's spread of durations (log scale) against its duration limit. */
export function durationChartSpec(report: Report): TopLevelSpec {
  const at = (a: ArchitectureReport, q: number, fallback: number) => Math.max(1, a.durationQuantiles?.find((d) => d.q === q)?.ms ?? fallback);
  const rows = report.architectures.map((a) => ({
    architecture: a.label,
    min: at(a, 0, a.durationMs.p50),
    p5: at(a, 0.05, a.durationMs.p50),
    p50: Math.max(1, a.durationMs.p50),
    p95: Math.max(1, a.durationMs.p95),
    p99: Math.max(1, a.durationMs.p99),
    max: Math.max(1, a.durationMs.max),
  }));
  const longest = Math.max(1, ...rows.map((r) => r.max));
  const limits = report.architectures.flatMap((a) =>
    a.limits
      .filter((l) => DURATION_LIMITS.has(l.id) && l.limit <= 3 * longest)
      .map((l) => ({
        architecture: a.label,
        limit: l.limit,
        text: `${limitText(l.limit)} limit${l.exceedProbability > 0 ? `: ${formatPercent(l.exceedProbability)} of executions over` : ''}`,
        status: l.status,
      })),
  );
  const shortest = Math.min(...rows.map((r) => r.min), ...limits.map((l) => l.limit));
  const domain: number[] = [shortest / 1.5, Math.max(longest, ...limits.map((l) => l.limit)) * 1.5];
  const x = {
    type: 'quantitative',
    scale: { type: 'log', domain },
    axis: { title: 'execution duration (log scale)', labelExpr: DURATION_LABEL, values: DURATION_TICKS.filter((t) => t >= domain[0]! && t <= domain[1]!) },
  } as const;
  const y = { field: 'architecture', type: 'nominal', sort: report.architectures.map((a) => a.label), axis: { title: null, labelFontSize: 12, labelLimit: 320 } } as const;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: 'How long executions take, against each limit',
      subtitle: ['Thin line: fastest to slowest · bar: middle 90% (p5–p95) · white tick: median', 'Black dot: p99 · red: the limit'],
    },
    width: WIDTH,
    height: { step: 56 },
    layer: [
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', color: '#777' }, encoding: { y, x: { ...x, field: 'min' }, x2: { field: 'max' } } },
          {
            mark: { type: 'bar', height: 18, cornerRadius: 2 },
            encoding: { y, x: { ...x, field: 'p5' }, x2: { field: 'p95' }, color: { field: 'architecture', type: 'nominal', scale: architectureColors(report), legend: null } },
          },
          { mark: { type: 'tick', color: 'white', thickness: 3, size: 18 }, encoding: { y, x: { ...x, field: 'p50' } } },
          { mark: { type: 'point', filled: true, color: 'black', size: 40, opacity: 1 }, encoding: { y, x: { ...x, field: 'p99' } } },
        ],
      },
      {
        data: { values: limits },
        layer: [
          { mark: { type: 'tick', color: '#c00', thickness: 3, size: 40 }, encoding: { y, x: { ...x, field: 'limit' } } },
          { mark: { type: 'text', color: '#c00', align: 'left', dx: 5, dy: -16, fontSize: 11 }, encoding: { y, x: { ...x, field: 'limit' }, text: { field: 'text' } } },
        ],
      },
    ],
  };
}

const TIME_UNITS: readonly { readonly below: number; readonly ms: number; readonly name: string }[] = [
  { below: 2_000, ms: 1, name: 'ms' },
  { below: 120_000, ms: 1_000, name: 's' },
  { below: 7_200_000, ms: 60_000, name: 'min' },
  { below: 172_800_000, ms: 3_600_000, name: 'h' },
  { below: Infinity, ms: 86_400_000, name: 'd' },
];

/** A Gantt chart of one typical execution in each architecture, coloured by what is billed. */
export function timelineChartSpec(report: Report, timeline: Timeline): TopLevelSpec {
  const longest = Math.max(1, ...timeline.architectures.map((t) => Math.max(t.durationMs, ...t.spans.map((s) => s.endMs))));
  const unit = TIME_UNITS.find((u) => longest < u.below) ?? TIME_UNITS[TIME_UNITS.length - 1]!;
  const minWidth = longest * 0.004;
  const domainEnd = (longest * 1.12) / unit.ms;
  const categories = Object.keys(SPAN_CATEGORIES) as (keyof typeof SPAN_CATEGORIES)[];
  const charts = timeline.architectures.map((t, index) => {
    const architecture = report.architectures.find((a) => a.id === t.architecture);
    const limit = architecture?.limits.find((l) => DURATION_LIMITS.has(l.id) && l.limit < longest * 1.12);
    // Stopped at its limit (one function killed at 15 minutes, Express at 5): nothing after it runs, or is billed (issue 15.14).
    const stopsAt = limit && t.durationMs > limit.limit ? limit.limit : Infinity;
    const spans = t.spans.filter((s) => s.startMs < stopsAt).map((s) => ({
      row: s.row,
      start: s.startMs / unit.ms,
      end: Math.max(Math.min(s.endMs, stopsAt), s.startMs + minWidth) / unit.ms,
      category: SPAN_CATEGORIES[s.category],
      text:
        s.endMs > stopsAt
          ? `${formatDurationMs(stopsAt - s.startMs)} of ${formatDurationMs(s.endMs - s.startMs)}: stopped`
          : `${formatDurationMs(s.endMs - s.startMs)}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}`,
    }));
    // A label that would run into the next span of its row is left out.
    const msPerPx = (domainEnd * unit.ms) / WIDTH;
    for (let i = 0; i < spans.length; i++) {
      const next = spans.find((o, j) => j !== i && o.row === spans[i]!.row && o.start >= spans[i]!.start && (o.start > spans[i]!.start || j > i));
      const labelEnd = spans[i]!.end + ((spans[i]!.text.length * 6.6 + 6) * msPerPx) / unit.ms;
      if (next && next.start < labelEnd) spans[i] = { ...spans[i]!, text: '' };
    }
    const rows = [...new Set(t.spans.map((s) => s.row))];
    const domain: number[] = [0, domainEnd];
    const x = {
      field: 'start',
      type: 'quantitative',
      scale: { domain, nice: false },
      axis: index === timeline.architectures.length - 1 ? { title: `time since the execution started (${unit.name})` } : { title: null },
    } as const;
    const y = { field: 'row', type: 'nominal', sort: rows, axis: { title: null, labelLimit: 200, labelFontSize: 12 } } as const;
    const hidden = t.hiddenSpans > 0 ? ` · ${t.hiddenSpans} more spans not shown` : '';
    const stopped = Number.isFinite(stopsAt) && limit ? ` — ✗ stopped at its ${limitText(limit.limit)} limit` : '';
    return {
      title: {
        text: `${architecture?.label ?? t.architecture}: ${formatDurationMs(Math.min(t.durationMs, stopsAt))}${stopped}${hidden}`,
        fontSize: 13,
        offset: 14,
        color: Number.isFinite(stopsAt) ? '#a00' : '#111',
      },
      width: WIDTH,
      height: { step: 20 },
      layer: [
        {
          data: { values: spans },
          layer: [
            {
              mark: { type: 'bar' as const, height: 14 },
              encoding: {
                y,
                x,
                x2: { field: 'end' },
                color: {
                  field: 'category',
                  type: 'nominal' as const,
                  scale: { domain: categories.map((c) => SPAN_CATEGORIES[c]), range: categories.map((c) => SPAN_COLORS[c]) },
                  legend: { title: null, columns: 2, labelLimit: 400 },
                },
              },
            },
            { mark: { type: 'text' as const, align: 'left' as const, dx: 3, fontSize: 11, color: '#333' }, encoding: { y, x: { ...x, field: 'end' }, text: { field: 'text' } } },
          ],
        },
        ...(limit
          ? [
              {
                data: { values: [{ start: limit.limit / unit.ms, text: Number.isFinite(stopsAt) ? `${limitText(limit.limit)} limit: stopped here, nothing after it runs` : `${limitText(limit.limit)} limit` }] },
                layer: [
                  { mark: { type: 'rule' as const, color: '#c00', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x } },
                  { mark: { type: 'text' as const, color: '#c00', align: 'left' as const, baseline: 'bottom' as const, dx: 3, dy: -1, fontSize: 12 }, encoding: { x, y: { value: 0 }, text: { field: 'text' } } },
                ],
              },
            ]
          : []),
      ],
    };
  });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: 'One typical execution, step by step',
      subtitle: [`The median of ${timeline.candidates} simulated executions (seed ${timeline.seed}), as each architecture runs it.`, 'Grey time costs nothing.'],
    },
    vconcat: charts,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}
