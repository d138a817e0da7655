#!/usr/bin/env node
/**
 * How simulation time grows with samples, with steps and with Map items (README "Performance").
 * In-process, one thread, medians of 3: `node bench/scaling.mjs` after `npm run build`.
 */
import { analyze } from '../dist/analyze.js';
import { loadPricingCatalog } from '../dist/io/load-pricing.js';
import { parseWorkload } from '../dist/io/load-workload.js';

const catalog = loadPricingCatalog();
const task = (i) => `  - task: t${i}\n    duration: { p50: 50ms, p95: 200ms }\n    failureRate: 0.01\n    retry: { maxAttempts: 2 }\n`;
const workload = (steps, items = 0) =>
  parseWorkload(
    `name: scale\nregion: us-east-1\nexecutionsPerMonth: 1000000\nsteps:\n${Array.from({ length: steps }, (_, i) => task(i)).join('')}` +
      (items > 0 ? `  - map: m\n    items: ${items}\n    maxConcurrency: 10\n    steps: [ { task: item, duration: { p50: 20ms, p95: 60ms } } ]\n` : ''),
    'scale.yaml',
  );
function time(w, samples) {
  const runs = [1, 2, 3].map(() => {
    const start = performance.now();
    analyze(w, catalog, { samples, seed: 1, freeTier: false });
    return performance.now() - start;
  });
  return runs.sort((a, b) => a - b)[1];
}
const row = (label, ms, unit) => console.log(`| ${label} | ${ms.toFixed(0)} ms | ${unit} |`);
console.log('| run | time | per unit |\n|---|---:|---:|');
for (const samples of [50_000, 100_000, 200_000, 400_000]) {
  const ms = time(workload(10), samples);
  row(`10 steps, ${samples.toLocaleString('en-US')} samples`, ms, `${((ms * 1000) / samples).toFixed(2)} µs/sample`);
}
for (const steps of [5, 10, 20, 40]) {
  const ms = time(workload(steps), 100_000);
  row(`${steps} steps, 100,000 samples`, ms, `${((ms * 1e6) / (100_000 * steps)).toFixed(0)} ns/step`);
}
for (const items of [10, 100, 1_000]) {
  const ms = time(workload(1, items), 20_000);
  row(`1 step + Map of ${items.toLocaleString('en-US')} items, 20,000 samples`, ms, `${((ms * 1e6) / (20_000 * items)).toFixed(0)} ns/item`);
}
