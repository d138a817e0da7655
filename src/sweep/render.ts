/** A sweep as a terminal table, JSON or Markdown: one row per value, then the crossovers in words. */
import Table from 'cli-table3';
import { formatUsd } from '../report/format.js';
import { jsonText, terminalText } from '../report/escape.js';
import { md } from '../report/render-markdown.js';
import { formatParameterValue, type SweepParameter } from './parameter.js';
import type { SweepResult } from './sweep.js';
import { localeNumber } from '../report/locale-number.js';

export const SWEEP_JSON_VERSION = 1;

export function renderSweepJson(result: SweepResult): string {
  return jsonText(JSON.stringify({ sweepVersion: SWEEP_JSON_VERSION, ...result }, null, 2) + '\n');
}

function headline(result: SweepResult, swept: SweepParameter): string {
  const { parameter, simulation, workload } = result;
  const value = (v: number) => formatParameterValue(swept, v);
  return `flowcost sweep · ${workload.name} · ${parameter.path} from ${value(parameter.from)} to ${value(parameter.to)} (${parameter.scale}, ${result.points.length} points) · ${localeNumber(simulation.samples)} simulated executions per point, seed ${simulation.seed}`;
}

/**
 * One row per value: the value, each architecture's monthly cost (✗: it does not fit there) under
 * its id, as analyze's table names them, and the recommendation. Narrow enough for a terminal
 * (issue 15.14); which limits an architecture exceeds is said once, under the table.
 */
function cells(result: SweepResult, parameter: SweepParameter, escape: (text: string) => string) {
  const ids = result.points[0]?.architectures.map((a) => a.id) ?? [];
  const head = [result.parameter.path, ...ids, 'recommended'];
  const rows = result.points.map((p) => [
    escape(formatParameterValue(parameter, p.value)),
    ...p.architectures.map((a) => escape(formatUsd(a.monthlyUsd)) + (a.feasible ? '' : ' ✗')),
    p.recommendation ?? 'none fits',
  ]);
  return { head, rows };
}

/** "✗ does not fit: lambda (lambda-timeout) at 3 of 10 points; sfn-express (express-duration) at every point." */
function misfits(result: SweepResult): string {
  const ids = result.points[0]?.architectures.map((a) => a.id) ?? [];
  const parts = ids.flatMap((id) => {
    const at = result.points.map((p) => p.architectures.find((a) => a.id === id)!).filter((a) => !a.feasible);
    if (at.length === 0) return [];
    const limits = [...new Set(at.flatMap((a) => a.exceeded))];
    const where = at.length === result.points.length ? 'at every point' : `at ${at.length} of ${result.points.length} points`;
    return [`${id} (${limits.join(', ')}) ${where}`];
  });
  return parts.length === 0 ? 'Every architecture fits all along the range.' : `✗ does not fit: ${parts.join('; ')}.`;
}

export function renderSweepTable(result: SweepResult, parameter: SweepParameter): string {
  const { head, rows } = cells(result, parameter, terminalText);
  const table = new Table({ head: head.map(terminalText), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) table.push(row);
  const out = [terminalText(headline(result, parameter)), '', 'Crossovers:'];
  if (result.crossovers.length === 0) out.push('  none in this range: the ranking and the feasibility stay the same.');
  for (const c of result.crossovers) out.push(`  • ${terminalText(c.sentence)}`);
  out.push('', table.toString(), terminalText(misfits(result)));
  return out.join('\n') + '\n';
}

export function renderSweepMarkdown(result: SweepResult, parameter: SweepParameter): string {
  const { head, rows } = cells(result, parameter, md);
  const out = [
    `# flowcost sweep · ${md(result.workload.name)}`,
    '',
    md(headline(result, parameter)),
    '',
    '## Crossovers',
    '',
    ...(result.crossovers.length === 0 ? ['None in this range: the ranking and the feasibility stay the same.'] : result.crossovers.map((c) => `- ${md(c.sentence)}`)),
    '',
    '## Monthly cost along the range',
    '',
    `| ${head.map(md).join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 || i === head.length - 1 ? ':--' : '--:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    md(misfits(result)),
    '',
  ];
  return out.join('\n');
}
