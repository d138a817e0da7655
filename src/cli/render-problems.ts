/** How problems read on a terminal: `file:line:col  message  (hint)`, one per line, all of them. */
import type { Problem } from '../errors/problem.js';
import { jsonText, terminalText as t } from '../report/escape.js';

export function renderProblems(problems: readonly Problem[]): string {
  return problems.map(renderProblem).join('\n') + '\n';
}

function renderProblem(problem: Problem): string {
  const where = problem.file
    ? `${t(problem.file)}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ''}`
    : 'flowcost';
  const details: string[] = [];
  if (problem.expected) details.push(`expected ${t(problem.expected)}`);
  if (problem.actual && !problem.message.includes(problem.actual)) details.push(`found ${t(problem.actual)}`);
  const detail = details.length > 0 ? `\n    ${details.join('; ')}` : '';
  const hint = problem.hint ? `  (${t(problem.hint)})` : '';
  return `${where}  error[${problem.code}]: ${t(problem.message)}${hint}${detail}`;
}

export function problemsAsJson(problems: readonly Problem[]): string {
  return jsonText(JSON.stringify({ errors: problems }, null, 2) + '\n');
}
