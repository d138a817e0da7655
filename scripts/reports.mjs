#!/usr/bin/env node
// `npm run reports`: regenerates reports/ from examples/*.yaml with the built library (dist/).
// test/report/curated.test.ts fails when the files here are stale.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadPricingCatalog, loadWorkloadFile } from '../dist/index.js';
import { curatedReports } from '../dist/report/curated.js';

const root = join(import.meta.dirname, '..');
const out = join(root, 'reports');
mkdirSync(out, { recursive: true });
const catalog = loadPricingCatalog();
for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort()) {
  const name = basename(file, '.yaml');
  const files = await curatedReports(name, loadWorkloadFile(join(root, 'examples', file)), catalog);
  for (const [target, content] of Object.entries(files)) {
    writeFileSync(join(out, target), content);
    console.log(`reports/${target}  ${Buffer.byteLength(content).toLocaleString('en-US')} bytes`);
  }
}
