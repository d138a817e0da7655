#!/usr/bin/env node
/**
 * Build step after tsc: precompute what the CLI would otherwise redo at every start.
 *  - dist/generated/validators/<name>.cjs: each schema in schemas/ compiled by ajv to standalone code
 *    (one file per schema: a command loads only the validators it uses);
 *  - dist/generated/pricing/<version>.json: every pricing catalog, loaded and validated from its YAML.
 * The runtime uses them only when running from dist/ (src/io/package-files.ts); tests of src/ compile
 * schemas and read YAML directly, and test/unit/generated.test.ts checks both paths agree.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Ajv2020 } = require('ajv/dist/2020.js');
const standalone = require('ajv/dist/standalone').default;

const out = join(root, 'dist', 'generated');
mkdirSync(join(out, 'pricing'), { recursive: true });
mkdirSync(join(out, 'validators'), { recursive: true });

// Same options as src/io/schema-check.ts.
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, code: { source: true, esm: false } });
const schemas = readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();
for (const file of schemas) ajv.addSchema(JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8')));
for (const file of schemas) {
  const { $id } = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8'));
  // src/io/schema-check.ts finds it by the last segment of the schema's $id.
  writeFileSync(join(out, 'validators', $id.split('/').pop().replace(/\.schema\.json$/, '.cjs')), standalone(ajv, ajv.getSchema($id)));
}

const { listPricingVersions, loadPricingCatalog } = await import(join(root, 'dist', 'io', 'load-pricing.js'));
for (const version of listPricingVersions()) {
  writeFileSync(join(out, 'pricing', `${version}.json`), JSON.stringify(loadPricingCatalog(version, undefined, { fromSource: true })));
}
console.log(`generated ${schemas.length} validators and ${listPricingVersions().length} pricing catalog(s) in dist/generated`);
