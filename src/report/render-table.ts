/**
 * The terminal report, the answer first (issue 15.5): a summary row per architecture, the
 * recommendation and its reasons, what would make the others fit; then the details (each one's
 * cost lines, how it handles state).
 */
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
  precisionSentence,
  roundCents,
} from './format.js';
import { terminalText as t } from './escape.js';

export interface TableOptions {
  /** Terminal colours (off for pipes, NO_COLOR, CI logs). */
  readonly color: boolean;
}

const plainStyle = { head: [] as string[], border: [] as string[] };
/** No rule between rows: the summary fits a screen, with the recommendation under it. */
const compactChars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function renderTable(report: Report, options: TableOptions = { color: false }): string {
  const paint = painter(options.color);
  const out: string[] = [];
  const { workload, pricing, simulation } = report;
  out.push(
    paint.bold(`flowcost · ${t(workload.name)}`) +
      ` · ${t(workload.region)} · ${formatCount(workload.executionsPerMonth)} executions/month`,
  );
  out.push(`${pricingSummary(report)} · ${formatCount(simulation.samples)} simulated executions, seed ${simulation.seed}`);
  const stopped = precisionSentence(simulation);
  if (stopped) out.push(stopped);
  if (workload.deployedType) out.push(`This machine is deployed as ${workload.deployedType}.`);
  out.push('');

  const summary = new Table({
    head: ['Architecture', 'Fits', 'Cost/exec mean', 'Cost/exec p95', 'Monthly', 'Duration p50', 'p95', 'p99', 'Limits'],
    style: plainStyle,
    chars: compactChars,
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
  const spread = intervalSpread(report);
  if (spread) out.push(`  ${spread}`);
  for (const estimate of pricing.estimates) out.push(paint.yellow(`  * estimated price — ${t(estimate)}`));
  for (const note of pricing.notes ?? []) out.push(paint.yellow(`  note: ${t(note)}`));
  for (const note of simulation.notes) out.push(paint.yellow(`  note: ${t(note)}`));
  out.push('');

  const rec = report.recommendation;
  const chosen = report.architectures.find((a) => a.id === rec.architecture);
  out.push(paint.bold(chosen ? `Recommendation: ${chosen.id} (${t(chosen.label)})` : 'Recommendation: none fits'));
  for (const reason of rec.reasons) out.push(`  • ${t(reason)}`);
  out.push('');

  const unfit = report.architectures.filter((a) => a.remedies.length > 0);
  if (unfit.length > 0) {
    out.push(paint.bold('What would make the others fit'));
    for (const a of unfit) {
      out.push(`  ${a.id}:`);
      for (const remedy of a.remedies) out.push(`    • ${t(remedy)}`);
    }
    out.push('');
  }

  for (const a of report.architectures) out.push(costLinesTable(a), '');

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
    chars: compactChars,
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

/** "lambda-timeout: 93.5% of executions over" (issue 15.8: a share of executions, not of the limit). */
function shortLimit(l: LimitResult): string {
  const share = l.exceedProbability > 0 ? `${formatPercent(l.exceedProbability)} of executions over` : `p99 ${formatLimitValue(l.observedP99, l.unit, l.id)}`;
  return `${l.id}: ${share}`;
}

/** "Monthly costs ±0.3% (sfn-standard) to ±2.1% (lambda): 95% intervals from 10,000 simulated executions." */
export function intervalSpread(report: Report): string | undefined {
  const widths = report.architectures
    .filter((a) => a.monthlyCost.total > 0)
    .map((a) => ({ id: a.id, relative: (a.monthlyCost.interval.high - a.monthlyCost.total) / a.monthlyCost.total }));
  if (widths.length === 0) return undefined;
  const narrowest = widths.reduce((a, b) => (b.relative < a.relative ? b : a));
  const widest = widths.reduce((a, b) => (b.relative > a.relative ? b : a));
  const pm = (r: number) => `±${formatPercent(r)}`;
  const range = narrowest === widest || pm(narrowest.relative) === pm(widest.relative)
    ? pm(widest.relative)
    : `${pm(narrowest.relative)} (${narrowest.id}) to ${pm(widest.relative)} (${widest.id})`;
  return `Monthly costs ${range}: 95% intervals from ${formatCount(report.simulation.samples)} simulated executions.`;
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
