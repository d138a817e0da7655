#!/usr/bin/env node
/** The flowcost binary: wires the real process into `run` and sets the exit code. */
import { run } from './run.js';

const exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns ?? 80,
});
process.exitCode = exitCode;
