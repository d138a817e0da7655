/** Files shipped with flowcost (schemas, pricing, examples), found relative to the installed package. */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** dist/io/package-files.js → package root. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
