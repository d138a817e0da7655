/**
 * What every importer returns: the chosen state machine's raw ASL data, where it came from (for
 * messages that point into the right file), its deployed type, and the Lambda functions the
 * project deploys (lambda-bindings.ts binds Tasks to them). Importers are pure: they get parsed
 * data, the project's files (files.ts) and the parsers, all injected by src/io.
 */
import { closest, FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import type { ProjectFiles } from './files.js';

export const SOURCE_FORMATS = {
  asl: 'Amazon States Language definition',
  sam: 'AWS SAM template',
  cloudformation: 'CloudFormation template',
  cdk: 'AWS CDK cloud assembly (cdk.out)',
  'terraform-plan': 'Terraform plan (terraform show -json)',
  'terraform-state': 'Terraform state (terraform show -json)',
  terraform: 'Terraform configuration (.tf)',
  serverless: 'Serverless Framework service (serverless-step-functions)',
} as const satisfies Record<string, string>;
export type SourceFormat = keyof typeof SOURCE_FORMATS;

export type DeployedType = 'STANDARD' | 'EXPRESS';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed file that remembers where each value came from (src/io/yaml-source.ts's SourceDocument satisfies it). */
export interface ParsedDocument {
  readonly file: string;
  readonly data: unknown;
  locate(path: readonly (string | number)[]): Position | undefined;
}

export interface YamlOptions {
  /** CloudFormation short-form tags (!Ref, !Sub, …). */
  readonly cfnTags?: boolean;
  /** Refuse duplicate keys (default true). */
  readonly uniqueKeys?: boolean;
  readonly expected?: string;
}

/** Parsers src/io provides; each throws FlowcostError with the file, line and column of a syntax error. */
export interface Parsers {
  /** YAML or JSON text. */
  yaml(text: string, file: string, options?: YamlOptions): ParsedDocument;
  /** Terraform HCL text → the JSON form of its blocks and attributes (expressions kept as "${…}" text). */
  hcl(text: string, file: string): Readonly<Record<string, unknown>>;
  /** One HCL expression (or a quoted template) → its syntax tree, for the Terraform evaluator. */
  hclExpression(text: string, file: string): HclNode;
}

/** A node of @cdktn/hcl2json's expression syntax tree (getExpressionAst). */
export interface HclNode {
  readonly type: string;
  readonly range?: { readonly start: { readonly byte: number }; readonly end: { readonly byte: number } };
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly children: readonly HclNode[];
}

export interface ImportContext {
  readonly files: ProjectFiles;
  readonly parsers: Parsers;
}

/** A Lambda function the project deploys, with the settings flowcost models (undefined: not set). */
export interface LambdaFunctionSettings {
  /** How the function is named in messages and skeleton comments (logical id, Terraform address, Serverless key). */
  readonly name: string;
  readonly memoryMb: number | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly architecture: 'x86_64' | 'arm64' | undefined;
  readonly ephemeralStorageMb: number | undefined;
}

/** Functions by every key a Task may name them by (logical id, function name, Terraform address). */
export type FunctionTable = ReadonlyMap<string, LambdaFunctionSettings>;

/** The chosen state machine, as an importer read it. */
export interface ImportedStateMachine {
  /** Logical id, Terraform address or Serverless key: what --resource / stateMachine.resource names. */
  readonly id: string;
  readonly format: SourceFormat;
  /** The raw ASL data, substitutions applied. */
  readonly definition: unknown;
  /** The document that holds the definition, and where in it the definition starts. */
  readonly document: ParsedDocument;
  readonly basePath: DataPath;
  readonly deployedType: DeployedType | undefined;
  readonly functions: FunctionTable;
  /** What could not be read exactly (placeholders left, values out of range), for stderr and the report. */
  readonly warnings: readonly string[];
}

/** A state machine a project holds, before its definition is read. */
export interface MachineEntry {
  /** What --resource takes. */
  readonly id: string;
  /** Other names --resource accepts (a CDK construct path, a Terraform resource name, a Serverless `name:`). */
  readonly aliases: readonly string[];
  readonly format: SourceFormat;
  /** The file (or folder) to name as stateMachine.definition. */
  readonly source: string;
  readonly deployedType: DeployedType | undefined;
}

/** A problem at `path` of `document`, as a FlowcostError's problem (code "semantic"). */
export function problemAt(document: ParsedDocument, path: DataPath, problem: Omit<SemanticProblem, 'path'>): Problem {
  const at = document.locate(path);
  return {
    code: 'semantic',
    file: document.file,
    ...(at ? { line: at.line, column: at.column } : {}),
    ...(path.length > 0 ? { path: formatPath(path) } : {}),
    message: problem.message,
    ...(problem.expected ? { expected: problem.expected } : {}),
    ...(problem.actual ? { actual: problem.actual } : {}),
    hint: problem.hint,
  };
}

export function failAt(document: ParsedDocument, path: DataPath, problem: Omit<SemanticProblem, 'path'>): never {
  throw new FlowcostError([problemAt(document, path, problem)]);
}

/**
 * The entry `resource` names (its id or an alias), the only entry when there is one, or a problem:
 * none found, several and no resource, or no such resource (with "did you mean").
 */
export function chooseEntry<T extends { readonly id: string; readonly aliases: readonly string[] }>(
  entries: readonly T[],
  resource: string | undefined,
  what: string,
): { readonly ok: true; readonly entry: T } | { readonly ok: false; readonly problem: Omit<SemanticProblem, 'path'> } {
  const ids = entries.map((e) => e.id);
  if (entries.length === 0) return { ok: false, problem: { message: `${what} holds no state machine`, hint: 'give the file or folder that defines the state machine' } };
  if (resource === undefined) {
    if (entries.length === 1) return { ok: true, entry: entries[0]! };
    return {
      ok: false,
      problem: {
        message: `${what} holds ${entries.length} state machines: ${ids.join(', ')}`,
        expected: 'one of them chosen with resource (stateMachine.resource, or --resource)',
        hint: `choose one, e.g. --resource ${ids[0]!}`,
      },
    };
  }
  const wanted = normalizeResource(resource);
  const matches = entries.filter((e) => e.id === resource || e.aliases.some((a) => normalizeResource(a) === wanted));
  if (matches.length === 1) return { ok: true, entry: matches[0]! };
  if (matches.length > 1) {
    const qualified = matches.map((m) => m.aliases.find((a) => a.includes('#')) ?? m.id);
    return { ok: false, problem: { message: `resource "${resource}" names ${matches.length} state machines: ${qualified.join(', ')}`, hint: `name one of them as written here, e.g. --resource '${qualified[0]!}'` } };
  }
  const suggestion = closest(resource, [...ids, ...entries.flatMap((e) => e.aliases)]);
  return {
    ok: false,
    problem: {
      message: `${what} has no state machine "${resource}"`,
      expected: `one of ${ids.join(', ')}`,
      actual: resource,
      hint: suggestion ? `did you mean "${suggestion}"?` : `choose one of ${ids.join(', ')}`,
    },
  };
}

/** Construct paths are written with or without the leading "/" and the trailing "/Resource". */
function normalizeResource(name: string): string {
  return name.replace(/^\//, '').replace(/\/Resource$/, '');
}
