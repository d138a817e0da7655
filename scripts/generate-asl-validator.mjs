#!/usr/bin/env node
/**
 * Build step after tsc: asl-validator's JSON schemas compiled once to standalone code
 * (dist/generated/validators/asl-validator.cjs), so a CLI start does not compile them (about 0.5 s).
 * The module exports a function of the formats (src/import/asl-schema.ts passes the same ones it
 * compiles with here), so the generated code needs no path to them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { _ } = require('ajv');
const standalone = require('ajv/dist/standalone').default;
const { aslSchemaAjv, ASL_SCHEMA_ID, ASL_VALIDATOR_FILE } = await import(join(root, 'dist', 'import', 'asl-schema.js'));

const ajv = aslSchemaAjv({ source: true, esm: false, formats: _`__formats` });
const code = standalone(ajv, ajv.getSchema(ASL_SCHEMA_ID));
const file = join(root, 'dist', 'generated', ...ASL_VALIDATOR_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(
  file,
  `'use strict';\n// asl-validator's schemas (${ASL_SCHEMA_ID}), compiled by scripts/generate-asl-validator.mjs.\n` +
    `module.exports = function (__formats) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${code}\nreturn module.exports;\n};\n`,
);
console.log(`generated ${ASL_VALIDATOR_FILE.join('/')} in dist/generated`);
