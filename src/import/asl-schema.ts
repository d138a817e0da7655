/**
 * asl-validator's JSON schema check, compiled once instead of on every call.
 *
 * asl-validator 4.0.0 builds a new ajv and compiles its fifteen schemas on each validation (about
 * 0.1 s warm, 0.5 s in a fresh process, on every `analyze` of a machine workload). This module
 * compiles the same schemas with the same formats and options as its `checks/json-schema-errors.js`
 * (checkPaths off, checkArn on), keeps the compiled validator (precompiled to standalone code by
 * scripts/generate-asl-validator.mjs when running from the build), and selects errors the way that
 * module does. validate-asl.ts puts this function in place of asl-validator's, so its own graph
 * checks and checker list still run as they are; test/import/asl-validator.test.ts checks both
 * give the same findings on the sample corpus and on broken definitions.
 *
 * Error selection and the JSONata formats follow asl-validator's code (Apache-2.0,
 * https://github.com/ChristopheBougere/asl-validator/blob/main/src/checks/json-schema-errors.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Format, Options, ValidateFunction } from 'ajv';

export const ASL_SCHEMA_ID = 'http://asl-validator.cloud/state-machine.json#';
/** asl-validator's schemas, in the order it registers them. */
export const ASL_SCHEMA_FILES = [
  'common',
  'paths',
  'jsonata',
  'choice',
  'fail',
  'parallel',
  'pass',
  'base-state-machine',
  'state-machine',
  'state',
  'succeed',
  'task',
  'wait',
  'map',
  'errors',
] as const;

/** Where the precompiled validator is, relative to the build's generated folder. */
export const ASL_VALIDATOR_FILE = ['validators', 'asl-validator.cjs'] as const;

export interface AslSchemaError {
  readonly 'Error code': string;
  readonly Message: string;
  readonly schemaError: { readonly instancePath: string; readonly schemaPath: string };
}

const requireHere = createRequire(import.meta.url);
/** asl-validator's own dependencies (jsonata, ajv-formats), resolved where it resolves them. */
function requireFromValidator(name: string): unknown {
  return createRequire(requireHere.resolve('asl-validator'))(name);
}

/** The formats asl-validator registers with checkPaths off and checkArn on. */
export function aslFormats(): Record<string, Format> {
  const jsonata = requireFromValidator('jsonata') as (expression: string) => unknown;
  const { fullFormats } = requireFromValidator('ajv-formats/dist/formats') as { fullFormats: Record<string, Format> };
  const { isArnFormatValid } = requireFromValidator('asl-validator/dist/src/checks/formats') as { isArnFormatValid: (value: string) => boolean };
  const validJsonata = (value: string): boolean => {
    const trimmed = value.trim();
    try {
      let expression = trimmed.startsWith('{%') ? trimmed.slice(2) : trimmed;
      expression = expression.endsWith('%}') ? expression.slice(0, -2) : expression;
      jsonata(expression);
      return true;
    } catch {
      return false;
    }
  };
  const always = () => true;
  return {
    ...fullFormats,
    jsonata_string: validJsonata,
    maybe_jsonata_string: (value: string) => {
      const trimmed = value.trim();
      return trimmed.startsWith('{%') || trimmed.endsWith('%}') ? validJsonata(trimmed) : true;
    },
    asl_path: always,
    asl_ref_path: always,
    asl_payload_template: always,
    asl_result_path: always,
    asl_arn: isArnFormatValid,
  };
}

/** An ajv with asl-validator's schemas and formats (for compiling here; `code` for standalone code). */
export function aslSchemaAjv(code?: Options['code']): Ajv {
  const { Ajv: AjvClass } = requireHere('ajv') as typeof import('ajv');
  const schemas = ASL_SCHEMA_FILES.map((name) => requireFromValidator(`asl-validator/dist/src/schemas/${name}.json`) as object);
  const ajv = new AjvClass({ schemas, allowUnionTypes: true, ...(code ? { code } : {}) });
  for (const [name, format] of Object.entries(aslFormats())) ajv.addFormat(name, format);
  return ajv;
}

let compiled: ValidateFunction | undefined;

/** The compiled schema: precompiled in the build (`generatedFile` when it exists), else compiled here once. */
export function aslSchemaValidator(generatedFile: string | undefined): ValidateFunction {
  if (compiled) return compiled;
  if (generatedFile !== undefined && existsSync(generatedFile)) {
    const factory = requireHere(generatedFile) as (formats: Record<string, Format>) => ValidateFunction;
    compiled = factory(aslFormats());
  } else {
    const validate = aslSchemaAjv().getSchema(ASL_SCHEMA_ID);
    if (!validate) throw new Error(`asl-validator's schema ${ASL_SCHEMA_ID} is missing`);
    compiled = validate;
  }
  return compiled;
}

/**
 * asl-validator's choice among ajv's errors: the deepest instance paths only; where one of them has
 * a oneOf error, only the oneOf (and format) errors there; no duplicates.
 */
export function selectSchemaErrors(errors: readonly ErrorObject[]): AslSchemaError[] {
  let selected: ErrorObject[] = [];
  let deepest = 0;
  for (const error of errors) {
    const depth = error.instancePath.split('/').length;
    if (depth === deepest) selected.push(error);
    else if (depth > deepest) selected = [error];
    deepest = Math.max(deepest, depth);
  }
  const withOneOf = new Set(selected.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: AslSchemaError[] = [];
  for (const error of selected) {
    if (error.keyword !== 'oneOf' && withOneOf.has(error.instancePath)) continue;
    const schemaPath = decodeURIComponent(error.schemaPath);
    if (out.some((e) => e.schemaError.schemaPath === schemaPath && e.schemaError.instancePath === error.instancePath)) continue;
    out.push({
      'Error code': 'SCHEMA_VALIDATION_FAILED',
      Message: `${error.instancePath} is invalid. ${error.message ?? ''}`,
      schemaError: { instancePath: error.instancePath, schemaPath },
    });
  }
  return out;
}
