/**
 * The files one CLI run has read (real paths), so that `--out` can refuse to overwrite any of them.
 * The CLI starts each run with `startInputTracking()`; the readers note every file they read.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

let inputs = new Set<string>();

export function startInputTracking(): void {
  inputs = new Set();
}

export function noteInputFile(file: string): void {
  inputs.add(realPathOf(file));
}

/** Whether `file` (any path to it) is a file this run has read. */
export function isInputFile(file: string): boolean {
  return inputs.has(realPathOf(file));
}

function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}
