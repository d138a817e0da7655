/**
 * JSON Schema validation (ajv, all errors) turned into problems that point at the file: one
 * problem per place, unknown keys with a "did you mean", alternatives (anyOf) summed up in one line.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { capProblems, closest, formatPath, MAX_PROBLEMS_PER_FILE, type Problem } from '../errors/problem.js';
import { generatedPath, RUNNING_FROM_BUILD } from './package-files.js';
import { COUNT_PATTERN, DURATION_PATTERN, DURATION_UNITS_TEXT, PERCENT_PATTERN, suggestDuration } from '../workload/units.js';
import type { SourceDocument } from './yaml-source.js';
import { localeNumber } from '../report/locale-number.js';

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
 * Keeps the most useful error per place. Where a value matches none of its alternatives (anyOf),
 * one summary replaces the errors of every alternative at or below that place; except that a
 * plain value (a number, a text) that has the type of exactly the alternatives that report
 * something more than their type at that place gets those reports instead ("20000 is more than
 * the maximum of 10240", "40min is not a duration"): the other alternatives only differ in type.
 */
function summarize(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath);
    if (list) list.push(e);
    else byPath.set(e.instancePath, [e]);
  }
  const specific = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const reports =
      typeof e.data === 'object' && e.data !== null
        ? childErrors(e.instancePath, e.data, byPath)
        : (byPath.get(e.instancePath) ?? []).filter((x) => x.keyword !== 'type' && x.keyword !== 'anyOf' && x.keyword !== 'if');
    if (reports.length > 0) specific.set(e.instancePath, reports);
  }
  // The errors a replaced mapping's anyOf shows: kept even though they sit below it.
  const chosen = new Set<ErrorObject>();
  for (const [path, list] of specific) for (const e of list) if (e.instancePath !== path) chosen.add(e);
  // A set of paths and a walk up each error's path: linear in the number of errors.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' && !specific.has(e.instancePath)).map((e) => e.instancePath));
  const underAnyOf = (instancePath: string): boolean => {
    if (anyOfPaths.size === 0) return false;
    for (let path = instancePath; ; path = path.slice(0, path.lastIndexOf('/'))) {
      if (anyOfPaths.has(path)) return true;
      if (path === '') return false;
    }
  };
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword === 'anyOf') return !specific.has(e.instancePath) && !underAnyOf(parentPath(e.instancePath));
    const shown = specific.get(e.instancePath);
    if (shown) return shown.includes(e) && !underAnyOf(parentPath(e.instancePath));
    if (chosen.has(e)) return true;
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

/**
 * The errors inside a mapping or list that matches none of its alternatives ({ p50: 40min, p95: 2h }:
 * "p50: 40min is not a duration"), found by its own keys (and one level further into lists):
 * more telling than "not one of the allowed forms", when there are any.
 */
function childErrors(path: string, data: object, byPath: ReadonlyMap<string, readonly ErrorObject[]>): ErrorObject[] {
  const found: ErrorObject[] = [];
  const entries = Array.isArray(data) ? data.map((v, i) => [String(i), v] as const) : Object.entries(data);
  for (const [key, value] of entries) {
    const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    found.push(...(byPath.get(child) ?? []));
    if (Array.isArray(value)) value.forEach((_, i) => found.push(...(byPath.get(`${child}/${i}`) ?? [])));
  }
  return found;
}

/** "/steps/0/duration" → "/steps/0"; the root has no parent ("\u0000" matches no path). */
function parentPath(instancePath: string): string {
  return instancePath === '' ? '\u0000' : instancePath.slice(0, instancePath.lastIndexOf('/'));
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
    | { title?: string; description?: string; properties?: Record<string, unknown>; examples?: unknown[] }
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
        message: `${formatPath(path) || 'the document'}: ${value()} is not ${parentSchema?.title ?? 'in one of the allowed forms'}`,
        expected: parentSchema?.description ?? 'one of the allowed forms',
        actual: value(),
        hint: anyOfHint(error.data, parentSchema),
      };
    case 'pattern': {
      const pattern = (error.params as { pattern: string }).pattern;
      const form = PATTERN_FORMS.find((f) => f.pattern === pattern);
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message: `${formatPath(path)}: ${value()} is not ${form?.noun ?? 'written in the expected form'}`,
        expected: form?.expected ?? parentSchema?.description ?? `text matching ${pattern}`,
        actual: value(),
        hint: (typeof error.data === 'string' ? form?.hint(error.data) : undefined) ?? form?.fallbackHint ?? (path.at(-1) === 'region' ? 'write a region code such as us-east-1' : 'see the schema for the allowed form'),
      };
    }
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
    default: {
      const { message, expected } = plainWords(error, formatPath(path) || 'the document', value);
      return {
        code,
        file: source.file,
        ...where(source.locate(path)),
        path: formatPath(path),
        message,
        expected,
        actual: value(),
        hint: parentSchema?.description ?? 'see the schema for the allowed values',
      };
    }
  }
}

/** The common keywords' errors in words a person would use: "memoryMb: 20000 is more than the maximum of 10,240". */
function plainWords(error: ErrorObject, where: string, value: () => string): { message: string; expected: string } {
  const params = error.params as { limit?: number; type?: string; allowedValue?: unknown; multipleOf?: number; i?: number; j?: number };
  const limit = params.limit ?? NaN;
  const n = formatNumber(limit);
  switch (error.keyword) {
    case 'maximum':
      return { message: `${where}: ${value()} is more than the maximum of ${n}`, expected: `at most ${n}` };
    case 'exclusiveMaximum':
      return { message: `${where}: ${value()} must be less than ${n}`, expected: `less than ${n}` };
    case 'minimum':
      return { message: `${where}: ${value()} is less than the minimum of ${n}`, expected: `at least ${n}` };
    case 'exclusiveMinimum':
      return { message: `${where}: ${value()} must be more than ${n}`, expected: `more than ${n}` };
    case 'type': {
      const words = String(params.type ?? '').split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const quoted = typeof error.data === 'string' && /number|integer/.test(String(params.type)) && Number.isFinite(Number(error.data));
      return { message: `${where}: ${value()} is not ${words}${quoted ? ' (it is quoted text)' : ''}`, expected: words };
    }
    case 'minItems':
      return { message: `${where} needs at least ${n} item${limit === 1 ? '' : 's'}`, expected: `at least ${n} item${limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { message: `${where} has more than ${n} items`, expected: `at most ${n} items` };
    case 'minLength':
      return limit === 1
        ? { message: `${where} must not be empty`, expected: 'some text' }
        : { message: `${where} needs at least ${n} characters`, expected: `at least ${n} characters` };
    case 'maxLength':
      return { message: `${where} is longer than ${n} characters`, expected: `at most ${n} characters` };
    case 'minProperties':
      return { message: `${where} needs at least ${n} key${limit === 1 ? '' : 's'}`, expected: `at least ${n} key${limit === 1 ? '' : 's'}` };
    case 'const':
      return { message: `${where} must be ${JSON.stringify(params.allowedValue)}`, expected: JSON.stringify(params.allowedValue) };
    case 'multipleOf':
      return { message: `${where}: ${value()} is not a multiple of ${formatNumber(params.multipleOf ?? NaN)}`, expected: `a multiple of ${formatNumber(params.multipleOf ?? NaN)}` };
    case 'uniqueItems':
      return { message: `${where} lists the same item twice (items ${params.j} and ${params.i})`, expected: 'each item once' };
    default:
      return { message: `${where}: ${error.message ?? 'is not valid'}`, expected: error.message ?? 'a valid value' };
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function formatNumber(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 20 }) : String(n);
}

/** "did you mean 120ms?" for a duration written without a unit or with another one; then the schema's examples. */
function anyOfHint(data: unknown, schema: { title?: string; examples?: readonly unknown[] } | undefined): string {
  const isDuration = schema?.title?.startsWith('a duration') === true;
  const suggestion = isDuration && (typeof data === 'string' || typeof data === 'number') ? suggestDuration(String(data)) : undefined;
  const written = schema?.examples ? `write e.g. ${schema.examples.map(flowStyle).join(' or ')}` : 'see the schema for the allowed forms';
  return suggestion ? `did you mean ${suggestion}? Durations take one of the units ${DURATION_UNITS_TEXT}; ${written}` : written;
}

/** Forms written as text, shared with the workload schema (a test keeps the patterns in step). */
const PATTERN_FORMS: readonly { pattern: string; noun: string; expected: string; hint(text: string): string | undefined; fallbackHint: string }[] = [
  {
    pattern: DURATION_PATTERN,
    noun: 'a duration',
    expected: `a number with a unit: ${DURATION_UNITS_TEXT} (e.g. 120ms, 1.5s, 40m, 4h, 3d)`,
    hint: (text) => {
      if (/^\s*-/.test(text)) return 'a duration cannot be negative';
      const suggestion = suggestDuration(text);
      return suggestion ? `did you mean ${suggestion}? Durations take one of the units ${DURATION_UNITS_TEXT}` : undefined;
    },
    fallbackHint: `write a number with one of the units ${DURATION_UNITS_TEXT}, e.g. 120ms or 40m`,
  },
  {
    pattern: PERCENT_PATTERN,
    noun: 'a probability',
    expected: 'a number from 0 to 1, or a percentage from 0% to 100% (e.g. 0.02 or 2%)',
    hint: (text) => {
      const number = Number(text.replace(/%|percent/gi, '').trim());
      return Number.isFinite(number) && number >= 0 && number <= 100 ? `did you mean ${number}%?` : undefined;
    },
    fallbackHint: 'write e.g. 0.02 or 2%',
  },
  {
    pattern: COUNT_PATTERN,
    noun: 'a number of executions',
    expected: 'a number, or one with k (thousand), M (million) or B (billion): 250k, 3M, 1.5B',
    hint: (text) => {
      const lower = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([mb])\s*$/.exec(text);
      return lower ? `did you mean ${lower[1]}${lower[2]!.toUpperCase()}? (M is a million, B a billion)` : undefined;
    },
    fallbackHint: 'write e.g. 2000000 or 2M',
  },
];

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
  if (keys.length > 8) return `a mapping with keys ${keys.slice(0, 8).join(', ')}, … (${localeNumber(keys.length)} keys)`;
  return `a mapping with keys ${keys.join(', ') || '(none)'}`;
}
