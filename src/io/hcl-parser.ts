/**
 * Terraform's HCL, parsed by HashiCorp's own parser (hashicorp/hcl v2 through tmccombs/hcl2json),
 * compiled to WebAssembly and published as @cdktn/hcl2json (CDK Terrain, the community
 * continuation of CDK for Terraform's @cdktf/hcl2json; MPL-2.0). Its JavaScript API is
 * asynchronous only because it loads the module in the background; the Go functions themselves
 * answer synchronously, so this bridge instantiates the module synchronously (once, on first use)
 * and calls them directly, keeping workload loading synchronous.
 *
 * The Go runtime gets no file system (every call fails with ENOSYS), no environment and no
 * console: anything it prints is dropped. A call that does not answer (the runtime exited) is an
 * internal error, and the next call starts a fresh runtime.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FlowcostError, type Problem } from '../errors/problem.js';
import type { HclNode } from '../import/source.js';

type Callback = (error: string | null, result?: string) => void;
type GoFunction = (...args: [...string[], Callback]) => void;
interface Bridge {
  readonly parse: GoFunction;
  readonly getExpressionAst: GoFunction;
}
interface GoRuntime {
  importObject: WebAssembly.Imports;
  exit: (code: number) => void;
  run(instance: WebAssembly.Instance): Promise<void>;
}
type GoConstructor = new () => GoRuntime;

const BRIDGE_GLOBAL = '__parse_terraform_config_wasm__';
let bridge: Bridge | undefined;
let wasmModule: WebAssembly.Module | undefined;

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@cdktn/hcl2json/package.json'));
}

/** A file system that refuses everything, for the Go runtime (wasm_exec.js uses globalThis.fs when present). */
function deniedFileSystem(): Record<string, unknown> {
  const enosys = () => Object.assign(new Error('not implemented'), { code: 'ENOSYS' });
  const refuse = (...args: unknown[]) => (args.at(-1) as (error: Error) => void)(enosys());
  const methods = ['chmod', 'chown', 'close', 'fchmod', 'fchown', 'fstat', 'ftruncate', 'lchown', 'link', 'lstat', 'mkdir', 'open', 'read', 'readdir', 'readlink', 'rename', 'rmdir', 'stat', 'symlink', 'truncate', 'unlink', 'utimes'];
  return {
    constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1, O_DIRECTORY: -1 },
    writeSync: (_fd: number, buffer: Uint8Array) => buffer.length,
    write: (_fd: number, buffer: Uint8Array, _offset: number, length: number, _position: unknown, callback: (e: Error | null, n?: number) => void) => callback(null, length),
    fsync: (_fd: number, callback: (e: Error | null) => void) => callback(null),
    ...Object.fromEntries(methods.map((m) => [m, refuse])),
  };
}

function startBridge(): Bridge {
  const dir = packageDir();
  const globals = globalThis as unknown as Record<string, unknown>;
  globals['fs'] ??= deniedFileSystem();
  if (globals['Go'] === undefined) createRequire(import.meta.url)(join(dir, 'wasm', 'wasm_exec.js'));
  const Go = globals['Go'] as GoConstructor;
  wasmModule ??= new WebAssembly.Module(gunzipSync(readFileSync(join(dir, 'main.wasm.gz'))));
  const go = new Go();
  go.exit = () => {
    bridge = undefined;
  };
  const exports: Record<string, unknown> = {};
  globals[BRIDGE_GLOBAL] = exports;
  void go.run(new WebAssembly.Instance(wasmModule, go.importObject));
  if (typeof exports['parse'] !== 'function' || typeof exports['getExpressionAst'] !== 'function') {
    throw new Error('the HCL parser (@cdktn/hcl2json) did not start');
  }
  return exports as unknown as Bridge;
}

function call(name: keyof Bridge, file: string, text: string): { error: string | null; result: string } {
  bridge ??= startBridge();
  let answer: { error: string | null; result: string } | undefined;
  bridge[name](file, text, (error, result) => {
    answer = { error, result: result ?? '' };
  });
  if (!answer) {
    bridge = undefined;
    throw new Error(`the HCL parser did not answer for ${file}`);
  }
  return answer;
}

/** "main.tf:2,7-3,1: Invalid expression; Expected …" → line 2, column 7 (the first diagnostic). */
function syntaxProblem(file: string, message: string, lineOffset: number): Problem {
  const first = message.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const at = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*)$/s.exec(first.split(/\n/)[0]!);
  const text = (at?.[3] ?? first).replace(/, and \d+ other diagnostic\(s\)\s*$/, '').trim();
  return {
    code: 'hcl-syntax',
    file,
    ...(at ? { line: Number(at[1]) + lineOffset, column: Number(at[2]) } : {}),
    message: text.replace(/;\s*/, ': '),
    hint: 'check the Terraform syntax near this point (terraform validate shows the same error)',
  };
}

/** HCL text → the JSON form of its blocks and attributes; a syntax error is a FlowcostError at its line and column. */
export function parseHcl(text: string, file: string): Readonly<Record<string, unknown>> {
  const { error, result } = call('parse', file, text);
  if (error) throw new FlowcostError([syntaxProblem(file, error, 0)]);
  const data: unknown = JSON.parse(result);
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** One expression or quoted template → its syntax tree. `file` names where it came from, for errors. */
export function parseHclExpression(text: string, file: string): HclNode {
  const { error, result } = call('getExpressionAst', file, text);
  if (error) {
    const { line: _line, column: _column, ...problem } = syntaxProblem(file, error.replace(/^getExpressionAst errors on input string '[\s\S]*?': /, ''), 0);
    throw new FlowcostError([problem]);
  }
  const node: unknown = JSON.parse(result);
  if (typeof node !== 'object' || node === null) throw new FlowcostError([{ code: 'hcl-syntax', file, message: 'an empty expression', hint: 'check the Terraform expression' }]);
  return node as HclNode;
}
