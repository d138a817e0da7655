/**
 * A state machine definition file → its checked ASL graph: an ASL definition (JSON or YAML), or a
 * SAM/CloudFormation template (short-form intrinsic tags allowed) whose state machine is inline
 * (Definition, DefinitionString) or in a file beside it (DefinitionUri, read relative to the
 * template). Every problem points into the file that holds it.
 */
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { isAsl, readAsl, type AslDefinition } from '../import/asl.js';
import { CFN_TAGS } from '../import/cfn-tags.js';
import { resolveIntrinsics } from '../import/intrinsics.js';
import { isTemplate, selectStateMachine, substituteDefinition } from '../import/template.js';
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import { defaultProjectRoot, projectFiles, type ProjectFiles } from './project-files.js';
import { readTextFile } from './read-text.js';
import { parseYamlSource, type SourceDocument } from './yaml-source.js';

export interface LoadedDefinition {
  readonly definition: AslDefinition;
  /** "file" or "template.yaml#LogicalId", for messages. */
  readonly source: string;
  readonly declaredType: 'STANDARD' | 'EXPRESS' | undefined;
  /** The document that holds the definition, and where in it the definition starts. */
  readonly document: SourceDocument;
  readonly basePath: DataPath;
}

const EXPECTED = 'an Amazon States Language definition, or a SAM/CloudFormation template with a state machine';

export interface DefinitionReadOptions {
  /** The project a template's DefinitionUri must stay inside (default: the template's own, see defaultProjectRoot). */
  readonly files?: ProjectFiles;
  /** The text of `file`, when the caller has read it already (a workload's definition, read confined). */
  readonly text?: string;
}

export function loadDefinitionFile(file: string, resource?: string, options: DefinitionReadOptions = {}): LoadedDefinition {
  // Duplicate keys: the last one wins, as the SAM CLI reads templates.
  const text = options.text ?? readTextFile(file);
  const document = parseYamlSource(text, file, { customTags: CFN_TAGS, expected: EXPECTED, uniqueKeys: false });
  if (!isTemplate(document.data)) {
    if (resource !== undefined && isAsl(document.data)) {
      throw new FlowcostError([
        { code: 'usage', file, message: `resource "${resource}" was given, but ${file} is an ASL definition, not a template`, hint: 'give resource only with a template' },
      ]);
    }
    return checked(document.data, file, undefined, document, []);
  }
  const selected = selectStateMachine(document.data, resource);
  if (!selected.ok) throw new FlowcostError(locateAll(selected.problems, document, []));
  const { machine } = selected;
  const source = `${file}#${machine.logicalId}`;
  const location = machine.definition;
  switch (location.kind) {
    case 'inline':
      return checked(substituteDefinition(resolveIntrinsics(location.value, machine.context), machine.substitutions), source, machine.declaredType, document, location.path);
    case 'string': {
      // Positions inside the string are not positions in the template: point at DefinitionString.
      let data: unknown;
      try {
        data = parseYamlSource(location.text, `${file} (DefinitionString)`, { expected: EXPECTED }).data;
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw error;
        throw new FlowcostError(error.problems.map((p) => ({ ...p, ...where(document, location.path), file, path: formatPath(location.path) })));
      }
      const pinned: SourceDocument = { file, data, locate: () => document.locate(location.path), locateKey: () => document.locate(location.path) };
      return checked(substituteDefinition(data, machine.substitutions), source, machine.declaredType, pinned, []);
    }
    case 'file': {
      // A file that a template names: confined to the project like every file a file names.
      const files = options.files ?? projectFiles(defaultProjectRoot(file, process.cwd()));
      let named: { readonly file: string; readonly text: string };
      try {
        named = files.readText(location.file, file);
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw error;
        throw new FlowcostError(
          error.problems.map((p) => ({ ...p, file, ...where(document, location.path), path: formatPath(location.path), message: `DefinitionUri: ${p.message}` })),
        );
      }
      const inner = parseYamlSource(named.text, named.file, { expected: EXPECTED });
      return checked(substituteDefinition(inner.data, machine.substitutions), source, machine.declaredType, inner, []);
    }
  }
}

function checked(
  data: unknown,
  source: string,
  declaredType: 'STANDARD' | 'EXPRESS' | undefined,
  document: SourceDocument,
  basePath: DataPath,
): LoadedDefinition {
  const result = readAsl(data);
  if (!result.ok) throw new FlowcostError(locateAll(result.problems, document, basePath));
  return { definition: result.definition, source, declaredType, document, basePath };
}

function where(document: SourceDocument, path: DataPath): { line?: number; column?: number } {
  const at = document.locate(path);
  return at ? { line: at.line, column: at.column } : {};
}

/** Problems found in a definition, each pointing into the file that holds it. */
export function locateAll(problems: readonly SemanticProblem[], document: SourceDocument, basePath: DataPath): Problem[] {
  return problems.map((problem) => {
    const path = [...basePath, ...problem.path];
    return {
      code: 'semantic',
      file: document.file,
      ...where(document, path),
      path: formatPath(path),
      message: problem.message,
      ...(problem.expected ? { expected: problem.expected } : {}),
      ...(problem.actual ? { actual: problem.actual } : {}),
      hint: problem.hint,
    };
  });
}
