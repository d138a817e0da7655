/**
 * Every definition and template of the real collection (../shared/samples, beside the repository;
 * skipped with a message when absent) is read and analyzed, or rejected with a clear error that
 * points into the file and names what is wrong. None may crash.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/types.js';
import { FlowcostError, type Problem } from '../../src/errors/problem.js';
import { CFN_TAGS } from '../../src/import/cfn-tags.js';
import { workloadSkeleton } from '../../src/import/skeleton.js';
import { stateMachineIds } from '../../src/import/template.js';
import { listStateMachines, loadDefinitionFile } from '../../src/io/load-definition.js';
import { projectFiles } from '../../src/io/project-files.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { parseYamlSource } from '../../src/io/yaml-source.js';
import { catalog } from '../helpers.js';

/** shared/ beside the repository, or beside the folder of worktrees a repository's branches live in. */
function findCollection(): string {
  const tail = join('shared', 'samples', 'aws-step-functions-workflows-collection');
  let dir = join(import.meta.dirname, '..', '..');
  for (let up = 0; up < 4; up++) {
    dir = dirname(dir);
    if (existsSync(join(dir, tail))) return join(dir, tail);
  }
  return join(import.meta.dirname, '..', '..', '..', tail);
}
const collection = findCollection();
const present = existsSync(collection);
// The collection is the project: its files name each other (DefinitionUri), read only inside it.
const project = present ? projectFiles(collection) : undefined;
if (!present) console.warn(`skipping the sample collection: ${collection} is missing (it lives in shared/, beside the repository)`);

function inputs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return inputs(path);
    return /\.(json|ya?ml)$/.test(name) ? [path] : [];
  });
}

/** A template with several state machines is imported once per machine. */
function cases(file: string): (string | undefined)[] {
  if (!/template\.ya?ml$/.test(file)) return [undefined];
  try {
    const ids = stateMachineIds(parseYamlSource(readFileSync(file, 'utf8'), file, { customTags: CFN_TAGS, uniqueKeys: false }).data);
    return ids.length > 1 ? ids : [undefined];
  } catch {
    return [undefined];
  }
}

describe.skipIf(!present)('the aws-step-functions-workflows-collection samples', () => {
  it('each one is read and analyzed, or rejected with a clear error', () => {
    const files = present ? inputs(collection).sort() : [];
    const folders = new Map<string, boolean>();
    const rejected: { where: string; problem: Problem }[] = [];
    let imported = 0;
    for (const file of files) {
      for (const resource of cases(file)) {
        const folder = relative(collection, file).split('/')[0]!;
        try {
          const loaded = loadDefinitionFile(file, resource, project);
          const text = workloadSkeleton(loaded.definition, {
            name: 'sample',
            definitionPath: basename(file),
            resource,
            schemaPath: 'workload.schema.json',
            declaredType: loaded.declaredType,
            memoryMb: 128,
          });
          const report = analyze(parseWorkload(text, join(dirname(file), 'workload.yaml'), project ? { files: project } : {}), catalog, { samples: 200, seed: 1, freeTier: false });
          expect(report.architectures).toHaveLength(ARCHITECTURE_IDS.length);
          imported++;
          folders.set(folder, folders.get(folder) ?? true);
        } catch (error) {
          if (!(error instanceof FlowcostError)) throw new Error(`${file}${resource ? `#${resource}` : ''} crashed: ${String(error)}`);
          const problem = error.problems[0]!;
          expect(problem.message.length).toBeGreaterThan(10);
          expect(problem.file, problem.message).toBeDefined();
          if (problem.code !== 'file-read') expect(problem.line, `${file}: ${problem.message}`).toBeGreaterThan(0);
          rejected.push({ where: `${relative(collection, file)}${resource ? `#${resource}` : ''}`, problem });
          folders.set(folder, false);
        }
      }
    }
    const clean = [...folders.values()].filter(Boolean).length;
    console.log(
      `samples: ${imported} definitions imported and analyzed, ${rejected.length} rejected; ` +
        `${clean} of ${folders.size} folders entirely clean\n` +
        rejected.map(({ where, problem }) => `  ✗ ${where}:${problem.line ?? ''}  ${problem.message}`).join('\n'),
    );
    // Regression guard: as many as when the importer was written (263 of 276).
    expect(imported).toBeGreaterThanOrEqual(263);
    expect(rejected.length).toBeLessThanOrEqual(13);
  }, 300_000);
});

/**
 * The collection's Terraform (`-tf`) and CDK (`-cdk`) folders, imported as projects
 * (`flowcost import DIR`). The collection keeps only their state machine definitions (no .tf files,
 * no CDK app, no cdk.out: see its SOURCE.md), so discovery finds their ASL files; Terraform
 * templatefile() placeholders (`${lambda_arn}`) and CDK substitutions stay as placeholders.
 */
describe.skipIf(!present)('the collection\'s -tf and -cdk folders, as projects', () => {
  it('every machine of every folder is found, imported and analyzed', () => {
    const folders = present ? readdirSync(collection).filter((name) => /-(tf|cdk)(-|$)/.test(name)).sort() : [];
    let machines = 0;
    const failed: string[] = [];
    for (const folder of folders) {
      const dir = join(collection, folder);
      const { entries, skipped } = listStateMachines(dir, project);
      failed.push(...skipped.map((p) => `${folder}: ${p.message}`));
      if (entries.length === 0) failed.push(`${folder}: no state machine found`);
      for (const entry of entries) {
        const resource = entry.aliases.find((a) => a.includes('#')) ?? entry.id;
        try {
          const loaded = loadDefinitionFile(dir, resource, project);
          const text = workloadSkeleton(loaded.definition, {
            name: 'sample',
            definitionPath: relative(dir, loaded.definitionPath),
            resource: loaded.id,
            schemaPath: 'workload.schema.json',
            declaredType: loaded.declaredType,
            memoryMb: 128,
            format: loaded.format,
            bindings: loaded.bindings,
          });
          const report = analyze(parseWorkload(text, join(dir, 'workload.yaml'), project ? { files: project } : {}), catalog, { samples: 100, seed: 1, freeTier: false });
          expect(report.architectures).toHaveLength(ARCHITECTURE_IDS.length);
          machines++;
        } catch (error) {
          if (!(error instanceof FlowcostError)) throw new Error(`${folder}#${resource} crashed: ${String(error)}`);
          failed.push(`${folder}#${resource}: ${error.problems[0]!.message}`);
        }
      }
    }
    console.log(`-tf and -cdk folders: ${folders.length} folders, ${machines} state machines imported and analyzed, ${failed.length} not\n${failed.map((f) => `  ✗ ${f}`).join('\n')}`);
    expect(folders.length).toBeGreaterThanOrEqual(40);
    expect(failed).toEqual([]);
  }, 300_000);
});
