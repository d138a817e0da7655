#!/usr/bin/env node
/** The flowcost binary: wires the real process into `run` and sets the exit code. */
import { run } from './run.js';

// A closed stdout (`flowcost pricing list | head -1`): the reader has what it wanted. End quietly
// (workers included) with exit 0; only a verdict already decided keeps its code (a failed gate
// whose report was cut short still failed). A closed stderr: nothing more to tell.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// No top-level await: the bundle is a CommonJS script (scripts/bundle.mjs), so that V8 can start it
// from a code cache.
void run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns ?? 80,
}).then((exitCode) => {
  process.exitCode = exitCode;
});
