/** A sweep as a terminal table, JSON or Markdown: one row per value, then the crossovers in words. */
import Table from 'cli-table3';
import { formatUsd } from '../report/format.js';
import { jsonText, terminalText } from '../report/escape.js';
import { md } from '../report/render-markdown.js';
import { formatParameterValue, type SweepParameter } from './parameter.js';
import type { SweepResult } from './sweep.js';

export const SWEEP_JSON_VERSION = 1;

export function renderSweepJson(result: SweepResult): string {
  return jsonText(JSON.stringify({ sweepVersion: SWEEP_JSON_VERSION, ...result }, null, 2) + '\n');
}

function headline(result: SweepResult): string {
  const { parameter, simulation, workload } = result;
  return `flowcost sweep · ${workload.name} · ${parameter.path} from ${parameter.from} to ${parameter.to} (${parameter.scale}, ${result.points.length} points) · ${simulation.samples.toLocaleString('en-US')} simulated executions per point, seed ${simulation.seed}`;
}

function cells(result: SweepResult, parameter: SweepParameter, escape: (text: string) => string) {
  const ids = result.points[0]?.architectures.map((a) => a.id) ?? [];
  const head = [result.parameter.path, ...ids.map((id) => `${result.labels[id]} / month`), 'Recommended'];
  const rows = result.points.map((p) => [
    escape(formatParameterValue(parameter, p.value)),
    ...p.architectures.map((a) => escape(formatUsd(a.monthlyUsd)) + (a.feasible ? '' : ` ✗ (${a.exceeded.join(', ')})`)),
    p.recommendation ? escape(result.labels[p.recommendation]) : 'none fits',
  ]);
  return { head, rows };
}

export function renderSweepTable(result: SweepResult, parameter: SweepParameter): string {
  const { head, rows } = cells(result, parameter, terminalText);
  const table = new Table({ head: head.map(terminalText), style: { head: [], border: [] } });
  for (const row of rows) table.push(row);
  const out = [terminalText(headline(result)), table.toString(), '✗: does not fit (the limits it exceeds)', '', 'Crossovers:'];
  if (result.crossovers.length === 0) out.push('  none in this range: the ranking and the feasibility stay the same.');
  for (const c of result.crossovers) out.push(`  • ${terminalText(c.sentence)}`);
  return out.join('\n') + '\n';
}

export function renderSweepMarkdown(result: SweepResult, parameter: SweepParameter): string {
  const { head, rows } = cells(result, parameter, md);
  const out = [
    `# flowcost sweep · ${md(result.workload.name)}`,
    '',
    md(headline(result)),
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
    '✗: does not fit (the limits it exceeds)',
    '',
  ];
  return out.join('\n');
}
