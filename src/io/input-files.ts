/**
 * The files one CLI run has read, so that `--out` can refuse to overwrite any of them: by real
 * path and by device and inode (a hard link is the same file). The CLI starts each run with
 * `startInputTracking()`; the readers note every file they read.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

let inputs = new Set<string>();

export function startInputTracking(): void {
  inputs = new Set();
}

export function noteInputFile(file: string): void {
  for (const key of identities(file)) inputs.add(key);
}

/** Whether `file` (any path to it) is a file this run has read. */
export function isInputFile(file: string): boolean {
  return identities(file).some((key) => inputs.has(key));
}

function identities(file: string): string[] {
  const keys: string[] = [];
  try {
    keys.push(`path:${realpathSync(file)}`);
    const stat = statSync(file);
    keys.push(`inode:${stat.dev}:${stat.ino}`);
  } catch {
    keys.push(`path:${resolve(file)}`);
  }
  return keys;
}
