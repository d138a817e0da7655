/** Runs the CLI in-process (the same `run` the binary calls) and captures what it prints. */
import { run } from '../src/cli/run.js';

export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { NO_COLOR: '1' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stderrColumns: 100,
  });
  return { code, stdout, stderr };
}
