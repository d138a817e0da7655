/** The gate on a terminal: one block per assertion (status, expected vs actual, message), the baseline diff, the verdict. */
import { terminalText as t } from '../report/escape.js';
import { formatUsd, precisionSentence } from '../report/format.js';
import type { BaselineDiff, GateResult } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';
import { actualText, deltaMarker, deltaText, expectedText, statusText, usdOrDash, verdictText } from './format.js';

export interface GateTableOptions {
  readonly color: boolean;
}

export function renderGateTable(gate: GateResult, verdict: GateVerdict, options: GateTableOptions = { color: false }): string {
  const paint = painter(options.color);
  const out: string[] = [];
  const preset = gate.preset ? ` · extends ${gate.preset}` : '';
  out.push(paint.bold(`flowcost gate · ${t(gate.workload)} · decision: ${t(gate.decision)}`) + preset);
  const samples = gate.simulation && precisionSentence(gate.simulation);
  if (samples) out.push(samples);
  out.push('');
  for (const result of gate.results) {
    const status = statusText(result);
    const mark = status === 'pass' ? paint.green('✓ pass') : status === 'FAIL' ? paint.red('✗ FAIL') : paint.yellow('! warn');
    out.push(`${mark}  ${result.id} (${result.level})  expected ${expectedText(result)}, actual ${actualText(result)}`);
    out.push(`        ${t(result.message)}`);
  }
  if (gate.results.length === 0) out.push('No assertion is on: set some under "assertions:" or extend a preset.');
  if (gate.baseline) out.push('', ...baselineLines(gate.baseline));
  out.push('');
  const verdictLine = `Gate ${verdictText(verdict)}`;
  out.push(verdict.passed ? paint.green(verdictLine) : paint.red(verdictLine));
  return out.join('\n') + '\n';
}

/** infracost-diff style: a marker, the architecture, the change, then before → after. */
export function baselineLines(diff: BaselineDiff): string[] {
  const width = Math.max(...diff.architectures.map((d) => d.id.length), 12);
  const changeWidth = Math.max(...diff.architectures.map((d) => deltaText(d).length));
  const lines = [`Monthly cost against the baseline (${t(diff.workload)}):`];
  for (const delta of diff.architectures) {
    const span = delta.deltaUsd === 0 && delta.beforeUsd !== null && delta.afterUsd !== null
      ? formatUsd(delta.afterUsd)
      : `${usdOrDash(delta.beforeUsd)} → ${usdOrDash(delta.afterUsd)}`;
    lines.push(`  ${deltaMarker(delta)} ${delta.id.padEnd(width)}  ${deltaText(delta).padEnd(changeWidth)}  ${span}`);
  }
  return lines;
}

function painter(color: boolean) {
  const wrap = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap(1), green: wrap(32), red: wrap(31), yellow: wrap(33) };
}
