/**
 * The report as one self-contained HTML page: the verdict first (what to choose, how sure, what
 * would make the others fit), then where each architecture wins (the decision map), the numbers
 * behind it and the charts as static SVG (drawn in Node; the page needs no JavaScript and loads
 * nothing). Same report and inputs → byte-identical page. Every chart is drawn at its own size on
 * a wide screen and scrolls inside its card on a phone; the page itself never scrolls sideways.
 */
import { architectureColor, costBreakdownSpec, durationChartSpec, timelineChartSpec, volumeChartSpec } from './charts.js';
import {
  displayMonthlyTotal,
  formatCount,
  formatDurationMs,
  formatLimit,
  formatLimitValue,
  formatPercent,
  formatUsd,
  formatUsdPerExecution,
  roundCents,
  precisionSentence,
} from './format.js';
import { htmlText as h } from './escape.js';
import { htmlPage } from './html.js';
import type { ArchitectureReport, Report } from './model.js';
import { exceedText, plusMinus, roundQuantity } from './render-markdown.js';
import { pricingSummary } from './render-table.js';
import { renderSvg } from './svg.js';
import type { Timeline } from './timeline.js';
import type { VolumeCurve } from './volume.js';
import type { DecisionMapResult } from '../sweep/decision-map.js';
import { decisionMapSpec } from '../sweep/map-chart.js';
import type { VarySpec } from '../sweep/parameter.js';
import { mapDetailsHtml } from '../sweep/render-map.js';

/** The report's decision map: the result, its two parameters, and why that duration (in words). */
export interface ReportDecisionMap {
  readonly result: DecisionMapResult;
  readonly varies: readonly [VarySpec, VarySpec];
  readonly why: string;
}

export interface HtmlChartInputs {
  /** Where each architecture wins over volume × the most decisive duration; left out without it. */
  readonly map?: ReportDecisionMap;
  /** Cost at other volumes (volume.ts); the chart is left out without it. */
  readonly volume?: VolumeCurve;
  /** One traced execution (timeline.ts); the chart is left out without it. */
  readonly timeline?: Timeline;
}

export async function renderHtml(report: Report, inputs: HtmlChartInputs = {}): Promise<string> {
  const { workload, simulation } = report;
  const charts: { id: string; svg: string; note: string }[] = [];
  if (inputs.map) {
    const { result, varies, why } = inputs.map;
    charts.push({
      id: 'map',
      svg:
        (await renderSvg(
          decisionMapSpec(result, varies, {
            width: 640,
            height: 340,
            title: 'Where each architecture wins',
            subtitle: [`The architecture recommended at each volume and ${varies[1].path}.`, 'Black lines: where the answer changes. Circle: this workload.'],
          }),
          'map',
        )) + mapDetailsHtml(result, varies),
      note: why,
    });
  }
  if (inputs.volume) {
    charts.push({
      id: 'volume',
      svg: await renderSvg(volumeChartSpec(report, inputs.volume), 'volume'),
      note: 'Each line prices the simulated usage per execution at another volume, with the same tiers and options. Diamonds mark the volumes where one architecture that fits becomes cheaper than another that fits.',
    });
  }
  charts.push({
    id: 'breakdown',
    svg: await renderSvg(costBreakdownSpec(report), 'breakdown'),
    note: 'The cost lines of the tables below, stacked; those that do not fit are drawn apart, on a scale of their own.',
  });
  charts.push({
    id: 'durations',
    svg: await renderSvg(durationChartSpec(report), 'durations'),
    note: 'An architecture whose executions pass its red limit in 0.1% of cases or more does not fit.',
  });
  if (inputs.timeline) {
    charts.push({
      id: 'timeline',
      svg: await renderSvg(timelineChartSpec(report, inputs.timeline), 'timeline'),
      note: 'Short steps are drawn at a minimum width; the label gives their real duration. An architecture stopped at its limit runs nothing after it.',
    });
  }

  const stopped = precisionSentence(simulation);
  const body = [
    `<header><p class="kicker">flowcost report</p><h1>${h(workload.name)}</h1>`,
    `<p class="meta">${h(workload.region)} · ${formatCount(workload.executionsPerMonth)} executions/month · ${h(pricingSummary(report))} · ${formatCount(simulation.samples)} simulated executions, seed ${simulation.seed}</p>${stopped ? `<p class="meta">${h(stopped)}</p>` : ''}</header>`,
    verdict(report),
    remedies(report),
    cards(report),
    ...charts.map(
      (c) =>
        `<section class="chart" id="chart-${c.id}"><div class="frame">${c.svg}</div>` +
        `<p class="note phone">Swipe the chart sideways to see all of it.</p><p class="note">${h(c.note)}</p></section>`,
    ),
    summaryTable(report),
    limitsTable(report),
    costTables(report),
    stateHandling(report),
    footer(report),
  ].join('\n');
  return htmlPage(`flowcost · ${workload.name}`, body);
}

function verdict(report: Report): string {
  const rec = report.recommendation;
  const chosen = report.architectures.find((a) => a.id === rec.architecture);
  const [lead, ...rest] = rec.reasons;
  return [
    `<section class="verdict${chosen ? '' : ' none'}">`,
    `<p class="label">Recommendation</p>`,
    `<h2>${chosen ? h(chosen.label) : 'None fits'}</h2>`,
    lead === undefined ? '' : `<p class="lead">${words(lead)}</p>`,
    rest.length > 0 ? `<ul>${rest.map((r) => `<li>${words(r)}</li>`).join('')}</ul>` : '',
    `</section>`,
  ].join('\n');
}

/** What would make each architecture that does not fit fit (its remedies). */
function remedies(report: Report): string {
  const unfit = report.architectures.filter((a) => a.remedies.length > 0);
  if (unfit.length === 0) return '';
  const items = unfit.map(
    (a) => `<li><strong>${h(a.label)}</strong><ul>${a.remedies.map((r) => `<li>${words(r)}</li>`).join('')}</ul></li>`,
  );
  return `<section class="remedies"><h2>What would make the others fit</h2><ul>${items.join('')}</ul></section>`;
}

function cards(report: Report): string {
  const items = report.architectures.map((a) => {
    const broken = a.limits.filter((l) => l.status === 'exceeded');
    const fit = a.feasible
      ? `<span class="badge ok">fits</span>`
      : `<span class="badge exceeded">does not fit</span> <span class="per">${h(broken.map((l) => l.label).join('; '))}</span>`;
    return (
      `<div class="card${a.id === report.recommendation.architecture ? ' chosen' : ''}" style="--c: ${architectureColor(a.id)}">` +
      `<div class="name">${h(a.label)}${a.id === report.recommendation.architecture ? ' ✓' : ''}</div>` +
      `<div class="money">${formatUsd(displayMonthlyTotal(a.monthlyCost.lines))}<span class="per"> /month</span></div>` +
      `<div class="per">${h(plusMinus(a).trim() || 'exact')} (95% interval)</div>` +
      `<div class="per">${formatUsdPerExecution(a.costPerExecution.mean)} per execution · <span class="nowrap">median ${formatDurationMs(a.durationMs.p50)}</span></div>` +
      `<div>${fit}</div></div>`
    );
  });
  const count = ['no', 'one', 'two', 'three', 'four', 'five', 'six'][items.length] ?? String(items.length);
  return `<section><h2>The ${count} architecture${items.length === 1 ? '' : 's'} compared</h2><div class="cards">${items.join('')}</div></section>`;
}

function summaryTable(report: Report): string {
  const head = ['Architecture', 'Fits', 'Cost/exec mean', 'Cost/exec p95', 'Monthly', 'Duration p50', 'p95', 'p99', 'Transitions/exec'];
  const rows = report.architectures.map((a) =>
    [
      `<td>${a.id === report.recommendation.architecture ? '▶ ' : ''}${h(a.label)} <code>${a.id}</code></td>`,
      `<td>${a.feasible ? '<span class="badge ok">yes</span>' : '<span class="badge exceeded">no</span>'}</td>`,
      num(formatUsdPerExecution(a.costPerExecution.mean)),
      num(formatUsdPerExecution(a.costPerExecution.p95)),
      num(formatUsd(displayMonthlyTotal(a.monthlyCost.lines)) + h(plusMinus(a))),
      num(formatDurationMs(a.durationMs.p50)),
      num(formatDurationMs(a.durationMs.p95)),
      num(formatDurationMs(a.durationMs.p99)),
      num(formatCount(Number(a.transitionsPerExecution.mean.toFixed(2)))),
    ].join(''),
  );
  const estimates = [
    ...report.pricing.estimates.map((e) => `<p class="note">* estimated price — ${h(e)}</p>`),
    ...(report.pricing.notes ?? []).map((n) => `<p class="note">Note: ${h(n)}</p>`),
  ].join('');
  return `<section><h2>Summary</h2>${table(head, rows, [2, 3, 4, 5, 6, 7, 8])}<p class="note">± : the 95% interval of the monthly cost, from ${formatCount(report.simulation.samples)} simulated executions.</p>${estimates}</section>`;
}

function limitsTable(report: Report): string {
  const head = ['Architecture', 'Limit', 'Value', 'Observed p99', 'Executions over it (95% interval)', 'Status'];
  const rows = report.architectures.flatMap((a) =>
    a.limits.map((l) =>
      [
        `<td>${h(a.label)}</td>`,
        `<td>${h(l.label)}</td>`,
        num(h(formatLimit(l))),
        num(h(formatLimitValue(l.observedP99, l.unit, l.id))),
        num(h(exceedText(l))),
        `<td><span class="badge ${l.status}">${l.status === 'ok' ? '✓ ok' : l.status === 'near' ? '! near' : '✗ exceeded'}</span></td>`,
      ].join(''),
    ),
  );
  return (
    `<section><h2>Limits</h2>${table(head, rows, [2, 3, 4])}` +
    `<p class="note">exceeded: 0.1% or more of executions break the limit, so the architecture does not fit · near: p99 above 80% of the limit, or fewer than 0.1% over it.</p></section>`
  );
}

function costTables(report: Report): string {
  const parts = report.architectures.map((a: ArchitectureReport) => {
    const rows = a.monthlyCost.lines.map((line) => {
      const free = line.freeQuantity > 0 ? ` (${formatCount(line.freeQuantity)} free)` : '';
      return [
        `<td>${h(line.label)}${line.estimate ? ' *' : ''}</td>`,
        num(formatCount(roundQuantity(line.quantity)) + free),
        `<td>${h(line.unit)}</td>`,
        num(formatUsd(roundCents(line.usd))),
      ].join('');
    });
    const total = `<tr class="total"><td>Total</td><td></td><td></td>${num(formatUsd(displayMonthlyTotal(a.monthlyCost.lines)))}</tr>`;
    return `<h3>${h(a.label)}</h3>${table(['Line', 'Quantity', 'Unit', 'USD'], rows, [1, 3], total)}`;
  });
  return `<section><h2>Monthly cost lines</h2>${parts.join('')}<p class="note">Each line is rounded to cents, then added, as AWS's pricing examples do.</p></section>`;
}

function stateHandling(report: Report): string {
  const notes = (a: Report['architectures'][number]) =>
    a.notes && a.notes.length > 0 ? `<ul>${a.notes.map((note) => `<li>${h(note)}</li>`).join('')}</ul>` : '';
  return `<section><h2>State handling</h2><ul>${report.architectures.map((a) => `<li><strong>${h(a.label)}</strong>: ${h(a.stateHandling)}${notes(a)}</li>`).join('')}</ul></section>`;
}

function footer(report: Report): string {
  const { simulation } = report;
  const failures = simulation.failureProbability > 0 ? ` ${formatPercent(simulation.failureProbability)} of executions failed (see the recommendation for how).` : '';
  return (
    `<footer>Simulated ${formatCount(simulation.samples)} executions (seed ${simulation.seed}); every architecture priced the same executions.${failures} ` +
    `Generated by flowcost from the workload file; the same file and seed give the same page.</footer>`
  );
}

/** Text from the advice: escaped, and the names it quotes in backticks as code. */
function words(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code class="name">$1</code>');
}

function num(text: string): string {
  return `<td class="num">${text}</td>`;
}

function table(head: readonly string[], rows: readonly string[], numeric: readonly number[], extra = ''): string {
  const th = head.map((text, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${h(text)}</th>`).join('');
  // In a frame that scrolls sideways on a narrow screen, so that the page does not (issue 15.14).
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}${extra}</tbody></table></div>`;
}
