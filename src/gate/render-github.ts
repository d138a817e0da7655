/**
 * GitHub Actions workflow commands: one annotation per failed assertion (error → ::error, warn →
 * ::warning) on the policy line that sets it, then the plain-text gate for the log.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import type { AssertionResult, GateResult } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';
import { renderGateTable } from './render-table.js';

export function renderGateGithub(gate: GateResult, verdict: GateVerdict): string {
  const annotations = gate.results.filter((r) => !r.passed).map(annotation);
  return (annotations.length > 0 ? annotations.join('\n') + '\n' : '') + renderGateTable(gate, verdict, { color: false });
}

function annotation(result: AssertionResult): string {
  const command = result.level === 'error' ? 'error' : 'warning';
  const properties = [
    ...(result.at ? [`file=${property(result.at.file)}`, `line=${result.at.line}`, `col=${result.at.column}`] : []),
    `title=${property(`flowcost gate: ${result.id}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${data(result.message)}`;
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
