/**
 * JSON Schema validation (ajv, all errors) turned into problems that point at the file: one
 * problem per place, unknown keys with a "did you mean", alternatives (anyOf) summed up in one line.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { capProblems, closest, formatPath, MAX_PROBLEMS_PER_FILE, type Problem } from '../errors/problem.js';
import { generatedPath, RUNNING_FROM_BUILD } from './package-files.js';
import type { SourceDocument } from './yaml-source.js';

const require = createRequire(import.meta.url);
const compiled = new Map<object, ValidateFunction>();
let ajv: Ajv2020 | undefined;

/**
 * The validator of a schema: precompiled by scripts/generate.mjs when running from the build
 * (ajv is then never loaded, which saves most of the start-up), else compiled here.
 */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  const id = (schema as { $id?: string }).$id;
  if (RUNNING_FROM_BUILD && id !== undefined) {
    // One file per schema (scripts/generate.mjs), named after the last segment of its $id.
    const file = generatedPath('validators', id.split('/').pop()!.replace(/\.schema\.json$/, '.cjs'));
    if (existsSync(file)) validate = require(file) as ValidateFunction;
  }
  if (!validate) {
    if (!ajv) {
      const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
      // Same options as scripts/generate.mjs.
      ajv = new AjvClass({ allErrors: true, strict: false, verbose: true });
    }
    validate = ajv.compile(schema);
  }
  compiled.set(schema, validate);
  return validate;
}

export function schemaProblems(schema: object, source: SourceDocument, code: Problem['code'] = 'schema'): Problem[] {
  const validate = validatorFor(schema);
  if (validate(source.data)) return [];
  // Sorted by position first; only the problems that are shown get their message and hint.
  const placed = summarize(validate.errors ?? [])
    .map((error) => ({ error, at: errorPosition(error, source) }))
    .sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0));
  const shown = placed.slice(0, MAX_PROBLEMS_PER_FILE + 1).map(({ error }) => toProblem(error, source, code));
  return capProblems(shown, source.file, placed.length);
}

/** Where an error is written: an unknown key at the key, anything else at its value. */
function errorPosition(error: ErrorObject, source: SourceDocument): { line: number; column: number } | undefined {
  const path = pathOf(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    return source.locateKey(path, String((error.params as { additionalProperty: string }).additionalProperty));
  }
  return source.locate(path);
}

/**
 * Keeps the most useful error per place: where a value matches none of its alternatives (anyOf),
 * one summary replaces the errors of every alternative at or below that place.
 */
function summarize(errors: readonly ErrorObject[]): ErrorObject[] {
  // A set of paths and a walk up each error's path: linear in the number of errors.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const underAnyOf = (instancePath: string): boolean => {
    if (anyOfPaths.size === 0) return false;
    for (let path = instancePath; ; path = path.slice(0, path.lastIndexOf('/'))) {
      if (anyOfPaths.has(path)) return true;
      if (path === '') return false;
    }
  };
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword === 'anyOf') return true;
    return !underAnyOf(e.instancePath);
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function toProblem(error: ErrorObject, source: SourceDocument, code: Problem['code']): Problem {
  const path = pathOf(error.instancePath);
  const where = (position: { line: number; column: number } | undefined) =>
    position ? { line: position.line, column: position.column } : {};
  const parentSchema = error.parentSchema as
    | { description?: string; properties?: Record<string, unknown>; examples?: unknown[] }
    | undefined;
  // Described only where a message uses it: describing a mapping of 90,000 keys for each of its
  // 90,000 unknown keys would be quadratic.
  let described: string | undefined;
  const value = (): string => (described ??= describeValue(error.data));

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(parentSchema?.properties ?? {});
      const suggestion = closest(key, allowed);
      return {
        code: 'unknown-key',
        file: source.file,
        ...where(source.locateKey(path, key)),
        path: formatPath([...path, key]),
        message: `unknown key "${key}"`,
        expected: `one of ${allowed.join(', ')}`,
        actual: key,
        hint: suggestion ? `did you mean "${suggestion}"?` : `allowed keys here: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      if (error.schemaPath.includes('unknownStep')) {
        const keys = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
        const suggestion = keys.map((k) => closest(k, ['task', 'wait', 'parallel', 'map', 'choice'])).find(Boolean);
        return {
          code,
          file: source.file,
          ...where(source.locate(path)),
          path: formatPath(path),
          message: 'unknown step kind',
          expected: 'a step that starts with task, wait, parallel, map or choice',
          actual: keys.length > 0 ? `keys ${keys.join(', ')}` : value(),
          hint: suggestion ? `did you mean "${suggestion}"?` : 'write e.g. "- task: charge-card"',
        };
      }
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `missing required key "${missing}"${path.length > 0 ? ` in ${formatPath(path)}` : ''}`,
        expected: `a "${missing}" key`,
        hint: requiredHint(missing),
      };
    }
    case 'anyOf':
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `${formatPath(path) || 'value'} is not valid: ${value()}`,
        expected: parentSchema?.description ?? 'one of the allowed forms',
        actual: value(),
        hint: parentSchema?.examples
          ? `write e.g. ${parentSchema.examples.map(flowStyle).join(' or ')}`
          : 'see the schema for the allowed forms',
      };
    case 'pattern':
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `${formatPath(path)} has the wrong form: ${value()}`,
        expected: parentSchema?.description ?? `text matching ${(error.params as { pattern: string }).pattern}`,
        actual: value(),
        hint: path.at(-1) === 'region' ? 'write a region code such as us-east-1' : 'write a number with a unit: 120ms, 1.5s, 2m, 4h, 3d',
      };
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed) : undefined;
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `${formatPath(path)} must be one of ${allowed.join(', ')}`,
        expected: allowed.join(' | '),
        actual: value(),
        hint: suggestion ? `did you mean "${suggestion}"?` : `use one of ${allowed.join(', ')}`,
      };
    }
    default:
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `${formatPath(path) || 'the document'} ${error.message ?? 'is not valid'}`,
        expected: error.message ?? 'a valid value',
        actual: value(),
        hint: parentSchema?.description ?? 'see the schema for the allowed values',
      };
  }
}

function requiredHint(key: string): string {
  switch (key) {
    case 'duration':
      return 'give a duration such as 120ms or a distribution such as { p50: 400ms, p95: 1.2s }';
    case 'steps':
      return 'list the workload steps under "steps:"';
    case 'executionsPerMonth':
      return 'say how many executions run per month, e.g. executionsPerMonth: 1000000';
    case 'region':
      return 'add e.g. region: us-east-1';
    default:
      return `add "${key}:"`;
  }
}

/** A value the way it would be written in YAML flow style: 120ms, { p50: 400ms, p95: 1.2s }. */
function flowStyle(value: unknown): string {
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${flowStyle(v)}`).join(', ')} }`;
  }
  return String(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const keys = Object.keys(value);
  if (keys.length > 8) return `a mapping with keys ${keys.slice(0, 8).join(', ')}, … (${keys.length.toLocaleString('en-US')} keys)`;
  return `a mapping with keys ${keys.join(', ') || '(none)'}`;
}
