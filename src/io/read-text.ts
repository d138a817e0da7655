/**
 * Reads a user's file as strict UTF-8 text, with clear errors for missing, binary or huge files.
 *
 * Regular files only, and the read itself is bounded: `stat` says 0 bytes for /dev/zero and for a
 * FIFO, so the size cap cannot rely on it. The file is `stat`ed before it is opened (a device is
 * never opened: opening some has side effects), opened non-blocking (a FIFO swapped in meanwhile
 * cannot hang the open), checked again on the descriptor, and read up to the cap + 1 byte.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { FlowcostError } from '../errors/problem.js';
import { noteInputFile } from './input-files.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';
import { localeNumber } from '../report/locale-number.js';

const CHUNK_BYTES = 64 * 1024;
/** O_NONBLOCK and O_NOCTTY are POSIX only (0 elsewhere). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export interface ReadTextOptions {
  /** The name problems carry (default: `file`), e.g. the path as the user wrote it. */
  readonly displayName?: string;
  /** The file that names this one: problems then point at it (project files). */
  readonly namedBy?: string;
  /** What the message says the file is, e.g. "definition ../x.json" (default: "the file"). */
  readonly what?: string;
  readonly maxBytes?: number;
}

export function readTextFile(file: string, options: ReadTextOptions = {}): string {
  const bytes = readBoundedFile(file, options);
  const fail = failer(file, options);
  if (bytes.includes(0)) fail('is binary, not YAML text', 'give a YAML or JSON text file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return fail('is not UTF-8 text', 'save the file as UTF-8');
  }
}

/** At most `maxBytes` of a regular file, or a FlowcostError saying why not. */
export function readBoundedFile(file: string, options: ReadTextOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  const fail = failer(file, options);
  const tooLarge = (size: string) =>
    fail(`is ${size} bytes; the limit is ${localeNumber(maxBytes)}`, 'split the file or remove unused parts');
  let fd: number | undefined;
  try {
    checkRegular(statSync(file), fail);
    fd = openSync(file, OPEN_FLAGS);
    const stat = fstatSync(fd);
    checkRegular(stat, fail);
    if (stat.size > maxBytes) tooLarge(localeNumber(stat.size));
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until the end or one byte past the cap, whatever stat said.
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
    }
    if (total > maxBytes) tooLarge(`more than ${localeNumber(maxBytes)}`);
    noteInputFile(file);
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof FlowcostError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'does not exist' : code === 'ENXIO' ? 'is a socket, not a regular file' : `cannot be read (${code ?? 'unknown error'})`,
      code === 'ENOENT' ? 'check the path' : code === 'ENXIO' ? 'give the path of a YAML or JSON file' : 'check the file permissions',
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function checkRegular(stat: Stats, fail: (message: string, hint: string) => never): void {
  if (stat.isFile()) return;
  if (stat.isDirectory()) fail('is a directory, not a file', 'give the path of a YAML or JSON file');
  fail(`is ${fileKind(stat)}, not a regular file`, 'flowcost reads regular files only: give the path of a YAML or JSON file');
}

/** What a non-regular file is, in words. */
export function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Problems about the file itself say "this is a directory"; problems about a file that another
 * file names say "definition x.json is a directory" and point at the naming file.
 */
function failer(file: string, options: ReadTextOptions): (message: string, hint: string) => never {
  return (message, hint) => {
    const subject = options.what ?? 'the file';
    const text = options.what === undefined ? legacyWording(message) : `${subject} ${message}`;
    throw new FlowcostError([{ code: 'file-read', file: options.namedBy ?? options.displayName ?? file, message: text, hint }]);
  };
}

/** The wording messages of a file given on the command line have always had ("no such file", "this is a directory"). */
function legacyWording(message: string): string {
  if (message === 'does not exist') return 'no such file';
  if (message.startsWith('is a directory')) return 'this is a directory, not a file';
  if (message.startsWith('is binary')) return 'the file is binary, not YAML text';
  if (message.startsWith('is not UTF-8')) return 'the file is not UTF-8 text';
  if (message.startsWith('cannot be read')) return `cannot read the file${message.slice('cannot be read'.length)}`;
  return `the file ${message}`;
}
