#!/usr/bin/env node
/**
 * Build step after tsc: bundle the CLI and the simulation worker into single files
 * (dist/bundle/flowcost.mjs, dist/bundle/worker.js). Node resolves and links about two hundred
 * modules for a plain `dist/` start; one file starts in a fraction of that (bench/README.md).
 * Heavy, rarely used packages stay outside and load lazily: vega and vega-lite (HTML charts), ajv
 * (only when a schema was not precompiled).
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['vega', 'vega-lite', 'ajv', 'ajv/*', 'playwright-core'],
  // Packages bundled here may still call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __flowcostCreateRequire } from 'node:module'; const require = __flowcostCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  keepNames: false,
};
await build({ ...common, entryPoints: [join(root, 'dist', 'cli', 'main.js')], outfile: join(root, 'dist', 'bundle', 'flowcost.mjs') });
await build({ ...common, entryPoints: [join(root, 'dist', 'engine', 'worker.js')], outfile: join(root, 'dist', 'bundle', 'worker.js') });
console.log('bundled dist/bundle/flowcost.mjs and dist/bundle/worker.js');
