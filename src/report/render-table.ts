/** The terminal report: a summary row per architecture, each one's cost lines, the recommendation. */
import Table from 'cli-table3';
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
import { terminalText as t } from './escape.js';

export interface TableOptions {
  /** Terminal colours (off for pipes, NO_COLOR, CI logs). */
  readonly color: boolean;
}

const plainStyle = { head: [] as string[], border: [] as string[] };

export function renderTable(report: Report, options: TableOptions = { color: false }): string {
  const paint = painter(options.color);
  const out: string[] = [];
  const { workload, pricing, simulation } = report;
  out.push(
    paint.bold(`flowcost · ${t(workload.name)}`) +
      ` · ${t(workload.region)} · ${formatCount(workload.executionsPerMonth)} executions/month`,
  );
  out.push(`${pricingSummary(report)} · ${formatCount(simulation.samples)} simulated executions, seed ${simulation.seed}`);
  if (workload.deployedType) out.push(`This machine is deployed as ${workload.deployedType}.`);
  out.push('');

  const summary = new Table({
    head: ['Architecture', 'Fits', 'Cost/exec mean', 'Cost/exec p95', 'Monthly', 'Duration p50', 'p95', 'p99', 'Limits'],
    style: plainStyle,
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  for (const a of report.architectures) {
    const chosen = a.id === report.recommendation.architecture;
    summary.push([
      chosen ? paint.green(`▶ ${a.id}`) : `  ${a.id}`,
      a.feasible ? paint.green('yes') : paint.red('no'),
      formatUsdPerExecution(a.costPerExecution.mean),
      formatUsdPerExecution(a.costPerExecution.p95),
      formatUsd(displayMonthlyTotal(a.monthlyCost.lines)),
      formatDurationMs(a.durationMs.p50),
      formatDurationMs(a.durationMs.p95),
      formatDurationMs(a.durationMs.p99),
      limitsCell(a, paint),
    ]);
  }
  out.push(summary.toString());
  for (const estimate of pricing.estimates) out.push(paint.yellow(`  * estimated price — ${t(estimate)}`));
  for (const note of pricing.notes ?? []) out.push(paint.yellow(`  note: ${t(note)}`));
  for (const note of simulation.notes) out.push(paint.yellow(`  note: ${t(note)}`));
  out.push('');

  for (const a of report.architectures) out.push(costLinesTable(a), '');

  const rec = report.recommendation;
  out.push(paint.bold(rec.architecture ? `Recommendation: ${rec.architecture}` : 'Recommendation: none fits'));
  for (const reason of rec.reasons) out.push(`  • ${t(reason)}`);
  out.push('');
  out.push(paint.bold('State handling'));
  for (const a of report.architectures) {
    out.push(`  ${a.id}: ${t(a.stateHandling)}`);
    for (const note of a.notes ?? []) out.push(`    – ${t(note)}`);
  }
  return out.join('\n') + '\n';
}

/** "pricing 2026-11-01 (free tier not applied, 17% off Lambda compute)". */
export function pricingSummary(report: Report): string {
  const { pricing } = report;
  const notes = [pricing.freeTier ? 'free tier applied' : 'free tier not applied'];
  if (pricing.lambdaComputeDiscountPercent > 0) notes.push(`${pricing.lambdaComputeDiscountPercent}% off Lambda compute`);
  return `pricing ${pricing.version} (${notes.join(', ')})`;
}

function costLinesTable(a: ArchitectureReport): string {
  const table = new Table({
    head: [`${a.id}: monthly cost`, 'Quantity', 'Unit', 'USD'],
    style: plainStyle,
    colAligns: ['left', 'right', 'left', 'right'],
  });
  for (const line of a.monthlyCost.lines) {
    const free = line.freeQuantity > 0 ? ` (${formatCount(line.freeQuantity)} free)` : '';
    table.push([
      t(line.label) + (line.estimate ? ' *' : ''),
      formatCount(roundQuantity(line.quantity)) + free,
      t(line.unit),
      formatUsd(roundCents(line.usd)),
    ]);
  }
  table.push(['Total', '', '', formatUsd(displayMonthlyTotal(a.monthlyCost.lines))]);
  return table.toString();
}

function limitsCell(a: ArchitectureReport, paint: Painter): string {
  const notable = a.limits.filter((l) => l.status !== 'ok');
  if (notable.length === 0) return paint.green('all ok');
  return notable.map((l) => (l.status === 'exceeded' ? paint.red(`✗ ${shortLimit(l)}`) : paint.yellow(`! ${shortLimit(l)}`))).join('\n');
}

function shortLimit(l: LimitResult): string {
  const share = l.exceedProbability > 0 ? `${formatPercent(l.exceedProbability)} over` : `p99 ${formatLimitValue(l.observedP99, l.unit)}`;
  return `${l.id} (${share})`;
}

function roundQuantity(quantity: number): number {
  return quantity >= 100 ? Math.round(quantity) : Number(quantity.toFixed(2));
}

interface Painter {
  bold(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

function painter(color: boolean): Painter {
  const wrap = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap(1), green: wrap(32), red: wrap(31), yellow: wrap(33) };
}
