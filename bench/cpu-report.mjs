// Preloaded into every process bench/run.mjs times (node --import): reports the CPU time the
// process used, every thread included, on stderr when it exits.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`flowcost-bench-cpu-ms ${((user + system) / 1000).toFixed(1)}\n`);
});
