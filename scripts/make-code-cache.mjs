#!/usr/bin/env node
/**
 * Build step after the bundle: run the CLI once on a bundled example, as a user's first run would,
 * and write V8's code cache of the bundle as it stands at the end (dist/bundle/flowcost.cjs.cache;
 * see scripts/launcher/cli-script.mjs). The run's report goes nowhere.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CACHE_FILE, compileCli } = await import(pathToFileURL(join(root, 'dist', 'bundle', 'cli-script.mjs')).href);
const cli = compileCli(undefined);
process.argv = [process.argv[0], join(root, 'dist', 'bundle', 'flowcost.mjs'), 'analyze', join(root, 'examples', 'order-fulfilment.yaml'), '-n', '2000'];
process.stdout.write = () => true;
let written = false;
process.on('beforeExit', () => {
  if (written) return;
  written = true;
  writeFileSync(CACHE_FILE, cli.script.createCachedData());
  console.error(`wrote ${CACHE_FILE}`);
});
cli.run();
