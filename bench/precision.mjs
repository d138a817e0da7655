// Precision-driven sampling (issue 19.3) against today's fixed 10,000 samples, on every example:
// for each, the worst relative half-width of a monthly cost's 95% interval at 10,000 samples and
// its wall time; then --precision at that half-width (and at 1%): samples, why it stopped, wall
// time, worst half-width. Wall times are medians of RUNS runs of the built CLI, side by side.
// Then the analysis alone, in this process (no start-up): medians of RUNS × 3 interleaved runs.
// Usage: npm run build && node bench/precision.mjs [--threads N] [--runs N]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const RUNS = Number(flag('--runs', 5));
const threads = flag('--threads', undefined);
const cli = new URL('../dist/bundle/flowcost.mjs', import.meta.url).pathname;
const examples = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();

function run(file, extra) {
  const args = [cli, 'analyze', `examples/${file}`, '-f', 'json', ...(threads ? ['--threads', threads] : []), ...extra];
  const start = performance.now();
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  return { ms: performance.now() - start, report: JSON.parse(out) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The worst relative half-width of a monthly cost's interval, and the worst straddle of the 0.1% threshold. */
function precisionOf(report) {
  let worst = 0;
  let straddles = 0;
  for (const a of report.architectures) {
    const { low, high } = a.monthlyCost.interval;
    if (a.monthlyCost.total > 0) worst = Math.max(worst, (high - low) / 2 / a.monthlyCost.total);
    for (const l of a.limits) {
      const i = l.exceedProbabilityInterval;
      if (i.low < 0.001 && i.high >= 0.001 && i.low !== i.high) straddles++;
    }
  }
  return { worst, straddles };
}
const pct = (x) => `${(x * 100).toFixed(3)}%`;

console.log('| example | 10,000 samples: worst ± | straddling limits | time | --precision P (= that ±) | samples | stopped by | worst ± | time | --precision 1%: samples | time |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const file of examples) {
  const fixed = [];
  const matched = [];
  const onePercent = [];
  let base;
  for (let r = 0; r < RUNS; r++) {
    const b = run(file, ['--samples', '10000']);
    base = precisionOf(b.report);
    fixed.push(b.ms);
    // P: today's worst half-width, rounded up to 0.001% (at least 0.001%: a fixed-cost workload has 0).
    const target = Math.max(1e-5, Math.ceil(base.worst * 1e5) / 1e5);
    const m = run(file, ['--precision', String(target)]);
    matched.push({ ms: m.ms, report: m.report, target });
    onePercent.push(run(file, ['--precision', '1%']));
  }
  const m = matched[0];
  const mp = precisionOf(m.report);
  const o = onePercent[0].report;
  console.log(
    `| ${file} | ${pct(base.worst)} | ${base.straddles} | ${median(fixed).toFixed(0)} ms | ${pct(m.target)} | ${m.report.simulation.samples.toLocaleString('en-US')} | ${m.report.simulation.precision.stoppedBy} | ${pct(mp.worst)} | ${median(matched.map((x) => x.ms)).toFixed(0)} ms | ${o.simulation.samples.toLocaleString('en-US')} (${o.simulation.precision.stoppedBy}) | ${median(onePercent.map((x) => x.ms)).toFixed(0)} ms |`,
  );
}

// The analysis alone (library, one thread, warmed up), interleaved: 10,000 samples vs --precision at that ±.
const { analyze, loadWorkloadFile, loadPricingCatalog } = await import('../dist/index.js');
const catalog = loadPricingCatalog();
console.log('');
console.log('| example (in-process, no start-up) | 10,000 samples | --precision (= that ±) | samples |');
console.log('|---|---|---|---|');
for (const file of examples) {
  const workload = loadWorkloadFile(`examples/${file}`);
  const base = { seed: 1, freeTier: false };
  const target = Math.max(1e-5, Math.ceil(precisionOf(analyze(workload, catalog, { ...base, samples: 10_000 })).worst * 1e5) / 1e5);
  const fixed = [];
  const driven = [];
  let samples = 0;
  for (let r = 0; r < RUNS * 3; r++) {
    let start = performance.now();
    analyze(workload, catalog, { ...base, samples: 10_000 });
    fixed.push(performance.now() - start);
    start = performance.now();
    samples = analyze(workload, catalog, { ...base, samples: 1_000_000, precision: target }).simulation.samples;
    driven.push(performance.now() - start);
  }
  console.log(`| ${file} | ${median(fixed).toFixed(1)} ms | ${median(driven).toFixed(1)} ms | ${samples.toLocaleString('en-US')} |`);
}
