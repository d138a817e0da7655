/** Reads a user's file as strict UTF-8 text, with clear errors for missing, binary or huge files. */
import { readFileSync, statSync } from 'node:fs';
import { FlowcostError } from '../errors/problem.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';

export function readTextFile(file: string): string {
  const fail = (message: string, hint: string): never => {
    throw new FlowcostError([{ code: 'file-read', file, message, hint }]);
  };
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) fail('this is a directory, not a file', 'give the path of a .yaml file');
    if (stat.size > MAX_SOURCE_BYTES) {
      fail(`the file is ${stat.size.toLocaleString('en-US')} bytes; the limit is ${MAX_SOURCE_BYTES.toLocaleString('en-US')}`, 'split the file or remove unused parts');
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof FlowcostError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (error as Error).message})`,
      code === 'ENOENT' ? 'check the path; examples live in examples/' : 'check the file permissions',
    );
  }
  if (bytes.includes(0)) fail('the file is binary, not YAML text', 'give a YAML workload file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return fail('the file is not UTF-8 text', 'save the file as UTF-8');
  }
}
