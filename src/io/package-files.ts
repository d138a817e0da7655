/** Files shipped with flowcost (schemas, pricing, examples), found relative to the installed package. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** dist/io/package-files.js → package root. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/**
 * True when this code runs from the build (dist/), where scripts/generate.mjs left precompiled
 * validators and catalogs in dist/generated; false when tests run the TypeScript sources.
 */
export const RUNNING_FROM_BUILD = /[\\/]dist[\\/]/.test(fileURLToPath(import.meta.url));

export function generatedPath(...parts: string[]): string {
  return join(PACKAGE_ROOT, 'dist', 'generated', ...parts);
}

let version: string | undefined;

/** flowcost's own version, from its package.json (the bundle and dist/ both sit two folders below it). */
export function flowcostVersion(): string {
  version ??= String((JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  return version;
}

const schemas = new Map<string, object>();

/** A schema shipped in schemas/ ("workload", "policy", "pricing", "report"), read once. */
export function loadSchema(name: 'workload' | 'policy' | 'pricing' | 'report'): object {
  let schema = schemas.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8')) as object;
    schemas.set(name, schema);
  }
  return schema;
}
