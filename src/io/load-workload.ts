/** Workload file → normalized Workload, or a FlowcostError listing every problem with its position. */
import { dirname, isAbsolute, join } from 'node:path';
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { normalizeWorkload, type ImportedDefinition } from '../workload/normalize.js';
import type { MachineProblem } from '../workload/normalize-machine.js';
import { loadDefinitionFile, locateAll, type LoadedDefinition } from './load-definition.js';
import type { Workload } from '../workload/types.js';
import { loadSchema } from './package-files.js';
import { defaultProjectRoot, projectFiles, type ProjectFiles } from './project-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource, type SourceDocument } from './yaml-source.js';


export function loadWorkloadSchema(): object {
  return loadSchema('workload');
}

export interface WorkloadLoadOptions {
  /**
   * The project root: the files the workload names (its definition, a template's DefinitionUri)
   * are read only inside it. Default: the nearest ancestor of the workload holding .git, else the
   * working directory (defaultProjectRoot).
   */
  readonly root?: string;
  /** The project's files, when the caller has them already (wins over `root`). */
  readonly files?: ProjectFiles;
}

/** The workload file itself is the caller's choice: read where it is (a regular file, bounded). */
export function loadWorkloadFile(file: string, options: WorkloadLoadOptions = {}): Workload {
  return parseWorkload(readTextFile(file), file, options);
}

export function parseWorkload(text: string, file: string, options: WorkloadLoadOptions = {}): Workload {
  const source = parseYamlSource(text, file);
  const problems = schemaProblems(loadWorkloadSchema(), source);
  if (problems.length > 0) throw new FlowcostError(problems);
  const loaded = referencedDefinition(source, file, options);
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

/**
 * The definition a `stateMachine:` workload names: a file or a folder (Terraform, cdk.out, a
 * project), relative to the workload file and read only inside the project. A refusal of the path
 * itself points at the workload's `stateMachine.definition`.
 */
function referencedDefinition(source: SourceDocument, file: string, options: WorkloadLoadOptions): LoadedDefinition | undefined {
  const stateMachine = (source.data as { stateMachine?: { definition: string; resource?: string } }).stateMachine;
  if (!stateMachine) return undefined;
  const files = options.files ?? projectFiles(options.root ?? defaultProjectRoot(file, process.cwd()));
  const named = stateMachine.definition;
  const path = isAbsolute(named) ? named : join(dirname(file), named);
  try {
    // The lexical and real-path checks of the project, before the importer opens anything.
    if (!files.isDirectory(path)) files.readText(named, file);
    return loadDefinitionFile(path, stateMachine.resource, files);
  } catch (error) {
    if (!(error instanceof FlowcostError) || !error.problems.every((p) => p.code === 'file-read' && (p.file === file || p.file === path))) throw error;
    const at = source.locate(['stateMachine', 'definition']);
    throw new FlowcostError(
      error.problems.map((p) => ({
        ...p,
        file,
        ...(at ? { line: at.line, column: at.column } : {}),
        path: 'stateMachine.definition',
        message: `definition: ${p.message}`,
      })),
    );
  }
}
