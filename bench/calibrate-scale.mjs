#!/usr/bin/env node
/**
 * `flowcost calibrate` at the scale issue 17 names: 10,000 execution histories of 50 events each
 * (one file per execution, pretty-printed as the AWS CLI writes them, payloads included) and
 * 1,000,000 REPORT lines (with their START and END lines). Run after `npm run build`:
 *
 *   node bench/calibrate-scale.mjs          # BENCH_RUNS=5 for more rounds (default 3)
 *
 * For each case: wall time and peak RSS of the built CLI (in-process through bench/rss-child.mjs),
 * side by side, round by round, with a baseline that only reads the same bytes the simplest way
 * (JSON.parse of each history file; the log split into lines, REPORT lines matched by one regex).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HISTORIES = Number(process.env.BENCH_HISTORIES ?? 10_000);
const REPORT_LINES = Number(process.env.BENCH_REPORT_LINES ?? 1_000_000);

const dir = mkdtempSync(join(tmpdir(), 'flowcost-calibrate-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// ── the workload and its sources ─────────────────────────────────────────────────

const TASKS = ['validate', 'charge', 'reserve'];
writeFileSync(
  join(dir, 'workload.yaml'),
  `name: bench\nregion: us-east-1\nexecutionsPerMonth: 1\nsteps:\n${TASKS.map((t) => `  - task: ${t}\n    duration: 100ms\n`).join('')}` +
    '  - wait: approve\n    mode: callback\n    duration: 1h\n  - map: ship\n    items: 1\n    steps: [ { task: ship-one, duration: 100ms } ]\n' +
    '  - choice: route\n    branches:\n      - { probability: 0.5, steps: [ { task: done, duration: 1ms } ] }\n      - { probability: 0.5, steps: [ { task: redo, duration: 1ms } ] }\n',
);

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const payload = JSON.stringify({ order: { id: 'o-12345', lines: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }], card: '4111-1111-1111-1111' } });

/** One execution: 50 events (three tasks, a callback, a Map of three items, a Choice that skips its branch's task). */
function history(startMs) {
  const events = [];
  let t = startMs;
  const add = (type, prev, key, details) => {
    events.push({ timestamp: new Date(t).toISOString().replace('Z', '000+00:00'), type, id: events.length + 1, previousEventId: prev, ...(key ? { [key]: details } : {}) });
    return events.length;
  };
  const task = (name, prev) => {
    const e = add('TaskStateEntered', prev, 'stateEnteredEventDetails', { name, input: payload, inputDetails: { truncated: false } });
    const s = add('TaskScheduled', e, 'taskScheduledEventDetails', { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: payload });
    t += 15;
    const st = add('TaskStarted', s, 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke' });
    t += 50 + random() * 400;
    const ok = add('TaskSucceeded', st, 'taskSucceededEventDetails', { resourceType: 'lambda', resource: 'invoke', output: payload, outputDetails: { truncated: false } });
    return add('TaskStateExited', ok, 'stateExitedEventDetails', { name, output: payload, outputDetails: { truncated: false } });
  };
  let prev = add('ExecutionStarted', 0, 'executionStartedEventDetails', { input: payload, inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::123456789012:role/bench' });
  for (const name of TASKS) prev = task(name, prev);
  const ae = add('TaskStateEntered', prev, 'stateEnteredEventDetails', { name: 'approve', input: payload });
  const as = add('TaskScheduled', ae, 'taskScheduledEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', parameters: payload });
  const ast = add('TaskStarted', as, 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
  t += 40;
  const asub = add('TaskSubmitted', ast, 'taskSubmittedEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: payload });
  t += random() * 7_200_000;
  const aok = add('TaskSucceeded', asub, 'taskSucceededEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: payload });
  prev = add('TaskStateExited', aok, 'stateExitedEventDetails', { name: 'approve', output: payload });
  const me = add('MapStateEntered', prev, 'stateEnteredEventDetails', { name: 'ship', input: payload });
  const ms = add('MapStateStarted', me, 'mapStateStartedEventDetails', { length: 3 });
  let last = ms;
  for (let i = 0; i < 3; i++) {
    const it = add('MapIterationStarted', ms, 'mapIterationStartedEventDetails', { name: 'ship', index: i });
    const x = task('ship-one', it);
    last = add('MapIterationSucceeded', x, 'mapIterationSucceededEventDetails', { name: 'ship', index: i });
  }
  const msu = add('MapStateSucceeded', last);
  prev = add('MapStateExited', msu, 'stateExitedEventDetails', { name: 'ship', output: payload });
  const ce = add('ChoiceStateEntered', prev, 'stateEnteredEventDetails', { name: 'route', input: payload });
  const cx = add('ChoiceStateExited', ce, 'stateExitedEventDetails', { name: 'route', output: payload });
  add('ExecutionSucceeded', cx, 'executionSucceededEventDetails', { output: payload, outputDetails: { truncated: false } });
  return { events };
}

const histories = join(dir, 'histories');
mkdirSync(histories);
let events = 0;
for (let i = 0; i < HISTORIES; i++) {
  const h = history(Date.UTC(2026, 2, 2) + i * 60_000);
  events += h.events.length;
  writeFileSync(join(histories, `execution-${String(i).padStart(5, '0')}.json`), JSON.stringify(h, null, 4));
}

const log = join(dir, 'charge.log');
{
  const fd = openSync(log, 'w');
  let chunk = '';
  for (let i = 0; i < REPORT_LINES; i++) {
    const id = `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-1111-4222-a333-${String(i).padStart(12, '0')}`;
    const d = (50 + random() * 400).toFixed(2);
    chunk += `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\nREPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${Math.ceil(Number(d))} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB${i % 100 === 0 ? '\tInit Duration: 212.33 ms' : ''}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

const mb = (bytes) => bytes / 1e6;
const historyBytes = readdirSync(histories).reduce((sum, f) => sum + statSync(join(histories, f)).size, 0);
const logBytes = statSync(log).size;

// ── runs ─────────────────────────────────────────────────────────────────────────

function timed(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const rss = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { ms, rss };
}

const BASELINE = `
  import { readdirSync, readFileSync, openSync, readSync, closeSync } from 'node:fs';
  import { join } from 'node:path';
  const [mode, path] = process.argv.slice(1);
  let n = 0;
  if (mode === 'histories') {
    for (const f of readdirSync(path)) n += JSON.parse(readFileSync(join(path, f), 'utf8')).events.length;
  } else {
    const fd = openSync(path, 'r'); const buf = Buffer.allocUnsafe(1 << 20); const dec = new TextDecoder(); let rest = '';
    for (;;) { const k = readSync(fd, buf, 0, buf.length, null); if (k === 0) break;
      const lines = (rest + dec.decode(buf.subarray(0, k), { stream: true })).split('\\n'); rest = lines.pop();
      for (const l of lines) if (/^REPORT RequestId: \\S+\\s+Duration: ([\\d.]+) ms/.test(l)) n++; }
    closeSync(fd);
  }
  process.stderr.write('n ' + n + ' maxRSS ' + process.resourceUsage().maxRSS + '\\n');
`;

const cli = (extra) => [join(here, 'rss-child.mjs'), 'calibrate', join(dir, 'workload.yaml'), ...extra, '--out', join(dir, 'out.yaml')];
const cases = [
  { label: `${HISTORIES.toLocaleString('en-US')} histories × 50 events (${mb(historyBytes).toFixed(0)} MB)`, flowcost: cli(['--from', histories]), baseline: ['--input-type=module', '-e', BASELINE, 'histories', histories], units: events, unit: 'events' },
  { label: `${REPORT_LINES.toLocaleString('en-US')} REPORT lines (${mb(logBytes).toFixed(0)} MB)`, flowcost: cli(['--from', `charge=${log}`]), baseline: ['--input-type=module', '-e', BASELINE, 'logs', log], units: REPORT_LINES, unit: 'lines' },
  { label: 'both together', flowcost: cli(['--from', histories, '--from', `charge=${log}`]), baseline: undefined, units: events + REPORT_LINES, unit: 'records' },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = cases.map(() => ({ flowcost: [], baseline: [] }));
for (let round = 0; round < RUNS; round++) {
  cases.forEach((c, i) => {
    if (c.baseline) results[i].baseline.push(timed(c.baseline));
    results[i].flowcost.push(timed(c.flowcost));
  });
}

console.log(`calibrate at scale, medians of ${RUNS} rounds\n`);
console.log('| input | flowcost calibrate | peak RSS | throughput | baseline (read + parse only) | baseline RSS |');
console.log('|---|---:|---:|---:|---:|---:|');
cases.forEach((c, i) => {
  const f = results[i].flowcost;
  const b = results[i].baseline;
  const ms = median(f.map((r) => r.ms));
  const rss = median(f.map((r) => r.rss));
  const rate = c.units / (ms / 1000);
  const base = b.length > 0 ? `${Math.round(median(b.map((r) => r.ms))).toLocaleString('en-US')} ms` : '—';
  const baseRss = b.length > 0 ? `${median(b.map((r) => r.rss)).toFixed(0)} MB` : '—';
  console.log(`| ${c.label} | ${Math.round(ms).toLocaleString('en-US')} ms | ${rss.toFixed(0)} MB | ${Math.round(rate).toLocaleString('en-US')} ${c.unit}/s | ${base} | ${baseRss} |`);
});
