/** `--root DIR`: the project whose files a workload or template may name (analyze, sweep, gate, validate, import). */
import type { Argv } from 'yargs';
import { commandLineRoot, defaultProjectRoot, projectFiles, type ProjectFiles } from '../io/project-files.js';
import { optionalString, type ParsedArgs } from './command.js';

export function withRootOption(y: Argv): Argv {
  return y.option('root', {
    type: 'string',
    describe:
      'Project root: files that a workload or template names are read only inside it, never under .git (default: the nearest folder above the file holding .git, else the working directory)',
  });
}

/** The project of a workload `file`: --root, else the nearest ancestor holding .git, else the working directory. */
export function projectFor(args: ParsedArgs, file: string): ProjectFiles {
  return projectFiles(optionalString(args, 'root') ?? defaultProjectRoot(file, process.cwd()));
}

/**
 * The project of a path given to `import` (the caller's choice, read where it is): --root, else
 * its project, or its own folder when it lies outside that (commandLineRoot).
 */
export function projectOfPath(args: ParsedArgs, path: string): ProjectFiles {
  return projectFiles(optionalString(args, 'root') ?? commandLineRoot(path, process.cwd()));
}
