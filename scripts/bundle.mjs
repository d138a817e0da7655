#!/usr/bin/env node
/**
 * Build step after tsc: bundle the CLI and the simulation worker into single files
 * (dist/bundle/flowcost.cjs, started by the bin dist/bundle/flowcost.mjs; dist/bundle/worker.js and
 * map-worker.js, the workers of a simulation and of a decision map). Node resolves and links about two hundred
 * modules for a plain `dist/` start; one file starts in a fraction of that (bench/README.md).
 * Heavy, rarely used packages stay outside and load lazily: vega and vega-lite (HTML charts), ajv
 * (only when a schema was not precompiled).
 */
import { build } from 'esbuild';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * string-width 7 and 8 (yargs' and cliui's) build Unicode-property regexes and Intl.Segmenters when
 * they load: about 35 ms of every start, for widths that only help and usage text need. This wraps
 * each such module's body in a function run on the first call. The build fails if a new version
 * does not have the expected shape (imports, then one default-exported stringWidth).
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!/^import /m.test(source)) return undefined; // the CommonJS versions (cli-table3's) load cheaply
      const lines = source.split('\n');
      const imports = lines.filter((line) => line.startsWith('import '));
      const body = lines.filter((line) => !line.startsWith('import ')).join('\n');
      const exported = 'export default function stringWidth(';
      if (body.split(exported).length !== 2 || /^export /m.test(body.replace(exported, ''))) {
        throw new Error(`lazy-string-width: unexpected module shape in ${path}`);
      }
      const contents = [
        ...imports,
        'let stringWidthOnFirstCall;',
        'export default function stringWidth(...args) {',
        '  stringWidthOnFirstCall ??= (() => {',
        body.replace(exported, 'function stringWidth('),
        '    return stringWidth;',
        '  })();',
        '  return stringWidthOnFirstCall(...args);',
        '}',
      ].join('\n');
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};
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
  plugins: [lazyStringWidth],
};
// The CLI is a CommonJS script, run by the launcher (scripts/launcher/) from V8's code cache
// (scripts/make-code-cache.mjs, the next build step); import.meta.url reads as the script's own URL.
await build({
  ...common,
  format: 'cjs',
  banner: { js: "const __flowcostImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__flowcostImportMetaUrl' },
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outfile: join(root, 'dist', 'bundle', 'flowcost.cjs'),
});
// A script run by vm.Script cannot import(): the packages loaded lazily (vega, vega-lite) are
// imported through the launcher's module instead (cli-script.mjs, in the same folder, so a bare
// name resolves the same way). Every import() must be one of these literal calls.
const cliFile = join(root, 'dist', 'bundle', 'flowcost.cjs');
const cliSource = await readFile(cliFile, 'utf8');
const routed = cliSource.replace(/\bimport\(("[\w@/.-]+")\)/g, '__flowcostImport($1)');
if (/\bimport\(/.test(routed)) throw new Error('bundle: an import() that is not a literal package name is left in flowcost.cjs');
await writeFile(cliFile, routed);
for (const file of ['flowcost.mjs', 'cli-script.mjs']) {
  await copyFile(join(root, 'scripts', 'launcher', file), join(root, 'dist', 'bundle', file));
}
await chmod(join(root, 'dist', 'bundle', 'flowcost.mjs'), 0o755);
await build({ ...common, entryPoints: [join(root, 'dist', 'engine', 'worker.js')], outfile: join(root, 'dist', 'bundle', 'worker.js') });
await build({ ...common, entryPoints: [join(root, 'dist', 'sweep', 'map-worker.js')], outfile: join(root, 'dist', 'bundle', 'map-worker.js') });
console.log('bundled dist/bundle/flowcost.cjs (run by flowcost.mjs), dist/bundle/worker.js and dist/bundle/map-worker.js');
