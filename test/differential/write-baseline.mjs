/**
 * Writes baseline.json.gz: the JSON report of every differential case as the engine of one commit
 * computes it. Run from a checkout of that commit, after `npm run build`:
 *
 *   node test/differential/write-baseline.mjs            # writes test/differential/baseline.json.gz
 *
 * To regenerate the baseline of the committed reference engine (the last commit with the two
 * runners, recorded in the file), check that commit out in a worktree, copy this folder into it,
 * build and run this script there.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { differentialCases } from './cases.mjs';

const here = dirname(new URL(import.meta.url).pathname);
const dist = join(here, '..', '..', 'dist');
const { analyze, parseWorkload, loadPricingCatalog, renderJson } = await import(join(dist, 'index.js'));
const { Random } = await import(join(dist, 'engine', 'random.js'));
const catalog = loadPricingCatalog();
const reports = {};
let fuzzKept = 0;
for (const c of differentialCases({ Random })) {
  let workload;
  try {
    workload = parseWorkload(c.text, c.file);
  } catch (error) {
    if (c.id.startsWith('fuzz/')) continue;
    reports[c.id] = { refused: String(error.message) };
    continue;
  }
  try {
    reports[c.id] = JSON.parse(renderJson(analyze(workload, catalog, { samples: c.samples, seed: 1, freeTier: false })));
    if (c.id.startsWith('fuzz/')) fuzzKept++;
  } catch (error) {
    reports[c.id] = { refused: String(error.message) };
  }
}
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
// The checkout's own path reads `<repo>/`, so that the test passes wherever the repository is cloned.
const repo = join(here, '..', '..');
writeFileSync(join(here, 'baseline.json.gz'), gzipSync(JSON.stringify({ commit, reports }).replaceAll(`${repo}/`, '<repo>/')));
console.log(`${Object.keys(reports).length} cases (${fuzzKept} fuzz) from ${commit}`);
