/** Writes an output file atomically: a temporary file beside it, then a rename. A failed run leaves the old file as it was. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FlowcostError } from '../errors/problem.js';

export function writeOutputAtomically(file: string, content: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new FlowcostError([
      {
        code: 'file-read',
        file,
        message: `cannot write the output file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        hint: 'check that the directory exists and is writable',
      },
    ]);
  }
}
