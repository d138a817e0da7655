#!/usr/bin/env node
/**
 * `npm run bench`: flowcost against a hand-written baseline loop, side by side in one run, with
 * the targets of issue 19. See bench/README.md for how to read the tables. Medians of several
 * interleaved rounds; wall and CPU times are of whole processes (start-up included), for flowcost
 * and for the baseline alike.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'bundle', 'flowcost.mjs');
const cpuReport = join(here, 'cpu-report.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THREADS = Math.min(2, availableParallelism());

/** One process: its wall time and its CPU time (every thread), in ms. */
function measure(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', cpuReport, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const cpuMs = Number(/flowcost-bench-cpu-ms (\d+(?:\.\d+)?)/.exec(result.stderr)?.[1] ?? NaN);
  return { wallMs, cpuMs, stdout: result.stdout };
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function rssOf(args) {
  const result = spawnSync(process.execPath, [join(here, 'rss-child.mjs'), ...args], { encoding: 'utf8' });
  return Number(/maxRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
}
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ratio, target) => (ratio <= target ? 'met' : 'not met');

const tenSteps = join(here, 'ten-steps.yaml');
const CORE = 'lambda,sfn-standard,sfn-express';
const SAMPLES = 1_000_000;
const analyzeArgs = (threads, architectures) => [
  cli, 'analyze', tenSteps, '-f', 'json', '-n', String(SAMPLES), '--threads', String(threads),
  ...(architectures ? ['--architectures', architectures] : []),
];
// A decision map: 10 × 10 cells over two non-volume parameters, 10,000 samples a cell; and one
// whose one axis is the volume (one simulation per point of the other axis).
const mapArgs = [cli, 'sweep', tenSteps, '--vary', 'steps.validate.duration=50ms..500ms', '--vary', 'steps.persist.failureRate=0..0.3', '--steps', '10', '-n', '10000', '-f', 'json'];
const volumeMapArgs = [cli, 'sweep', tenSteps, '--vary', 'executionsPerMonth=10k..100M', '--vary', 'steps.validate.duration=50ms..500ms', '--steps', '10', '-n', '10000', '-f', 'json'];

const runs = {
  baseline: { label: `baseline loop (core three, one core), ${fmt(SAMPLES)} samples`, args: [join(here, 'baseline-child.mjs'), String(SAMPLES)] },
  core1: { label: `analyze ten-steps, ${fmt(SAMPLES)} samples, 1 thread, core three`, args: analyzeArgs(1, CORE) },
  core2: { label: `analyze ten-steps, ${fmt(SAMPLES)} samples, ${THREADS} threads, core three`, args: analyzeArgs(THREADS, CORE) },
  all2: { label: `analyze ten-steps, ${fmt(SAMPLES)} samples, ${THREADS} threads, all eight (the default)`, args: analyzeArgs(THREADS) },
  map: { label: 'decision map 10 × 10, 10,000 samples a cell', args: mapArgs },
  volumeMap: { label: 'decision map 10 volumes × 10 durations, 10,000 samples a cell', args: volumeMapArgs },
};
// Interleaved: each round times every run once, so that a slow or fast spell of this shared
// machine falls on all of them alike.
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
let volumeSimulations = NaN;
for (let round = 0; round < RUNS; round++) {
  for (const [key, run] of Object.entries(runs)) {
    const m = measure(run.args);
    times[key].push(m);
    if (key === 'volumeMap') volumeSimulations = JSON.parse(m.stdout).simulation.simulations;
  }
}
const wall = (key) => median(times[key].map((t) => t.wallMs));
const cpu = (key) => median(times[key].map((t) => t.cpuMs));

// Start-up, interleaved as well: node -e 0, then flowcost, nine times.
const nodeRuns = [];
const startupRuns = [];
for (let round = 0; round < 9; round++) {
  nodeRuns.push(measure(['-e', '0']).wallMs);
  startupRuns.push(measure([cli, 'analyze', join(here, 'three-steps.yaml'), '-n', '1000']).wallMs);
}
const nodeStart = median(nodeRuns);
const startup = median(startupRuns);
const rssSmall = rssOf(['analyze', tenSteps, '-f', 'json', '-n', '10000', '--threads', '1']);
const rssLarge = rssOf(['analyze', tenSteps, '-f', 'json', '-n', '2000000', '--threads', '1']);

console.log(`flowcost benchmark · node ${process.version} · ${availableParallelism()} cores · median of ${RUNS} interleaved rounds\n`);
console.log('| run | wall | CPU | wall ÷ baseline | CPU ÷ baseline |');
console.log('|---|---:|---:|---:|---:|');
for (const key of ['baseline', 'core1', 'core2', 'all2']) {
  console.log(`| ${runs[key].label} | ${fmt(wall(key))} ms | ${fmt(cpu(key))} ms | ${fmt(wall(key) / wall('baseline'), 2)} | ${fmt(cpu(key) / cpu('baseline'), 2)} |`);
}
// The ratio in each round (its two runs a few seconds apart): how far the machine's spells move it.
const perRound = (a, b, of) => {
  const ratios = times[a].map((t, i) => of(t) / of(times[b][i]));
  return `${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}`;
};
const wallOf = (t) => t.wallMs;
const cpuOf = (t) => t.cpuMs;
const targets = [
  ['throughput: the default analysis, wall ÷ baseline wall', wall('all2') / wall('baseline'), 1.0, perRound('all2', 'baseline', wallOf)],
  ['throughput: the default analysis, CPU ÷ baseline CPU', cpu('all2') / cpu('baseline'), 2.0, perRound('all2', 'baseline', cpuOf)],
  ['decision map 10 × 10 ÷ one 1,000,000-sample analysis (wall)', wall('map') / wall('all2'), 1.5, perRound('map', 'all2', wallOf)],
  ['start-up ÷ node -e 0', startup / nodeStart, 3.0, ''],
  ['peak RSS, 2,000,000 samples ÷ 10,000', rssLarge / rssSmall, 1.3, ''],
];
console.log(`\n| decision maps | wall | simulations |`);
console.log('|---|---:|---:|');
console.log(`| ${runs.map.label} | ${fmt(wall('map'))} ms | 100 |`);
console.log(`| ${runs.volumeMap.label} | ${fmt(wall('volumeMap'))} ms | ${volumeSimulations} |`);
console.log(`\n| start-up | wall |\n|---|---:|\n| node -e 0 | ${fmt(nodeStart)} ms |\n| analyze three-steps, 1,000 samples | ${fmt(startup)} ms |`);
console.log(`\n| peak RSS (one thread) | MB |\n|---|---:|\n| 10,000 samples | ${fmt(rssSmall, 1)} |\n| 2,000,000 samples | ${fmt(rssLarge, 1)} |`);
console.log('\n| target (issue 19) | measured (medians) | in single rounds | target | |');
console.log('|---|---:|---:|---:|---|');
for (const [what, ratio, target, rounds] of targets) console.log(`| ${what} | ${fmt(ratio, 2)} | ${rounds} | ≤ ${fmt(target, 1)} | ${verdict(ratio, target)} |`);
