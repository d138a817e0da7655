/**
 * Every state machine in a project folder, for `flowcost import DIR`: SAM/CloudFormation templates
 * (`template.yaml`, `*.template.json`, …), CDK cloud assemblies (`cdk.out`), Terraform folders
 * (`*.tf`), plans and states exported with `terraform show -json` (`plan.json`, `*.tfplan.json`,
 * `state.json`, …), Serverless services (`serverless.yml`), and ASL files (`*.asl.json`,
 * `*.asl.yaml`) that no template names as its DefinitionUri and that lie outside a Terraform or
 * Serverless folder (whose templatefile() / ${file()} read them). The walk is bounded (depth, entries)
 * and skips hidden folders, node_modules, .terraform and build output.
 */
import { basename, join, relative } from 'node:path';
import { FlowcostError, type Problem } from '../errors/problem.js';
import { isAsl } from './asl.js';
import { cdkEntries, isCloudAssembly } from './cdk.js';
import { templateEntries } from './cloudformation.js';
import { isObject } from './intrinsics.js';
import { isServerlessFile, serverlessEntries } from './serverless.js';
import type { ImportContext, MachineEntry } from './source.js';
import { isTemplate } from './template.js';
import { terraformEntries } from './terraform-hcl.js';
import { isTerraformJson, terraformJsonEntries } from './terraform-plan.js';

const MAX_DEPTH = 8;
const MAX_ENTRIES = 20_000;
/** Candidate files parsed at most (each up to 1 MB): a bound on the work of one listing. */
const MAX_CANDIDATES = 500;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'target', 'vendor', '__pycache__']);
const TEMPLATE_FILE = /(^|[.-])(template|stack|sam|cfn|cloudformation)[\w.-]*\.(ya?ml|json)$|^template\.(ya?ml|json)$/i;
const TERRAFORM_JSON_FILE = /(^|[.-])(tf)?(plan|state)\.json$|\.tfplan\.json$|\.tfstate\.json$/i;
const ASL_FILE = /\.asl\.(json|ya?ml)$/i;

export interface Discovery {
  readonly entries: readonly MachineEntry[];
  /** Files that look like sources but could not be read: their problems. */
  readonly skipped: readonly Problem[];
}

export function discoverMachines(root: string, context: ImportContext): MachineEntry[] {
  return discover(root, context).entries as MachineEntry[];
}

export function discover(root: string, context: ImportContext): Discovery {
  const found: MachineEntry[] = [];
  const skipped: Problem[] = [];
  const aslFiles: string[] = [];
  /** Folders whose .tf files or serverless.yml may read ASL files below them (templatefile(), ${file()}). */
  const readers: string[] = [];
  const named = new Set<string>();
  let visited = 0;
  let candidates = 0;
  const attempt = (file: string, read: () => MachineEntry[]) => {
    if (++candidates > MAX_CANDIDATES) {
      if (candidates === MAX_CANDIDATES + 1) skipped.push({ code: 'too-much-work', file, message: `more than ${MAX_CANDIDATES} candidate sources; the rest are not read`, hint: 'list a smaller folder' });
      return;
    }
    try {
      found.push(...read());
    } catch (error) {
      if (!(error instanceof FlowcostError)) throw error;
      skipped.push(...error.problems.slice(0, 1).map((p) => ({ ...p, file: p.file ?? file })));
    }
  };
  const walk = (dir: string, depth: number) => {
    const names = context.files.list(dir);
    visited += names.length;
    if (visited > MAX_ENTRIES) return;
    if (isCloudAssembly(dir, context.files)) {
      attempt(dir, () => cdkEntries(dir, context));
      return;
    }
    if (names.includes('cdk.json') && !names.includes('cdk.out')) {
      // The CDK app's source: its state machines exist only once it is synthesized.
      skipped.push({
        code: 'semantic',
        file: join(dir, 'cdk.json'),
        message: 'a CDK app that has not been synthesized: flowcost reads the cloud assembly (cdk.out), not the app source',
        hint: 'run cdk synth in this folder, then import its cdk.out',
      });
    }
    if (names.some((n) => n.endsWith('.tf'))) {
      readers.push(dir);
      attempt(dir, () => terraformEntries(dir, context));
    }
    if (names.some(isServerlessFile)) readers.push(dir);
    for (const name of names) {
      const path = join(dir, name);
      if (context.files.isDirectory(path)) {
        if (depth < MAX_DEPTH && !name.startsWith('.') && !SKIPPED_DIRS.has(name)) walk(path, depth + 1);
        continue;
      }
      if (isServerlessFile(name)) {
        attempt(path, () => serverlessEntries(context.parsers.yaml(context.files.readText(name, path).text, path, { cfnTags: true })));
      } else if (ASL_FILE.test(name)) {
        aslFiles.push(path);
      } else if (TEMPLATE_FILE.test(name) || TERRAFORM_JSON_FILE.test(name)) {
        attempt(path, () => {
          const document = context.parsers.yaml(context.files.readText(name, path).text, path, { cfnTags: true, uniqueKeys: false });
          if (isTerraformJson(document.data)) return terraformJsonEntries(document);
          if (!isTemplate(document.data)) return [];
          for (const uri of definitionUris(document.data)) named.add(join(dir, uri));
          return templateEntries(document);
        });
      }
    }
  };
  if (!context.files.isDirectory(root)) {
    // One file: whatever it holds.
    const name = basename(root);
    attempt(root, () => {
      const document = context.parsers.yaml(context.files.readText(name, root).text, root, { cfnTags: true, uniqueKeys: false });
      if (isServerlessFile(name)) return serverlessEntries(document);
      if (isTerraformJson(document.data)) return terraformJsonEntries(document);
      if (isTemplate(document.data)) return templateEntries(document);
      return isAsl(document.data) ? [{ id: name, aliases: [], format: 'asl', source: root, deployedType: undefined }] : [];
    });
    return { entries: found, skipped };
  }
  walk(root, 0);
  for (const file of aslFiles) {
    if (named.has(file) || readers.some((dir) => file.startsWith(`${dir}/`))) continue;
    attempt(file, () => {
      const document = context.parsers.yaml(context.files.readText(basename(file), file).text, file);
      return isAsl(document.data) ? [{ id: relative(root, file), aliases: [], format: 'asl', source: file, deployedType: undefined }] : [];
    });
  }
  return { entries: qualify(found, root), skipped };
}

function definitionUris(template: unknown): string[] {
  const resources = isObject(template) && isObject(template['Resources']) ? template['Resources'] : {};
  return Object.values(resources).flatMap((r) => {
    const uri = isObject(r) && isObject(r['Properties']) ? r['Properties']['DefinitionUri'] : undefined;
    return typeof uri === 'string' && !uri.startsWith('s3://') ? [uri] : [];
  });
}

/** Every entry also answers to "SOURCE#ID" (how to name one of several machines that share an id). */
function qualify(entries: readonly MachineEntry[], root: string): MachineEntry[] {
  return entries.map((e) => ({ ...e, aliases: [...e.aliases, `${relative(root, e.source) || '.'}#${e.id}`] }));
}
