/** A decision map as a terminal table, JSON, Markdown or an HTML page (the heatmap). */
import Table from 'cli-table3';
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import { htmlText as h, jsonText, markdownText as md, terminalText } from '../report/escape.js';
import { formatCount, formatPercent } from '../report/format.js';
import { htmlPage } from '../report/html.js';
import type { DecisionMapResult } from './decision-map.js';
import { formatCompact, formatParameterValue, type VarySpec } from './parameter.js';
import { SWEEP_JSON_VERSION } from './render.js';

export function renderMapJson(result: DecisionMapResult): string {
  return jsonText(JSON.stringify({ sweepVersion: SWEEP_JSON_VERSION, ...result }, null, 2) + '\n');
}

const short = (id: ArchitectureId | null) => (id === null ? '—' : ARCHITECTURES[id].identity.shortName);

function headline(result: DecisionMapResult): string {
  const [a, b] = result.parameters;
  return (
    `flowcost decision map · ${result.workload.name} · ${a.path} × ${b.path} (${a.values.length} × ${b.values.length} points) · ` +
    `${formatCount(result.simulation.samples)} simulated executions per ${result.simulation.simulations === result.grid.length ? 'cell' : 'row'}, seed ${result.simulation.seed}`
  );
}

/** The grid as rows: the axis with more values down the side, the other across (so a volume axis of 25 points fits a terminal). */
function layout(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec], escape: (text: string) => string) {
  const [a, b] = result.parameters;
  const down: 0 | 1 = a.values.length > b.values.length ? 0 : 1;
  const across = (1 - down) as 0 | 1;
  const n0 = a.values.length;
  const cell = (i: number, j: number) => result.grid[j * n0 + i]!;
  const value = (axis: 0 | 1, v: number) => escape(formatParameterValue(varies[axis].parameter, v));
  const head = [`${escape(result.parameters[down].path)} ↓ · ${escape(result.parameters[across].path)} →`, ...result.parameters[across].values.map((v) => value(across, v))];
  const rows = result.parameters[down].values.map((v, r) => [
    value(down, v),
    ...result.parameters[across].values.map((_, c) => short((down === 0 ? cell(r, c) : cell(c, r)).recommendation)),
  ]);
  return { head, rows };
}

function legend(result: DecisionMapResult): string {
  const present = new Set(result.grid.map((c) => c.recommendation));
  const ids = (result.grid[0]?.architectures ?? []).map((a) => a.id).filter((id) => present.has(id));
  return [...ids.map((id) => `${short(id)} = ${ARCHITECTURES[id].identity.label}`), ...(present.has(null) ? ['— = none fits'] : [])].join(' · ');
}

function regionLines(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec]): string[] {
  const value = (axis: 0 | 1, v: number) =>
    varies[axis].parameter.kind === 'executionsPerMonth' ? formatCompact(v) : formatParameterValue(varies[axis].parameter, v);
  return result.regions.map((r) => {
    const who = r.recommendation === null ? 'Nothing fits' : result.labels[r.recommendation];
    const extent = [0, 1].map((axis) => {
      const from = value(axis as 0 | 1, r.from[axis]!);
      const to = value(axis as 0 | 1, r.to[axis]!);
      return `${result.parameters[axis]!.path} ${from === to ? from : `${from}–${to}`}`;
    });
    return `${who}: ${formatPercent(r.share)} of the map (${extent.join('; ')})`;
  });
}

export function renderMapTable(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec]): string {
  const { head, rows } = layout(result, varies, terminalText);
  const table = new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) table.push(row);
  return [
    terminalText(headline(result)),
    '',
    'Where each architecture wins:',
    ...result.sentences.map((s) => `  • ${terminalText(s)}`),
    '',
    'Regions:',
    ...regionLines(result, varies).map((s) => `  • ${terminalText(s)}`),
    '',
    table.toString(),
    terminalText(legend(result)),
    '',
  ].join('\n');
}

export function renderMapMarkdown(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec]): string {
  const { head, rows } = layout(result, varies, md);
  return [
    `# flowcost decision map · ${md(result.workload.name)}`,
    '',
    md(headline(result)),
    '',
    '## Where each architecture wins',
    '',
    ...result.sentences.map((s) => `- ${md(s)}`),
    '',
    '## Regions',
    '',
    ...regionLines(result, varies).map((s) => `- ${md(s)}`),
    '',
    '## The map',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ':--' : ':-:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    md(legend(result)),
    '',
  ].join('\n');
}

/** The map's words and table as HTML (the report's decision-map section and the sweep page share them). */
export function mapDetailsHtml(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec]): string {
  const { head, rows } = layout(result, varies, h);
  return [
    `<h3>Where each architecture wins</h3><ul>${result.sentences.map((s) => `<li>${h(s)}</li>`).join('')}</ul>`,
    `<details><summary>The map as a table (${result.grid.length} cells)</summary><div class="scroll"><table class="map">`,
    `<thead><tr>${head.map((t) => `<th>${t}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${c}</th>` : `<td>${h(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table></div>`,
    `<p class="note">${h(legend(result))}</p></details>`,
  ].join('');
}

export async function renderMapHtml(result: DecisionMapResult, varies: readonly [VarySpec, VarySpec]): Promise<string> {
  const { renderSvg } = await import('../report/svg.js');
  const { decisionMapSpec } = await import('./map-chart.js');
  const svg = await renderSvg(
    decisionMapSpec(result, varies, {
      width: 640,
      height: 360,
      title: 'Where each architecture wins',
      subtitle: ['Each cell: the architecture flowcost recommends there.', 'Black lines: where the answer changes. Circle: this workload.'],
    }),
    'map',
  );
  const [a, b] = result.parameters;
  const body = [
    `<header><p class="kicker">flowcost decision map</p><h1>${h(result.workload.name)}</h1>`,
    `<p class="meta">${h(a.path)} from ${h(formatParameterValue(varies[0].parameter, a.from))} to ${h(formatParameterValue(varies[0].parameter, a.to))} × ` +
      `${h(b.path)} from ${h(formatParameterValue(varies[1].parameter, b.from))} to ${h(formatParameterValue(varies[1].parameter, b.to))} · ` +
      `${formatCount(result.simulation.samples)} simulated executions per ${result.simulation.simulations === result.grid.length ? 'cell' : 'row'}, seed ${result.simulation.seed}</p></header>`,
    `<section class="verdict"><p class="label">Regions</p><ul>${regionLines(result, varies).map((s) => `<li>${h(s)}</li>`).join('')}</ul></section>`,
    `<section class="chart" id="chart-map"><div class="frame">${svg}</div><p class="note phone">Swipe the chart sideways to see all of it.</p></section>`,
    `<section>${mapDetailsHtml(result, varies)}</section>`,
  ].join('\n');
  return htmlPage(`flowcost decision map · ${result.workload.name}`, body);
}
