/**
 * A baseline for `flowcost gate --baseline`: a JSON report v1 from an earlier run, validated
 * against schemas/report.schema.json with positions (JSON is YAML, so the YAML reader locates it).
 */
import { FlowcostError } from '../errors/problem.js';
import type { Report } from '../report/model.js';
import { loadSchema } from './package-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource } from './yaml-source.js';

const HINT = 'give a report written by "flowcost analyze WORKLOAD --format json --out baseline.json"';


function loadReportSchema(): object {
  return loadSchema('report');
}

export function loadBaselineReport(file: string): Report {
  return parseBaselineReport(readTextFile(file), file);
}

export function parseBaselineReport(text: string, file: string): Report {
  try {
    JSON.parse(text);
  } catch (error) {
    // V8's wording differs between Node versions; keep only the position it gives.
    const message = (error as Error).message;
    throw new FlowcostError([
      { code: 'baseline', file, ...positionOf(text, message), message: 'the baseline is not valid JSON', hint: HINT },
    ]);
  }
  const source = parseYamlSource(text, file);
  const problems = schemaProblems(loadReportSchema(), source, 'baseline');
  if (problems.length > 0) {
    throw new FlowcostError(problems.map((problem) => ({ ...problem, message: `baseline: ${problem.message}`, hint: HINT })));
  }
  return source.data as Report;
}

/** Line and column of V8's "… at position N" in a JSON.parse error, when it says. */
function positionOf(text: string, message: string): { line: number; column: number } | Record<string, never> {
  const offset = /at position (\d+)/.exec(message)?.[1];
  if (offset === undefined) return {};
  const before = text.slice(0, Number(offset)).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
