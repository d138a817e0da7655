/**
 * A SAM or CloudFormation template (a CDK stack template too) → the chosen state machine: its
 * definition inline (Definition), as a string (DefinitionString, `!Sub`, `!Join`), in a file beside
 * the template (DefinitionUri, read through the project's files) or in S3 (an asset the caller can
 * resolve, as cdk.ts does for cdk.out); its type; the template's Lambda functions.
 */
import { FlowcostError, formatPath } from '../errors/problem.js';
import { failAt, problemAt, type DeployedType, type ImportContext, type ImportedStateMachine, type MachineEntry, type ParsedDocument, type SourceFormat } from './source.js';
import { templateFunctions } from './template-functions.js';
import { selectStateMachine, stateMachineIds, STATE_MACHINE_RESOURCE_TYPES, substituteDefinition } from './template.js';
import { isObject, resolveIntrinsics, templateContext } from './intrinsics.js';
import type { DataPath } from '../workload/problems.js';

export const DEFINITION_EXPECTED = 'an Amazon States Language definition, or a SAM/CloudFormation template with a state machine';

export interface TemplateOptions {
  readonly format?: SourceFormat;
  /** Text of an S3 object the template names (a CDK asset), or undefined when it is not in the project. */
  readonly s3Object?: (bucket: string, key: string) => { readonly file: string; readonly text: string } | undefined;
  /** Other names per logical id (CDK construct paths). */
  readonly aliases?: (logicalId: string) => readonly string[];
}

/** SAM when the template uses the Serverless transform or SAM resource types. */
export function templateFormat(template: unknown): 'sam' | 'cloudformation' {
  const transform = isObject(template) ? template['Transform'] : undefined;
  const transforms = Array.isArray(transform) ? transform : [transform];
  return transforms.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless')) ? 'sam' : 'cloudformation';
}

export function templateEntries(document: ParsedDocument, options: TemplateOptions = {}): MachineEntry[] {
  const resources = isObject(document.data) && isObject(document.data['Resources']) ? document.data['Resources'] : {};
  return stateMachineIds(document.data).map((id) => {
    const resource = resources[id];
    const properties = isObject(resource) && isObject(resource['Properties']) ? resource['Properties'] : {};
    return { id, aliases: options.aliases?.(id) ?? [], format: options.format ?? templateFormat(document.data), source: document.file, deployedType: typeOf(properties) };
  });
}

function typeOf(properties: Record<string, unknown>): DeployedType | undefined {
  const type = properties['Type'] ?? properties['StateMachineType'];
  return type === 'EXPRESS' || type === 'STANDARD' ? type : undefined;
}

export function importTemplate(document: ParsedDocument, resource: string | undefined, context: ImportContext, options: TemplateOptions = {}): ImportedStateMachine {
  const aliased = resource === undefined ? undefined : resolveAlias(document, resource, options);
  const selected = selectStateMachine(document.data, aliased);
  if (!selected.ok) throw new FlowcostError(selected.problems.map((p) => problemAt(document, p.path, p)));
  const { machine } = selected;
  const warnings: string[] = [];
  const base = {
    id: machine.logicalId,
    format: options.format ?? templateFormat(document.data),
    deployedType: machine.declaredType,
    functions: templateFunctions(document.data, templateContext(document.data), warnings),
    warnings,
  };
  const location = machine.definition;
  switch (location.kind) {
    case 'inline':
      return {
        ...base,
        definition: substituteDefinition(resolveIntrinsics(location.value, machine.context), machine.substitutions),
        document,
        basePath: location.path,
      };
    case 'string': {
      const inner = parsePinned(location.text, document, location.path, context, 'DefinitionString');
      return { ...base, definition: substituteDefinition(inner.data, machine.substitutions), document: inner, basePath: [] };
    }
    case 'file': {
      const read = readNamed(location.file, document, location.path, context, 'DefinitionUri', 'DefinitionUri is read relative to the template');
      const inner = context.parsers.yaml(read.text, read.file, { expected: DEFINITION_EXPECTED });
      return { ...base, definition: substituteDefinition(inner.data, machine.substitutions), document: inner, basePath: [] };
    }
    case 's3': {
      const object = options.s3Object?.(location.bucket, location.key);
      if (!object) {
        const key = location.path.at(-1);
        return failAt(document, location.path, {
          message: `unsupported feature: a definition stored in Amazon S3 (${String(key)})`,
          expected: 'Definition, DefinitionString, or DefinitionUri with a local file path (or a cdk.out asset)',
          hint: 'download the definition and point DefinitionUri at the local file, or import the ASL file directly',
        });
      }
      const inner = context.parsers.yaml(object.text, object.file, { expected: DEFINITION_EXPECTED });
      return { ...base, definition: substituteDefinition(inner.data, machine.substitutions), document: inner, basePath: [] };
    }
  }
}

function resolveAlias(document: ParsedDocument, resource: string, options: TemplateOptions): string {
  if (!options.aliases) return resource;
  const wanted = resource.replace(/^\//, '').replace(/\/Resource$/, '');
  return stateMachineIds(document.data).find((id) => options.aliases!(id).some((a) => a.replace(/^\//, '').replace(/\/Resource$/, '') === wanted)) ?? resource;
}

/**
 * A definition held as a string: parsed on its own; positions inside the string are not positions
 * in the file, so every problem points at the string's place in the file.
 */
export function parsePinned(text: string, document: ParsedDocument, path: DataPath, context: ImportContext, what: string): ParsedDocument {
  let data: unknown;
  try {
    data = context.parsers.yaml(text, `${document.file} (${what})`, { expected: DEFINITION_EXPECTED }).data;
  } catch (error) {
    if (!(error instanceof FlowcostError)) throw error;
    const at = document.locate(path);
    throw new FlowcostError(
      error.problems.map((p) => ({ ...p, file: document.file, ...(at ? { line: at.line, column: at.column } : {}), path: formatPath(path), message: `${what}: ${p.message}` })),
    );
  }
  return { file: document.file, data, locate: () => document.locate(path) };
}

/** A file named at `path` of `document`, read through the project's files; a read error points at the name. */
export function readNamed(name: string, document: ParsedDocument, path: DataPath, context: ImportContext, what: string, hint: string): { file: string; text: string } {
  try {
    return context.files.readText(name, document.file);
  } catch (error) {
    if (!(error instanceof FlowcostError)) throw error;
    const at = document.locate(path);
    const inner = error.problems[0]?.message ?? 'it cannot be read';
    throw new FlowcostError([
      {
        code: 'file-read',
        file: document.file,
        ...(at ? { line: at.line, column: at.column } : {}),
        path: formatPath(path),
        message: inner.includes(name) ? `${what}: ${inner}` : `${what}: ${name} cannot be read: ${inner}`,
        hint: error.problems[0]?.hint ?? hint,
      },
    ]);
  }
}

export { STATE_MACHINE_RESOURCE_TYPES };
