/** Workload file → normalized Workload, or a FlowcostError listing every problem with its position. */
import { dirname, isAbsolute, join } from 'node:path';
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { normalizeWorkload, type ImportedDefinition } from '../workload/normalize.js';
import type { MachineProblem } from '../workload/normalize-machine.js';
import { loadDefinitionFile, locateAll, type LoadedDefinition } from './load-definition.js';
import type { Workload } from '../workload/types.js';
import { loadSchema } from './package-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource } from './yaml-source.js';


export function loadWorkloadSchema(): object {
  return loadSchema('workload');
}

export function loadWorkloadFile(file: string): Workload {
  return parseWorkload(readTextFile(file), file);
}

export function parseWorkload(text: string, file: string): Workload {
  const source = parseYamlSource(text, file);
  const problems = schemaProblems(loadWorkloadSchema(), source);
  if (problems.length > 0) throw new FlowcostError(problems);
  const loaded = referencedDefinition(source.data, file);
  const imported: ImportedDefinition | undefined = loaded && {
    definition: loaded.definition,
    source: loaded.source,
    // The workload's stateMachine.type, else what the source declares.
    declaredType: (source.data as { stateMachine?: { type?: 'STANDARD' | 'EXPRESS' } }).stateMachine?.type ?? loaded.declaredType,
  };
  const result = normalizeWorkload(source.data, imported);
  if (!result.ok) {
    throw new FlowcostError(
      result.problems.map((problem: MachineProblem): Problem => {
        if (problem.inDefinition && loaded) return locateAll([problem], loaded.document, loaded.basePath)[0]!;
        const at = problem.atKey
          ? source.locateKey(problem.path.slice(0, -1), String(problem.path.at(-1)))
          : source.locate(problem.path);
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

/** The definition a `stateMachine:` workload names, read relative to the workload file. */
function referencedDefinition(data: unknown, file: string): LoadedDefinition | undefined {
  const stateMachine = (data as { stateMachine?: { definition: string; resource?: string } }).stateMachine;
  if (!stateMachine) return undefined;
  const path = stateMachine.definition;
  return loadDefinitionFile(isAbsolute(path) ? path : join(dirname(file), path), stateMachine.resource);
}
