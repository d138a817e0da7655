/**
 * The report as GitHub-flavoured Markdown (pull-request comments, $GITHUB_STEP_SUMMARY): the same
 * content as the table, dollars rounded per line the same way. Every text that comes from the
 * workload or the report is escaped, so a name cannot inject Markdown or HTML.
 */
import type { ArchitectureReport, LimitResult, Report } from './model.js';
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
import { markdownText } from './escape.js';
import { pricingSummary } from './render-table.js';

export const STATUS_ICONS = { ok: '✅', near: '⚠️', exceeded: '❌' } as const satisfies Record<LimitResult['status'], string>;

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const { workload, simulation } = report;
  const rec = report.recommendation;
  const chosen = report.architectures.find((a) => a.id === rec.architecture);

  out.push(`# flowcost · ${md(workload.name)}`, '');
  out.push(
    `${md(workload.region)} · ${formatCount(workload.executionsPerMonth)} executions/month · ${md(pricingSummary(report))} · ` +
      `${formatCount(simulation.samples)} simulated executions, seed ${simulation.seed}`,
    '',
  );
  const stopped = precisionSentence(simulation);
  if (stopped) out.push(md(stopped), '');
  if (workload.deployedType) out.push(`This machine is deployed as ${workload.deployedType}.`, '');
  out.push(`## Recommendation: ${chosen ? `${md(chosen.label)} (\`${chosen.id}\`)` : 'none fits'}`, '');
  for (const reason of rec.reasons) out.push(`- ${md(reason)}`);
  out.push('');
  const unfit = report.architectures.filter((a) => a.remedies.length > 0);
  if (unfit.length > 0) {
    out.push('## What would make the others fit', '');
    for (const a of unfit) {
      out.push(`- **${md(a.label)}** (\`${a.id}\`)`);
      for (const remedy of a.remedies) out.push(`  - ${md(remedy)}`);
    }
    out.push('');
  }

  out.push('## Summary', '');
  out.push('| Architecture | Fits | Cost/exec mean | Cost/exec p95 | Monthly | Duration p50 | p95 | p99 |');
  out.push('|:--|:-:|--:|--:|--:|--:|--:|--:|');
  for (const a of report.architectures) {
    const name = `${md(a.label)} (\`${a.id}\`)`;
    out.push(
      row([
        a.id === rec.architecture ? `▶ **${name}**` : name,
        a.feasible ? '✅ yes' : '❌ no',
        md(formatUsdPerExecution(a.costPerExecution.mean)),
        md(formatUsdPerExecution(a.costPerExecution.p95)),
        md(formatUsd(displayMonthlyTotal(a.monthlyCost.lines))) + plusMinus(a),
        formatDurationMs(a.durationMs.p50),
        formatDurationMs(a.durationMs.p95),
        formatDurationMs(a.durationMs.p99),
      ]),
    );
  }
  out.push('');
  out.push(`± is the 95% interval of the monthly cost, from ${formatCount(simulation.samples)} simulated executions.`, '');
  for (const estimate of report.pricing.estimates) out.push(`\\* estimated price — ${md(estimate)}`, '');
  for (const note of report.pricing.notes ?? []) out.push(`Note: ${md(note)}`, '');

  out.push('## Limits', '');
  out.push('| Architecture | Limit | Value | Observed p99 | Executions over it (95% interval) | Status |');
  out.push('|:--|:--|--:|--:|--:|:--|');
  for (const a of report.architectures) {
    for (const limit of a.limits) out.push(limitRow(a, limit));
  }
  out.push('');
  out.push('✅ ok · ⚠️ near (p99 above 80% of the limit, or fewer than 0.1% of executions over it) · ❌ exceeded (0.1% or more over it: the architecture does not fit)', '');

  out.push('## Monthly cost lines', '');
  for (const a of report.architectures) out.push(...costLines(a), '');

  out.push('## State handling', '');
  for (const a of report.architectures) {
    out.push(`- **${md(a.label)}**: ${md(a.stateHandling)}`);
    for (const note of a.notes ?? []) out.push(`  - ${md(note)}`);
  }
  out.push('');
  return out.join('\n');
}

function limitRow(a: ArchitectureReport, limit: LimitResult): string {
  return row([
    md(a.label),
    md(limit.label),
    md(formatLimit(limit)),
    md(formatLimitValue(limit.observedP99, limit.unit, limit.id)),
    exceedText(limit),
    `${STATUS_ICONS[limit.status]} ${limit.status}`,
  ]);
}

/** "0.07% (0.03%–0.14%)": the share of executions over the limit, with its 95% interval when it is not 0 or exact. */
export function exceedText(limit: LimitResult): string {
  const { low, high } = limit.exceedProbabilityInterval;
  const share = formatPercent(limit.exceedProbability);
  return limit.exceedProbability > 0 && high > low ? `${share} (${formatPercent(low)}–${formatPercent(high)})` : share;
}

/** " ±0.4%": the 95% interval of the month, relative (nothing when it is exact). */
export function plusMinus(a: ArchitectureReport): string {
  const { total, interval } = a.monthlyCost;
  if (!(total > 0) || interval.high <= total) return '';
  return ` ±${formatPercent((interval.high - total) / total)}`;
}

function costLines(a: ArchitectureReport): string[] {
  const lines = [`### ${md(a.label)} (\`${a.id}\`)`, '', '| Line | Quantity | Unit | USD |', '|:--|--:|:--|--:|'];
  for (const line of a.monthlyCost.lines) {
    const free = line.freeQuantity > 0 ? ` (${formatCount(line.freeQuantity)} free)` : '';
    lines.push(
      row([
        md(line.label) + (line.estimate ? ' \\*' : ''),
        formatCount(roundQuantity(line.quantity)) + free,
        md(line.unit),
        md(formatUsd(roundCents(line.usd))),
      ]),
    );
  }
  lines.push(row(['**Total**', '', '', `**${md(formatUsd(displayMonthlyTotal(a.monthlyCost.lines)))}**`]));
  return lines;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function roundQuantity(quantity: number): number {
  return quantity >= 100 ? Math.round(quantity) : Number(quantity.toFixed(2));
}

/** Text safe inside Markdown (escape.ts). */
export const md = markdownText;
