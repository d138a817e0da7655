/**
 * A state machine named by a path (and, where the path holds several, a resource) → its checked ASL
 * graph, its deployed type and the Lambda functions its Tasks call. The path may be an ASL
 * definition (JSON or YAML), a SAM/CloudFormation template, a Terraform plan or state
 * (`terraform show -json`), a folder of `.tf` files, a CDK cloud assembly (`cdk.out`), a
 * Serverless Framework `serverless.yml`, or a project folder holding any of these (src/import/discover.ts).
 * Files that files name (a DefinitionUri, a templatefile(), a CDK asset, a nested stack) are read
 * through a ProjectFiles (src/import/files.ts); every problem points into the file that holds it.
 */
import { basename, dirname, resolve } from 'node:path';
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { isAsl, readAsl, type AslDefinition } from '../import/asl.js';
import { DEFINITION_EXPECTED, importTemplate } from '../import/cloudformation.js';
import { importCdk, isCloudAssembly } from '../import/cdk.js';
import { discover, discoverMachines, type Discovery } from '../import/discover.js';
import type { ProjectFiles } from '../import/files.js';
import { bindTasks } from '../import/lambda-bindings.js';
import { importServerless, isServerlessFile } from '../import/serverless.js';
import { chooseEntry, type DeployedType, type ImportContext, type ImportedStateMachine, type LambdaFunctionSettings, type MachineEntry, type ParsedDocument, type SourceFormat } from '../import/source.js';
import { isTemplate } from '../import/template.js';
import { importTerraformModule } from '../import/terraform-hcl.js';
import { importTerraformJson, isTerraformJson } from '../import/terraform-plan.js';
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import { PARSERS } from './parsers.js';
import { commandLineRoot, projectFiles } from './project-files.js';

export interface LoadedDefinition {
  readonly definition: AslDefinition;
  /** "file" or "file#LogicalId", for messages. */
  readonly source: string;
  /** The type the state machine is deployed as, when its source says. */
  readonly declaredType: DeployedType | undefined;
  /** The document that holds the definition, and where in it the definition starts. */
  readonly document: ParsedDocument;
  readonly basePath: DataPath;
  readonly format: SourceFormat;
  /** The logical id / address / key that names it in its source (undefined for a plain ASL file). */
  readonly id: string | undefined;
  /** The file or folder a workload names as stateMachine.definition to get this machine again. */
  readonly definitionPath: string;
  /** Task state name → the Lambda function it calls, from the template. */
  readonly bindings: ReadonlyMap<string, LambdaFunctionSettings>;
  /** What could not be read exactly (placeholders left, settings out of range). */
  readonly warnings: readonly string[];
}

/** `file` may be a file or a folder; `files` reads what it names (the plain, unconfined reader by default). */
export function loadDefinitionFile(file: string, resource?: string, files: ProjectFiles = projectFiles(commandLineRoot(file, process.cwd()))): LoadedDefinition {
  const context: ImportContext = { files, parsers: PARSERS };
  const { machine, definitionPath } = importFrom(file, resource, context);
  const result = readAsl(machine.definition);
  if (!result.ok) throw new FlowcostError(locateAll(result.problems, machine.document, machine.basePath));
  return {
    definition: result.definition,
    source: machine.format === 'asl' ? machine.document.file : `${definitionPath}#${machine.id}`,
    // SAM, CloudFormation, Terraform and serverless-step-functions all create STANDARD machines unless told otherwise.
    declaredType: machine.deployedType ?? (machine.format === 'asl' ? undefined : 'STANDARD'),
    document: machine.document,
    basePath: machine.basePath,
    format: machine.format,
    id: machine.format === 'asl' ? undefined : machine.id,
    definitionPath,
    bindings: bindTasks(result.definition, machine.definition, machine.functions),
    warnings: machine.warnings,
  };
}

/** Every state machine a file or folder holds, for `flowcost import DIR` without --resource, and the files that could not be read. */
export function listStateMachines(path: string, files: ProjectFiles = projectFiles(commandLineRoot(path, process.cwd()))): Discovery {
  return discover(path, { files, parsers: PARSERS });
}

function importFrom(path: string, resource: string | undefined, context: ImportContext): { machine: ImportedStateMachine; definitionPath: string } {
  const { files } = context;
  if (files.isDirectory(path)) {
    if (isCloudAssembly(path, files)) return { machine: importCdk(path, resource, context), definitionPath: path };
    if (files.list(path).some((name) => name.endsWith('.tf'))) return { machine: importTerraformModule(path, resource, context), definitionPath: path };
    const entries: readonly MachineEntry[] = discoverMachines(path, context);
    const chosen = chooseEntry(entries, resource, path);
    if (!chosen.ok) throw new FlowcostError([{ code: resource === undefined && entries.length > 1 ? 'usage' : 'semantic', file: path, ...chosen.problem }]);
    return importFrom(chosen.entry.source, chosen.entry.format === 'asl' ? undefined : chosen.entry.id, context);
  }
  if (path.endsWith('.tf')) return { machine: importTerraformModule(dirname(path), resource, context), definitionPath: dirname(path) };
  const { text } = files.readText(basename(path), path);
  if (isServerlessFile(path)) return { machine: importServerless(context.parsers.yaml(text, path, { cfnTags: true }), resource, context), definitionPath: path };
  // Duplicate keys: the last one wins, as the SAM CLI reads templates.
  const document = context.parsers.yaml(text, path, { cfnTags: true, uniqueKeys: false, expected: DEFINITION_EXPECTED });
  if (isTerraformJson(document.data)) return { machine: importTerraformJson(document, resource, context), definitionPath: path };
  if (isTemplate(document.data)) return { machine: importTemplate(document, resource, context), definitionPath: path };
  if (resource !== undefined && isAsl(document.data)) {
    throw new FlowcostError([
      { code: 'usage', file: path, message: `resource "${resource}" was given, but ${path} is an ASL definition, not a template`, hint: 'give resource only with a template or project' },
    ]);
  }
  const machine: ImportedStateMachine = {
    id: basename(path),
    format: 'asl',
    definition: document.data,
    document,
    basePath: [],
    deployedType: undefined,
    functions: new Map(),
    warnings: [],
  };
  return { machine, definitionPath: path };
}

/** One line per machine: the id --resource takes (SOURCE#ID when several share it), the format, the type, where. */
export function listing(entries: readonly MachineEntry[], root: string): string {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.id, (count.get(e.id) ?? 0) + 1);
  const label = (e: MachineEntry) => {
    const id = (count.get(e.id) ?? 0) > 1 ? (e.aliases.find((a) => a.includes('#')) ?? e.id) : e.id;
    return e.format === 'cdk' && e.aliases[0] ? `${id} (${e.aliases[0].replace(/\/Resource$/, '')})` : id;
  };
  const width = Math.max(...entries.map((e) => label(e).length));
  return entries
    .map((e) => `${label(e).padEnd(width)}  ${e.format.padEnd(15)} ${(e.deployedType ?? (e.format === 'asl' ? '' : 'STANDARD')).padEnd(8)}  ${relativeTo(root, e.source)}`)
    .join('\n');
}

function relativeTo(root: string, path: string): string {
  const from = resolve(root);
  const to = resolve(path);
  return to.startsWith(`${from}/`) ? to.slice(from.length + 1) : to === from ? '.' : path;
}

function where(document: ParsedDocument, path: DataPath): { line?: number; column?: number } {
  const at = document.locate(path);
  return at ? { line: at.line, column: at.column } : {};
}

/** Problems found in a definition, each pointing into the file that holds it. */
export function locateAll(problems: readonly SemanticProblem[], document: ParsedDocument, basePath: DataPath): Problem[] {
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
