/**
 * An AWS CDK cloud assembly (`cdk.out`, what `cdk synth` writes): `manifest.json` lists the
 * artifacts; each `aws:cloudformation:stack` names its template (`properties.templateFile`, relative
 * to the assembly) and maps construct paths to logical ids (metadata entries of type
 * `aws:cdk:logicalId`); a `cdk:asset-manifest` (`<Stack>.assets.json`) maps each file asset to its
 * S3 object key (`files.<hash>.destinations.*.objectKey`) and its file in the assembly
 * (`source.path`). Sources: the cloud assembly schema
 * (aws-cdk-lib/cloud-assembly-schema/schema/cloud-assembly.schema.json,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.cloud_assembly_schema.ArtifactManifest.html)
 * and the asset manifest schema (…/schema/assets.schema.json).
 *
 * A state machine's definition is a DefinitionString built with Fn::Join (tokens such as
 * Fn::GetAtt of a function become its ARN) or, with DefinitionBody.fromFile, a
 * DefinitionS3Location whose Key is an asset of the assembly. Nested stacks
 * (AWS::CloudFormation::Stack with `aws:asset:path` metadata) are read too. `--resource` takes the
 * logical id or the construct path (`MyStack/OrderMachine`, with or without `/Resource`).
 */
import { join } from 'node:path';
import { FlowcostError } from '../errors/problem.js';
import { importTemplate, templateEntries } from './cloudformation.js';
import type { ProjectFiles } from './files.js';
import { isObject } from './intrinsics.js';
import { chooseEntry, type ImportContext, type ImportedStateMachine, type MachineEntry, type ParsedDocument } from './source.js';

/** Nested stacks deeper than this are not followed (CloudFormation itself allows five levels in practice). */
const MAX_NESTING = 5;

export function isCloudAssembly(dir: string, files: ProjectFiles): boolean {
  return files.list(dir).includes('manifest.json') && files.list(dir).some((name) => name.endsWith('.template.json'));
}

interface StackTemplate {
  readonly document: ParsedDocument;
  /** logical id → construct paths. */
  readonly paths: ReadonlyMap<string, readonly string[]>;
}

interface Assembly {
  readonly stacks: readonly StackTemplate[];
  /** S3 object key → the asset file's path in the assembly. */
  readonly assets: ReadonlyMap<string, string>;
}

function readAssembly(dir: string, context: ImportContext): Assembly {
  const manifestFile = join(dir, 'manifest.json');
  const manifest = context.parsers.yaml(context.files.readText('manifest.json', manifestFile).text, manifestFile);
  const artifacts = isObject(manifest.data) && isObject(manifest.data['artifacts']) ? manifest.data['artifacts'] : {};
  const stacks: StackTemplate[] = [];
  const assets = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (!isObject(artifact) || !isObject(artifact['properties'])) continue;
    const properties = artifact['properties'];
    if (artifact['type'] === 'cdk:asset-manifest' && typeof properties['file'] === 'string') {
      readAssetManifest(properties['file'], manifestFile, context, assets);
    }
  }
  for (const artifact of Object.values(artifacts)) {
    if (!isObject(artifact) || artifact['type'] !== 'aws:cloudformation:stack' || !isObject(artifact['properties'])) continue;
    const templateFile = artifact['properties']['templateFile'];
    if (typeof templateFile !== 'string') continue;
    const paths = new Map<string, string[]>();
    const metadata = isObject(artifact['metadata']) ? artifact['metadata'] : {};
    for (const [constructPath, entries] of Object.entries(metadata)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (isObject(entry) && entry['type'] === 'aws:cdk:logicalId' && typeof entry['data'] === 'string') {
          paths.set(entry['data'], [...(paths.get(entry['data']) ?? []), constructPath]);
        }
      }
    }
    readStack(templateFile, manifestFile, context, paths, stacks, 0);
  }
  return { stacks, assets };
}

function readStack(templateFile: string, namedBy: string, context: ImportContext, paths: Map<string, string[]>, out: StackTemplate[], depth: number): void {
  const read = context.files.readText(templateFile, namedBy);
  const document = context.parsers.yaml(read.text, read.file, { cfnTags: true, uniqueKeys: false });
  const resources = isObject(document.data) && isObject(document.data['Resources']) ? document.data['Resources'] : {};
  const own = new Map(paths);
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = isObject(resource) && isObject(resource['Metadata']) ? resource['Metadata']['aws:cdk:path'] : undefined;
    if (typeof path === 'string') own.set(logicalId, [...new Set([...(own.get(logicalId) ?? []), path])]);
  }
  out.push({ document, paths: own });
  if (depth >= MAX_NESTING) return;
  for (const resource of Object.values(resources)) {
    if (!isObject(resource) || resource['Type'] !== 'AWS::CloudFormation::Stack' || !isObject(resource['Metadata'])) continue;
    const nested = resource['Metadata']['aws:asset:path'];
    if (typeof nested === 'string' && nested.endsWith('.json')) readStack(nested, read.file, context, new Map(), out, depth + 1);
  }
}

function readAssetManifest(file: string, manifestFile: string, context: ImportContext, assets: Map<string, string>): void {
  const read = context.files.readText(file, manifestFile);
  const data = context.parsers.yaml(read.text, read.file).data;
  const fileAssets = isObject(data) && isObject(data['files']) ? data['files'] : {};
  for (const asset of Object.values(fileAssets)) {
    if (!isObject(asset) || !isObject(asset['source']) || typeof asset['source']['path'] !== 'string') continue;
    const destinations = isObject(asset['destinations']) ? Object.values(asset['destinations']) : [];
    for (const destination of destinations) {
      if (isObject(destination) && typeof destination['objectKey'] === 'string') assets.set(destination['objectKey'], asset['source']['path']);
    }
  }
}

function entriesOf(assembly: Assembly, dir: string): (MachineEntry & { readonly stack: StackTemplate })[] {
  return assembly.stacks.flatMap((stack) =>
    templateEntries(stack.document, { format: 'cdk', aliases: (id) => aliasesOf(stack, id) }).map((entry) => ({ ...entry, source: dir, stack })),
  );
}

function aliasesOf(stack: StackTemplate, logicalId: string): string[] {
  return (stack.paths.get(logicalId) ?? []).flatMap((p) => {
    const path = p.replace(/^\//, '');
    return [path, path.replace(/\/Resource$/, '')];
  });
}

export function cdkEntries(dir: string, context: ImportContext): MachineEntry[] {
  return entriesOf(readAssembly(dir, context), dir).map(({ stack: _stack, ...entry }) => entry);
}

export function importCdk(dir: string, resource: string | undefined, context: ImportContext): ImportedStateMachine {
  const assembly = readAssembly(dir, context);
  const entries = entriesOf(assembly, dir);
  const chosen = chooseEntry(entries, resource, `the cloud assembly ${dir}`);
  if (!chosen.ok) throw new FlowcostError([{ code: 'semantic', file: join(dir, 'manifest.json'), ...chosen.problem }]);
  const { stack, id } = chosen.entry;
  return importTemplate(stack.document, id, context, {
    format: 'cdk',
    aliases: (logicalId) => aliasesOf(stack, logicalId),
    s3Object: (_bucket, key) => {
      const path = assembly.assets.get(key);
      return path === undefined ? undefined : context.files.readText(path, join(dir, 'manifest.json'));
    },
  });
}
