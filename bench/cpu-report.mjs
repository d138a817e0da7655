// Preloaded into every process bench/run.mjs times (node --import): reports the CPU time the
// process used, every thread included, on stderr when it exits. (Preloads run in worker threads
// too: only the main thread reports, at the very end.)
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    process.stderr.write(`flowcost-bench-cpu-ms ${((user + system) / 1000).toFixed(1)}\n`);
  });
}
