// Runs the built CLI in this process and reports its peak resident set size (KB) on stderr.
import { run } from '../dist/cli/run.js';
const code = await run(process.argv.slice(2), {
  stdout: () => {},
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stdoutIsTTY: false,
  stderrIsTTY: false,
  stderrColumns: 80,
});
process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
