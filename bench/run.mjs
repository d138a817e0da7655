#!/usr/bin/env node
/**
 * `npm run bench`: flowcost against a hand-written baseline loop, side by side in one run.
 * See bench/README.md for how to read the table. Medians of several runs; wall times include
 * process start, for flowcost and for the baseline alike.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'bundle', 'flowcost.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function wall(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  return ms;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function rssOf(args) {
  const result = spawnSync(process.execPath, [join(here, 'rss-child.mjs'), ...args], { encoding: 'utf8' });
  return Number(/maxRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
}
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const rows = [];
const tenSteps = join(here, 'ten-steps.yaml');
const CORE = 'lambda,sfn-standard,sfn-express';
for (const samples of [100_000, 1_000_000]) {
  // The baseline loop sums the quantities of the three core architectures; so do the first two
  // runs. The last adds the three alternatives (flowcost's default) for scale.
  const configs = [
    [1, CORE],
    [availableParallelism(), CORE],
    [availableParallelism(), 'all six'],
  ];
  const toolArgs = ([threads, architectures]) => [
    cli, 'analyze', tenSteps, '-f', 'json', '-n', String(samples), '--threads', String(threads),
    ...(architectures === CORE ? ['--architectures', CORE] : []),
  ];
  // Interleaved: each round times the baseline and then every configuration, so that a slow or
  // fast spell of this shared machine falls on all of them alike.
  const base = [];
  const tools = configs.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    base.push(wall([join(here, 'baseline-child.mjs'), String(samples)]));
    configs.forEach((config, i) => tools[i].push(wall(toolArgs(config))));
  }
  configs.forEach(([threads, architectures], i) => {
    const tool = median(tools[i]);
    rows.push({
      what: `analyze ten-steps, ${fmt(samples)} samples, ${threads} thread${threads > 1 ? 's' : ''}, ${architectures === CORE ? 'core three' : architectures}`,
      tool,
      base: median(base),
      samplesPerSecond: samples / (tool / 1000),
    });
  });
}
// Start-up, interleaved as well: node -e 0, then flowcost, nine times.
const nodeRuns = [];
const startupRuns = [];
for (let round = 0; round < 9; round++) {
  nodeRuns.push(wall(['-e', '0']));
  startupRuns.push(wall([cli, 'analyze', join(here, 'three-steps.yaml'), '-n', '1000']));
}
const nodeStart = median(nodeRuns);
const startup = median(startupRuns);
const rssSmall = rssOf(['analyze', tenSteps, '-f', 'json', '-n', '10000', '--threads', '1']);
const rssLarge = rssOf(['analyze', tenSteps, '-f', 'json', '-n', '2000000', '--threads', '1']);

console.log(`flowcost benchmark · node ${process.version} · ${availableParallelism()} cores · median of ${RUNS} runs\n`);
console.log('| run | flowcost | baseline loop | ratio (target ≤ 1.5) | samples/s |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.what} | ${fmt(r.tool)} ms | ${fmt(r.base)} ms | ${fmt(r.tool / r.base, 2)} | ${fmt(r.samplesPerSecond)} |`);
console.log(`\n| start-up | wall time | ratio to node -e 0 (target ≤ 3.5) |`);
console.log('|---|---:|---:|');
console.log(`| node -e 0 | ${fmt(nodeStart)} ms | 1.00 |`);
console.log(`| analyze three-steps, 1,000 samples | ${fmt(startup)} ms | ${fmt(startup / nodeStart, 2)} |`);
console.log(`\n| peak RSS (one thread) | MB | ratio (target ≤ 1.3) |`);
console.log('|---|---:|---:|');
console.log(`| 10,000 samples | ${fmt(rssSmall, 1)} | 1.00 |`);
console.log(`| 2,000,000 samples | ${fmt(rssLarge, 1)} | ${fmt(rssLarge / rssSmall, 2)} |`);
