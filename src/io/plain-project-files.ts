/**
 * A plain ProjectFiles (src/import/files.ts): files named by other files, read as bounded UTF-8
 * text from regular files only. The root is recorded but not enforced here: the confined
 * implementation (src/io/project-files.ts) replaces this one where the project root matters.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { FlowcostError } from '../errors/problem.js';
import type { ProjectFiles } from '../import/files.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';

export function plainProjectFiles(root: string): ProjectFiles {
  return {
    root: resolve(root),
    readText(path, namedBy) {
      const file = isAbsolute(path) ? path : join(dirname(namedBy), path);
      return { file, text: readBoundedText(file, namedBy, path) };
    },
    list(dir) {
      try {
        return readdirSync(dir).sort();
      } catch {
        return [];
      }
    },
    isDirectory(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/**
 * A regular file's text, at most MAX_SOURCE_BYTES: the read itself is bounded (stat says 0 for
 * devices and FIFOs), and anything but a regular file is refused before it is read.
 */
function readBoundedText(file: string, namedBy: string, asWritten: string): string {
  const fail = (message: string, hint: string): never => {
    throw new FlowcostError([{ code: 'file-read', file: namedBy, message: `${asWritten} cannot be read: ${message}`, hint }]);
  };
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) fail('it is not a regular file', 'name a file of the project');
    const buffer = Buffer.alloc(MAX_SOURCE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_SOURCE_BYTES) fail(`it is larger than ${MAX_SOURCE_BYTES.toLocaleString('en-US')} bytes`, 'split the file or remove unused parts');
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) fail('it is binary, not text', 'name a text file');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      return fail('it is not UTF-8 text', 'save the file as UTF-8');
    }
  } catch (error) {
    if (error instanceof FlowcostError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : `${code ?? 'unknown error'}`, 'paths are read relative to the file that names them');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
