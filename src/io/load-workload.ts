/** Workload file → normalized Workload, or a FlowcostError listing every problem with its position. */
import { readFileSync } from 'node:fs';
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { normalizeWorkload } from '../workload/normalize.js';
import type { Workload } from '../workload/types.js';
import { packagePath } from './package-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource } from './yaml-source.js';

let workloadSchema: object | undefined;

export function loadWorkloadSchema(): object {
  workloadSchema ??= JSON.parse(readFileSync(packagePath('schemas', 'workload.schema.json'), 'utf8')) as object;
  return workloadSchema;
}

export function loadWorkloadFile(file: string): Workload {
  return parseWorkload(readTextFile(file), file);
}

export function parseWorkload(text: string, file: string): Workload {
  const source = parseYamlSource(text, file);
  const problems = schemaProblems(loadWorkloadSchema(), source);
  if (problems.length > 0) throw new FlowcostError(problems);
  const result = normalizeWorkload(source.data);
  if (!result.ok) {
    throw new FlowcostError(
      result.problems.map((problem): Problem => {
        const at = source.locate(problem.path);
        return {
          code: 'semantic',
          file,
          ...(at ? { line: at.line, column: at.column } : {}),
          path: formatPath(problem.path),
          message: problem.message,
          ...(problem.expected ? { expected: problem.expected } : {}),
          ...(problem.actual ? { actual: problem.actual } : {}),
          hint: problem.hint,
        };
      }),
    );
  }
  return result.workload;
}
