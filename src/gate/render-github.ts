/**
 * GitHub Actions workflow commands: one annotation per failed assertion (error → ::error, warn →
 * ::warning) on the policy line that sets it, then the plain-text gate for the log.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 *
 * Every text in a command is escaped as GitHub's toolkit does (escape.ts). The plain-text part
 * quotes the workload's own texts, so it is also enclosed in `::stop-commands::TOKEN` … `::TOKEN::`,
 * during which the runner reads no workflow command at all. The token is a hash of the text it
 * encloses: no input can contain it (and the output stays the same for the same input).
 */
import type { AssertionResult, GateResult } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';
import { workflowData as data, workflowProperty as property } from '../report/escape.js';
import { renderGateTable } from './render-table.js';

export function renderGateGithub(gate: GateResult, verdict: GateVerdict): string {
  const annotations = gate.results.filter((r) => !r.passed).map(annotation);
  const log = renderGateTable(gate, verdict, { color: false });
  const token = `flowcost-${process.getBuiltinModule('node:crypto').createHash('sha256').update(log).digest('hex').slice(0, 32)}`;
  return (annotations.length > 0 ? annotations.join('\n') + '\n' : '') + `::stop-commands::${token}\n` + log + `::${token}::\n`;
}

function annotation(result: AssertionResult): string {
  const command = result.level === 'error' ? 'error' : 'warning';
  const properties = [
    ...(result.at ? [`file=${property(result.at.file)}`, `line=${result.at.line}`, `col=${result.at.column}`] : []),
    `title=${property(`flowcost gate: ${result.id}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${data(result.message)}`;
}


