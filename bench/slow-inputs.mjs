#!/usr/bin/env node
/**
 * The hostile inputs of issue 14, item 6, timed (after `npm run build`):
 *
 *   node bench/slow-inputs.mjs                       # this build
 *   node bench/slow-inputs.mjs --against ../other    # side by side with another checkout's build
 *
 * Each input is generated at three sizes (a tenth, a third and all of it), so the table shows how
 * the time grows: linearly now, where it grew with the square before.
 *  - a workload of about 0.9 MB with 90,000 unknown top-level keys (`validate`);
 *  - a `--pricing` file with 70,000 aliases (35,000 anchors, each used twice) (`analyze`);
 *  - a state machine of 10,000 Task states in a chain: `validate`, and `analyze` with the default
 *    10,000 samples (the engine's part: see bench/README.md).
 * Every run has a deadline (BENCH_DEADLINE_S, default 300 s); a run that passes it is stopped and
 * shown as "> deadline". Timings are wall times of whole processes, medians of BENCH_RUNS (default 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const against = process.argv.includes('--against') ? resolve(process.argv[process.argv.indexOf('--against') + 1]) : undefined;
const builds = [['this build', join(here, '..')], ...(against ? [['against', against]] : [])];
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const DEADLINE_S = Number(process.env.BENCH_DEADLINE_S ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'flowcost-slow-'));
mkdirSync(join(dir, '.git')); // the project root: the definitions beside the workloads are inside it
const example = join(here, '..', 'examples', 'api-backend.yaml');

function unknownKeys(count) {
  let text = 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nsteps:\n  - task: t\n    duration: 1s\n';
  for (let i = 0; i < count; i++) text += `x${i.toString(36)}: 1\n`;
  const file = join(dir, `keys-${count}.yaml`);
  writeFileSync(file, text);
  return file;
}

function aliases(count) {
  const parts = [];
  for (let i = 0; i < count / 2; i++) parts.push(`&${i.toString(36)} 1`, `*${i.toString(36)}`, `*${i.toString(36)}`);
  const text =
    'service: lambda\nversion: "x"\ncurrency: USD\nsources:\n  a: { url: https://example.com, retrieved: "2026-01-01" }\n' +
    `regions:\n  us-east-1:\n    requests: { unit: request, tiers: [{ upTo: null, usd: 0.0000002 }], source: a }\nlist: [${parts.join(',')}]\n`;
  const file = join(dir, `aliases-${count}.yaml`);
  writeFileSync(file, text);
  return file;
}

function chain(count) {
  const states = {};
  for (let k = 0; k < count; k++) {
    states[`S${k}`] = { Type: 'Task', Resource: 'arn:aws:lambda:::function:f', ...(k < count - 1 ? { Next: `S${k + 1}` } : { End: true }) };
  }
  writeFileSync(join(dir, `chain-${count}.asl.json`), JSON.stringify({ StartAt: 'S0', States: states }));
  const file = join(dir, `chain-${count}.yaml`);
  writeFileSync(file, `name: chain\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: chain-${count}.asl.json }\n`);
  return file;
}

const cases = [
  ...[9_000, 30_000, 90_000].map((n) => [`${n.toLocaleString('en-US')} unknown keys: validate`, ['validate', unknownKeys(n)]]),
  ...[7_000, 21_000, 70_000].map((n) => [`${n.toLocaleString('en-US')} aliases in --pricing: analyze`, ['analyze', example, '-n', '100', '--pricing', aliases(n)]]),
  ...[1_000, 3_000, 10_000].map((n) => [`${n.toLocaleString('en-US')} Task states: validate`, ['validate', chain(n)]]),
  ...[1_000, 10_000].map((n) => [`${n.toLocaleString('en-US')} Task states: analyze (10,000 samples)`, ['analyze', chain(n), '-f', 'json']]),
];

function run(root, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'dist', 'bundle', 'flowcost.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: DEADLINE_S * 1000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.signal) return { ms: Infinity, outcome: 'stopped' };
  const said = (result.stderr.split('\n').find((l) => l.includes('error[')) ?? '').replace(/^.*error\[/, 'error[').slice(0, 70);
  return { ms, outcome: `exit ${result.status}${said ? ` ${said}` : ''}` };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : `> ${DEADLINE_S} s`);
console.log(`| input | ${builds.map(([name]) => name).join(' | ')} | outcome (${builds[0][0]}) |`);
console.log(`|---|${builds.map(() => '---:').join('|')}|---|`);
for (const [label, args] of cases) {
  const times = builds.map(() => []);
  let outcome = '';
  for (let round = 0; round < RUNS; round++) {
    builds.forEach(([, root], b) => {
      const result = run(root, args);
      times[b].push(result.ms);
      if (b === 0) outcome = result.outcome;
    });
  }
  console.log(`| ${label} | ${times.map((t) => show(median(t))).join(' | ')} | ${outcome} |`);
}
