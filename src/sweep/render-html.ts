/**
 * A sweep as a self-contained HTML page: the crossovers in words, a chart, the table. The axis
 * reads in the parameter's unit (durations, executions, MB, percent: never raw milliseconds), the
 * architectures are named as analyze names them, and the table scrolls inside its card.
 */
import type { TopLevelSpec } from 'vega-lite';
import { architectureColor, CONFIG, powersOfTen, SCHEMA, USD_LABEL } from '../report/charts.js';
import { formatUsd } from '../report/format.js';
import { escapeHtml as h, htmlPage } from '../report/html.js';
import { renderSvg } from '../report/svg.js';
import { axisLabelExpr, axisTitle, linearTicks } from './map-chart.js';
import { DURATION_TICKS } from '../report/charts.js';
import { formatParameterValue, type SweepParameter } from './parameter.js';
import type { SweepResult } from './sweep.js';
import { localeNumber } from '../report/locale-number.js';

export function sweepChartSpec(result: SweepResult, parameter: SweepParameter): TopLevelSpec {
  const ids = result.points[0]?.architectures.map((a) => a.id) ?? [];
  const values = result.points.flatMap((p) =>
    p.architectures.map((a) => ({ value: p.value, usd: Math.max(a.monthlyUsd, 0.01), architecture: result.labels[a.id], fits: a.feasible ? 'fits' : 'does not fit' })),
  );
  const usd = values.map((v) => v.usd);
  const logY = Math.max(...usd) / Math.min(...usd) > 50;
  // Crossovers at the same value share one line: "2–5".
  const byValue = new Map<number, number[]>();
  result.crossovers.forEach((c, i) => byValue.set(c.value, [...(byValue.get(c.value) ?? []), i + 1]));
  const rules = [...byValue].map(([value, numbers]) => ({
    value,
    text: numbers.length === 1 ? String(numbers[0]) : numbers.every((n, k) => k === 0 || n === numbers[k - 1]! + 1) ? `${numbers[0]}–${numbers.at(-1)}` : numbers.join(','),
  }));
  const x = {
    field: 'value',
    type: 'quantitative',
    scale: result.parameter.scale === 'log' ? { type: 'log' as const } : { type: 'linear' as const, zero: false },
    axis: {
      title: axisTitle(parameter, result.parameter.path, result.parameter.scale),
      labelExpr: axisLabelExpr(parameter),
      labelOverlap: true,
      ...(result.parameter.scale === 'linear' ? ticksOf(linearTicks(parameter, result.parameter.from, result.parameter.to)) : ticksOf(logTicks(parameter, result.points.map((p) => p.value)))),
    },
  } as const;
  const yTicks = logY ? { values: powersOfTen(usd) } : {};
  const y = { field: 'usd', type: 'quantitative', scale: { type: logY ? 'log' : 'linear' }, axis: { title: `monthly cost, USD${logY ? ' (log scale)' : ''}`, labelExpr: USD_LABEL, ...yTicks } } as const;
  const color = { domain: ids.map((id) => result.labels[id]), range: ids.map((id) => architectureColor(id)) };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: `Monthly cost as ${result.parameter.path} changes`,
      subtitle: [
        `From ${formatParameterValue(parameter, result.parameter.from)} to ${formatParameterValue(parameter, result.parameter.to)}. Hollow points: does not fit there.`,
        'Numbered lines: the crossovers listed above.',
      ],
    },
    width: 680,
    height: 320,
    layer: [
      {
        data: { values },
        layer: [
          { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color: { field: 'architecture', type: 'nominal', scale: color, legend: { title: null } } } },
          {
            mark: { type: 'point', size: 50, strokeWidth: 2 },
            encoding: {
              x,
              y,
              color: { field: 'architecture', type: 'nominal', scale: color, legend: { title: null } },
              fill: { field: 'fits', type: 'nominal', scale: { domain: ['fits', 'does not fit'], range: ['#444', 'white'] }, legend: { title: null, columns: 2, symbolStrokeColor: '#444' } },
            },
          },
        ],
      },
      {
        data: { values: rules },
        layer: [
          { mark: { type: 'rule', color: '#333', strokeDash: [3, 3] }, encoding: { x } },
          { mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 12 }, encoding: { x, y: { value: 0 }, text: { field: 'text' } } },
        ],
      },
    ],
  };
}

const ticksOf = (values: number[] | undefined) => (values && values.length >= 2 ? { values } : {});

/** On a log axis: powers of ten, or durations people know. */
function logTicks(parameter: SweepParameter, values: readonly number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const candidates = parameter.kind === 'duration' || parameter.kind === 'callbackWait' ? DURATION_TICKS : powersOfTen(values);
  return candidates.filter((t) => t >= lo && t <= hi);
}

export async function renderSweepHtml(result: SweepResult, parameter: SweepParameter): Promise<string> {
  const svg = await renderSvg(sweepChartSpec(result, parameter), 'sweep');
  const ids = result.points[0]?.architectures.map((a) => a.id) ?? [];
  const head = [result.parameter.path, ...ids.map((id) => result.labels[id]), 'Recommended'];
  const rows = result.points.map(
    (p) =>
      `<tr><td class="nowrap">${h(formatParameterValue(parameter, p.value))}</td>` +
      p.architectures
        .map((a) => `<td class="num">${formatUsd(a.monthlyUsd)}${a.feasible ? '' : ` <span class="badge exceeded" title="${h(a.exceeded.join(', '))}">✗</span>`}</td>`)
        .join('') +
      `<td class="nowrap">${p.recommendation ? h(result.labels[p.recommendation]) : 'none fits'}</td></tr>`,
  );
  const crossovers =
    result.crossovers.length === 0
      ? '<p class="lead">No crossover in this range: the ranking and the feasibility stay the same.</p>'
      : `<ol>${result.crossovers.map((c) => `<li>${h(c.sentence)}</li>`).join('')}</ol>`;
  const { parameter: p, simulation, workload } = result;
  const body = [
    `<header><p class="kicker">flowcost sweep</p><h1>${h(workload.name)}</h1>`,
    `<p class="meta">${h(p.path)} from ${h(formatParameterValue(parameter, p.from))} to ${h(formatParameterValue(parameter, p.to))} · ${p.scale} scale, ${result.points.length} points · ${localeNumber(simulation.samples)} simulated executions per point, seed ${simulation.seed}</p></header>`,
    `<section class="verdict"><p class="label">Where the answer changes</p>${crossovers}</section>`,
    `<section class="chart" id="chart-sweep"><div class="frame">${svg}</div><p class="note phone">Swipe the chart sideways to see all of it.</p></section>`,
    `<section><h2>Monthly cost along the range</h2><div class="scroll"><table class="compact"><thead><tr>${head.map((t, i) => `<th${i > 0 && i < head.length - 1 ? ' class="num"' : ''}>${h(t)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>` +
      `<p class="note">✗: does not fit at that value (hover for the limits it exceeds).</p></section>`,
  ].join('\n');
  return htmlPage(`flowcost sweep · ${workload.name}`, body);
}
