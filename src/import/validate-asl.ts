/**
 * asl-validator (https://github.com/ChristopheBougere/asl-validator, Apache-2.0) on an imported
 * definition: the ASL JSON schemas (state types and their fields, required fields, value types and
 * the ranges its schemas encode) and its graph checks (transition targets that exist, unreachable
 * states, duplicate names, a terminal state, Next/End, Parallel branches that jump out). Its
 * findings become issues with a path into the definition where it gives one (schema errors), or
 * the state name it mentions (graph checks); asl.ts turns them into located problems.
 *
 * Options and filters, each because a real, deployed definition of the sample corpus was refused:
 * - `checkPaths: false`: asl-path-validator 0.16 refuses JSONPath filters and indexes that Step
 *   Functions accepts (`$.[?(@.OU > 0)]`, `$.[0]`), and flowcost evaluates no path.
 * - a value holding an unresolved template placeholder (`${Partition}`, `${ReminderTimeout}`) is not
 *   judged: the deployment tool substitutes it (asl-validator's ARN check and number types cannot).
 * - a JSONata expression string (`{% … %}`) is not judged: asl-validator 4.0.0 matches some against
 *   both branches of a oneOf (`{% $states.input%}`).
 * - the `QueryLanguage` it writes into every state before validating is not reported as the user's.
 */
import { createRequire, Module } from 'node:module';
import { generatedPath, RUNNING_FROM_BUILD } from '../io/package-files.js';
import type { DataPath } from '../workload/problems.js';
import { aslSchemaValidator, ASL_VALIDATOR_FILE, selectSchemaErrors } from './asl-schema.js';
import { isObject } from './intrinsics.js';

export interface AslValidatorIssue {
  /** asl-validator's error code, e.g. SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET. */
  readonly code: string;
  readonly message: string;
  /** Where in the definition (schema errors). */
  readonly path: DataPath | undefined;
}

interface ValidatorError {
  readonly 'Error code': string;
  readonly Message: string;
  readonly schemaError?: { readonly instancePath: string; readonly schemaPath: string };
}
type Validator = (
  definition: unknown,
  options: { readonly checkPaths: boolean; readonly checkArn: boolean },
) => { readonly isValid: boolean; readonly errors: readonly ValidatorError[] };

type SchemaCheck = (definition: unknown, options?: { readonly checkPaths: boolean; readonly checkArn: boolean }) => readonly ValidatorError[];

let validator: Validator | undefined;
/** asl-validator's own schema check, kept for the test that compares it with the compiled one. */
let originalSchemaCheck: SchemaCheck | undefined;

/** The same schema check compiled once (asl-schema.ts). */
const compiledSchemaCheck: SchemaCheck = (definition) => {
  const validate = aslSchemaValidator(RUNNING_FROM_BUILD ? generatedPath(...ASL_VALIDATOR_FILE) : undefined);
  return validate(definition) ? [] : selectSchemaErrors(validate.errors ?? []);
};

/**
 * Loaded on first use (the CLI pays for it only when it reads a definition), with its schema check
 * replaced by the same check compiled once: the rest of asl-validator runs as it is. The
 * replacement is put in the module cache before asl-validator loads, so its schema-check module
 * (which loads ajv, jsonata and asl-path-validator, about 0.6 s in a fresh process) is not loaded.
 */
function loadValidator(): Validator {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const schemaModule = require.resolve('asl-validator/dist/src/checks/json-schema-errors.js');
  if (!require.cache[schemaModule]) {
    const stub = new Module(schemaModule);
    stub.filename = schemaModule;
    stub.loaded = true;
    stub.exports = { jsonSchemaErrors: compiledSchemaCheck };
    require.cache[schemaModule] = stub;
  } else {
    // Loaded already (a test compares the two): swap its export.
    const loaded = require.cache[schemaModule]!.exports as { jsonSchemaErrors: SchemaCheck };
    if (loaded.jsonSchemaErrors !== compiledSchemaCheck) originalSchemaCheck ??= loaded.jsonSchemaErrors;
    loaded.jsonSchemaErrors = compiledSchemaCheck;
  }
  // asl-validator ships no types; its documented signature is validator(definition, options).
  validator = require('asl-validator') as Validator;
  return validator;
}

/** asl-validator's own schema check, loaded on demand (tests only). */
function originalCheck(): SchemaCheck {
  if (originalSchemaCheck) return originalSchemaCheck;
  const require = createRequire(import.meta.url);
  const schemaModule = require.resolve('asl-validator/dist/src/checks/json-schema-errors.js');
  const stub = require.cache[schemaModule];
  delete require.cache[schemaModule];
  originalSchemaCheck = (require(schemaModule) as { jsonSchemaErrors: SchemaCheck }).jsonSchemaErrors;
  if (stub) require.cache[schemaModule] = stub;
  return originalSchemaCheck;
}

/** asl-validator's findings with its own schema check and with the compiled one (for test/import/asl-validator.test.ts). */
export function validatorsCompared(definition: unknown): { readonly original: readonly ValidatorError[]; readonly compiled: readonly ValidatorError[] } {
  const run = loadValidator();
  const original = originalCheck();
  const require = createRequire(import.meta.url);
  const schemaChecks = require.cache[require.resolve('asl-validator/dist/src/checks/json-schema-errors.js')]!.exports as { jsonSchemaErrors: SchemaCheck };
  const options = { checkPaths: false, checkArn: true };
  try {
    schemaChecks.jsonSchemaErrors = original;
    const before = run(structuredClone(definition), options).errors;
    schemaChecks.jsonSchemaErrors = compiledSchemaCheck;
    return { original: before, compiled: run(structuredClone(definition), options).errors };
  } finally {
    schemaChecks.jsonSchemaErrors = compiledSchemaCheck;
  }
}

const MEMO_LIMIT = 32;
const memo = new Map<string, readonly AslValidatorIssue[]>();

/**
 * asl-validator's findings for `definition` (never throws: a crash of the validator is one issue).
 * Results are remembered by the definition's JSON text: it compiles its schemas on every call
 * (about 0.1 s), and a test or a sweep reads the same definition many times.
 */
export function aslValidatorIssues(definition: unknown): readonly AslValidatorIssue[] {
  const text = JSON.stringify(definition) ?? 'undefined';
  const known = memo.get(text);
  if (known) return known;
  const issues = computeIssues(definition);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(text, issues);
  return issues;
}

function computeIssues(definition: unknown): readonly AslValidatorIssue[] {
  let errors: readonly ValidatorError[];
  try {
    // It writes QueryLanguage into the states it validates: give it a copy.
    errors = loadValidator()(structuredClone(definition), { checkPaths: false, checkArn: true }).errors;
  } catch (error) {
    return [{ code: 'VALIDATOR_FAILED', message: `asl-validator cannot read this definition (${(error as Error).message})`, path: undefined }];
  }
  const issues: AslValidatorIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const instancePath = error.schemaError?.instancePath;
    const path = instancePath === undefined ? undefined : pointerToPath(instancePath, definition);
    if (path && !reportable(definition, path)) continue;
    const issue: AslValidatorIssue = { code: error['Error code'], message: error.Message, path };
    const key = `${issue.code} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** "/States/A~1B/Retry/0" → ["States", "A/B", "Retry", 0] (indexes only where the data is an array). */
function pointerToPath(pointer: string, definition: unknown): DataPath {
  const path: (string | number)[] = [];
  let node: unknown = definition;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(node) && /^\d+$/.test(part) ? Number(part) : undefined;
    path.push(index ?? part);
    node = index !== undefined ? (node as unknown[])[index] : isObject(node) ? node[part] : undefined;
  }
  return path;
}

function valueAt(definition: unknown, path: DataPath): { found: boolean; value: unknown } {
  let node: unknown = definition;
  for (const part of path) {
    if (typeof part === 'number' && Array.isArray(node)) node = node[part];
    else if (typeof part === 'string' && isObject(node) && Object.hasOwn(node, part)) node = node[part];
    else return { found: false, value: undefined };
  }
  return { found: true, value: node };
}

function reportable(definition: unknown, path: DataPath): boolean {
  const { found, value } = valueAt(definition, path);
  // The QueryLanguage asl-validator injected, not one the definition holds.
  if (!found && path.at(-1) === 'QueryLanguage') return false;
  return !holdsPlaceholder(value);
}

/** A string holding an unresolved `${…}` placeholder, or a JSONata `{% … %}` expression. */
function holdsPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && (/\$\{[^}]*\}/.test(value) || /^\s*\{%[\s\S]*%\}\s*$/.test(value));
}
