/**
 * The CLI bundle (flowcost.cjs, a CommonJS script) compiled with V8's code cache: about 20 ms of
 * every start is compiling the bundle and, later, each function on its first call; with the cache
 * V8 takes the compiled code as it was at the end of a typical run. The cache (flowcost.cjs.cache)
 * is written at build time by scripts/make-code-cache.mjs, never at run time. V8 checks it against
 * the source, its own version and its flags and ignores it when anything differs (then the bundle
 * compiles as without it): a stale or foreign cache costs time, never correctness.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
export const CLI_FILE = join(here, 'flowcost.cjs');
export const CACHE_FILE = `${CLI_FILE}.cache`;

export function compileCli(cachedData) {
  // (main.ts's #! line is a comment here: the bundle runs wrapped in a function.)
  const source = readFileSync(CLI_FILE, 'utf8').replace(/^#!/, '//');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __flowcostImport) {${source}\n})`, {
    filename: CLI_FILE,
    ...(cachedData ? { cachedData } : {}),
  });
  return {
    script,
    run() {
      const module = { exports: {} };
      // The bundle's import() of a lazily loaded package (scripts/bundle.mjs) is this module's.
      const importPackage = (specifier) => import(specifier);
      script.runInThisContext()(module.exports, createRequire(CLI_FILE), module, CLI_FILE, here, importPackage);
    },
  };
}
