/**
 * The files of one project, read only inside its root. A workload's `definition`, a template's
 * `DefinitionUri` and anything else one file names come from pull requests: they may point
 * anywhere (`../.git/config`, `/etc/shadow`, a symbolic link out of the project). Here every such
 * path is resolved against the file that names it, checked inside the root before anything touches
 * it (so nothing outside is even stat-ed), resolved through symbolic links and checked again, never
 * under `.git/` (where actions/checkout keeps the job's token), and read as a regular file with a
 * bounded read (read-text.ts). An error about a file outside the root says so and quotes nothing
 * from it: such a file is never opened.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FlowcostError } from '../errors/problem.js';
import { readTextFile } from './read-text.js';

/** Files of one project, read only inside its root. */
export interface ProjectFiles {
  /** The project root (real path). */
  readonly root: string;
  /** Text of a file named by another file: `path` is relative to the folder of `namedBy` (or absolute); confined to the root; throws FlowcostError (code 'file-read', file = namedBy) when it cannot or may not be read. Returns the resolved path too. */
  readText(path: string, namedBy: string): { readonly file: string; readonly text: string };
  /** Names of the entries of a directory inside the root (sorted); throws FlowcostError when outside or unreadable. */
  list(dir: string): readonly string[];
  /** Whether `path` is a directory inside the root. */
  isDirectory(path: string): boolean;
}

const OUTSIDE_HINT = 'flowcost reads only files inside the project: move the file into it, or choose the project folder with --root DIR';
const GIT_HINT = "name a file of the project, not one of git's own files";

/**
 * The files under `root` (a directory; made a real path). `list` and `isDirectory` take paths
 * relative to the working directory, or absolute ones.
 */
export function projectFiles(root: string): ProjectFiles {
  const realRoot = realDirectory(root);

  const refusal = (path: string, real: string, lexical: boolean): string | undefined => {
    if (!isInside(realRoot, real)) {
      return lexical
        ? `${path} is outside the project root ${realRoot}`
        : `${path} leads (through a symbolic link) outside the project root ${realRoot}`;
    }
    if (underGit(real)) return `${path} is inside a .git folder, which flowcost never reads`;
    return undefined;
  };
  const fail = (file: string, message: string, hint: string): never => {
    throw new FlowcostError([{ code: 'file-read', file, message, hint }]);
  };

  /** The real path of `candidate` once both it and its symbolic links stay inside; else throws. */
  const confined = (path: string, candidate: string, file: string): string => {
    if (path.includes('\0')) fail(file, 'the path holds a NUL character', 'write the path as plain text');
    const lexical = refusal(path, candidate, true);
    if (lexical !== undefined) fail(file, lexical, lexical.includes('.git') ? GIT_HINT : OUTSIDE_HINT);
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(
        file,
        code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? 'unknown error'})`,
        code === 'ENOENT' ? 'check the path: it is read relative to the file that names it' : 'check the file permissions',
      );
    }
    const followed = refusal(path, real, false);
    if (followed !== undefined) fail(file, followed, followed.includes('.git') ? GIT_HINT : OUTSIDE_HINT);
    return real;
  };

  return {
    root: realRoot,
    readText(path, namedBy) {
      const shown = isAbsolute(path) ? path : join(dirname(namedBy), path);
      const candidate = resolve(realFolderOf(namedBy), path);
      const real = confined(path, candidate, namedBy);
      const text = readTextFile(real, { namedBy, what: path });
      return { file: shown, text };
    },
    list(dir) {
      const real = confined(dir, resolve(dir), dir);
      try {
        return readdirSync(real)
          .filter((name) => name.toLowerCase() !== '.git')
          .sort();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return fail(dir, code === 'ENOTDIR' ? `${dir} is not a directory` : `${dir} cannot be listed (${code ?? 'unknown error'})`, 'give a folder of the project');
      }
    },
    isDirectory(path) {
      try {
        const real = realpathSync(resolve(path));
        return refusal(path, resolve(path), true) === undefined && refusal(path, real, false) === undefined && statSync(real).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/** The default root for a workload file: nearest ancestor holding .git, else the working directory. */
export function defaultProjectRoot(forFile: string, cwd: string): string {
  let dir = realFolderOf(resolve(cwd, forFile));
  for (;;) {
    // .git is a folder in a clone, a file in a worktree or submodule.
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  try {
    return realpathSync(cwd);
  } catch {
    return resolve(cwd);
  }
}

/**
 * The root for a path given on the command line, which is the caller's choice and read where it
 * is: its project (defaultProjectRoot), or, when it lies outside that, its own folder (a folder
 * given is its own root) — so what it names stays beside it.
 */
export function commandLineRoot(path: string, cwd: string): string {
  const root = defaultProjectRoot(path, cwd);
  const absolute = resolve(cwd, path);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // a missing path: the read itself says so
  }
  if (isInside(realDirectory(root), real)) return root;
  try {
    if (statSync(real).isDirectory()) return real;
  } catch {
    // as above
  }
  return realFolderOf(absolute);
}

function realDirectory(root: string): string {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    throw new FlowcostError([{ code: 'usage', message: `the project root ${root} does not exist`, hint: 'give --root an existing folder (the repository root)' }]);
  }
  if (!statSync(real).isDirectory()) {
    throw new FlowcostError([{ code: 'usage', message: `the project root ${root} is not a folder`, hint: 'give --root the folder of the project (the repository root)' }]);
  }
  return real;
}

/** The real path of the folder that holds `file` (its lexical folder when that does not exist). */
function realFolderOf(file: string): string {
  const folder = dirname(resolve(file));
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Any folder on the way called .git (any case: some file systems ignore it). */
function underGit(path: string): boolean {
  return path.split(sep).some((part) => part.toLowerCase() === '.git');
}
