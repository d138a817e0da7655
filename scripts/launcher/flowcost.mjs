#!/usr/bin/env node
/** The flowcost binary: runs the CLI bundle, from V8's code cache when it matches (cli-script.mjs). */
import { readFileSync } from 'node:fs';
import { CACHE_FILE, compileCli } from './cli-script.mjs';

let cachedData;
try {
  cachedData = readFileSync(CACHE_FILE);
} catch {
  // No cache (a build without one): compile as usual.
}
compileCli(cachedData).run();
