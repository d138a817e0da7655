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
  formatLimitValue,
  formatPercent,
  formatUsd,
  formatUsdPerExecution,
  roundCents,
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
  if (workload.deployedType) out.push(`This machine is deployed as ${workload.deployedType}.`, '');
  out.push(`## Recommendation: ${chosen ? `${md(chosen.label)} (\`${chosen.id}\`)` : 'none of the three fits'}`, '');
  for (const reason of rec.reasons) out.push(`- ${md(reason)}`);
  out.push('');

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
        md(formatUsd(displayMonthlyTotal(a.monthlyCost.lines))),
        formatDurationMs(a.durationMs.p50),
        formatDurationMs(a.durationMs.p95),
        formatDurationMs(a.durationMs.p99),
      ]),
    );
  }
  out.push('');
  for (const estimate of report.pricing.estimates) out.push(`\\* estimated price — ${md(estimate)}`, '');
  for (const note of report.pricing.notes ?? []) out.push(`Note: ${md(note)}`, '');

  out.push('## Limits', '');
  out.push('| Architecture | Limit | Value | Observed p99 | Executions over it | Status |');
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
    md(formatLimitValue(limit.limit, limit.unit)),
    md(formatLimitValue(limit.observedP99, limit.unit)),
    formatPercent(limit.exceedProbability),
    `${STATUS_ICONS[limit.status]} ${limit.status}`,
  ]);
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
