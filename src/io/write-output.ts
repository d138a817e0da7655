/**
 * Writes an output file (`--out`) atomically: a temporary file beside it, then a rename, so a
 * failed run leaves the old file as it was. Regular files only: `--out` naming a device (as root,
 * /dev/null or /dev/full would be replaced by a regular file), a FIFO, a socket or a directory is
 * refused, and so is a file this run has read (the workload, its definition, a policy…) and a
 * read-only file (its mode means "do not replace me": as root, access() would say writable, so the
 * mode bits decide), and a symbolic link (in a pull request's checkout it may point anywhere).
 */
import { accessSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FlowcostError } from '../errors/problem.js';
import { terminalText } from '../report/escape.js';
import { isInputFile } from './input-files.js';
import { fileKind } from './read-text.js';

/**
 * The file to write for `--out FILE`, or a FlowcostError saying why flowcost will not write there. Run before the work too, to fail early.
 */
export function checkOutputFile(file: string): { readonly target: string; readonly existing: Stats | undefined } {
  const fail = (message: string, hint: string): never => {
    throw new FlowcostError([{ code: 'file-write', file, message: `--out ${terminalText(file)} ${message}`, hint }]);
  };
  const target = file;
  let existing: Stats | undefined;
  try {
    existing = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(`cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, 'check the path and its permissions');
  }
  if (existing?.isSymbolicLink()) {
    // A link in a checkout may point anywhere (into .git, at an input): never written through.
    fail('is a symbolic link', 'give the path of a regular file (or of a file that does not exist yet)');
  }
  if (existing && !existing.isFile()) {
    fail(`is ${fileKind(existing)}, not a regular file`, existing.isDirectory() ? 'give a file name inside the folder' : 'flowcost writes regular files only; leave out --out to print to stdout');
  }
  if (existing && isInputFile(target)) fail('is a file this run reads', 'choose another output file: writing there would overwrite an input');
  if (existing && !writable(target, existing)) fail('is read-only', 'make it writable (chmod u+w) or choose another file: flowcost does not replace a read-only file');
  let folder: Stats | undefined;
  try {
    folder = statSync(dirname(target));
  } catch {
    fail('is in a folder that does not exist', 'create the folder first');
  }
  if (folder && !folder.isDirectory()) fail('is not in a folder', 'give a path inside a folder');
  return { target, existing };
}

export function writeOutputAtomically(file: string, content: string): void {
  const { target, existing } = checkOutputFile(file);
  // (crypto loads on first use: about 2 ms of every start otherwise.)
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // O_EXCL: never through a file or link someone put at the temporary name.
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    if (existing) fchmodSync(fd, existing.mode & 0o7777);
    const bytes = Buffer.from(content, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw new FlowcostError([
      {
        code: 'file-write',
        file,
        message: `cannot write the output file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        hint: 'check that the folder exists and is writable',
      },
    ]);
  }
}

/** Some write bit set, and (for a user other than root) access() agrees. */
function writable(file: string, stat: Stats): boolean {
  if ((stat.mode & 0o222) === 0) return false;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
