/**
 * YAML text → plain data that remembers where each value came from (line and column), so every
 * problem found later can point at the file. Bounded: a size cap, an alias budget (the `yaml`
 * package refuses "billion laughs" documents) and a nesting cap, before anything walks the data.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar, type Tags } from 'yaml';
import { FlowcostError, type Problem } from '../errors/problem.js';

export const MAX_SOURCE_BYTES = 1_000_000;
const MAX_ALIASES = 100;
const MAX_DEPTH = 64;

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** Position of the value at `path`, or of the nearest ancestor that exists. */
  locate(path: readonly (string | number)[]): Position | undefined;
  /** Position of the key `key` of the mapping at `path`. */
  locateKey(path: readonly (string | number)[], key: string): Position | undefined;
}

export interface YamlSourceOptions {
  /** Extra tags (CloudFormation's !Ref, !Sub, … for templates); without them any tag is an error. */
  readonly customTags?: Tags;
  /** What the file should hold, for the "empty file" hint. */
  readonly expected?: string;
  /** Refuse duplicate keys (default true). */
  readonly uniqueKeys?: boolean;
}

export function parseYamlSource(text: string, file: string, options: YamlSourceOptions = {}): SourceDocument {
  const problem = (message: string, hint: string, code: Problem['code'] = 'yaml-syntax'): FlowcostError =>
    new FlowcostError([{ code, file, line: 1, column: 1, message, hint }]);
  if (text.length > MAX_SOURCE_BYTES) {
    throw problem(
      `the file is ${text.length.toLocaleString('en-US')} characters long; the limit is ${MAX_SOURCE_BYTES.toLocaleString('en-US')}`,
      'split the workload or remove unused parts',
      'yaml-limits',
    );
  }
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    throw problem('the file is empty', options.expected ?? 'a workload needs at least name, region, executionsPerMonth and steps');
  }
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: options.uniqueKeys ?? true,
      schema: 'core',
      ...(options.customTags ? { customTags: options.customTags } : {}),
    }) as Document.Parsed[];
  } catch (error) {
    throw problem(`the file cannot be parsed as YAML (${(error as Error).message})`, 'check the YAML syntax');
  }
  if (!Array.isArray(documents)) throw problem('the file holds no YAML document', 'check the YAML syntax');
  if (documents.length > 1) {
    const second = documents[1]!;
    const at = lineCounter.linePos(second.range[0]);
    throw new FlowcostError([
      {
        code: 'yaml-syntax',
        file,
        line: at.line,
        column: at.col,
        message: `the file holds ${documents.length} YAML documents; flowcost reads one`,
        hint: 'remove the "---" separator or split the file',
      },
    ]);
  }
  const doc = documents[0]!;
  // Warnings (an unresolved tag such as !foo) would silently change values: treat them as errors.
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    throw new FlowcostError(
      errors.map((error) => {
        const at = error.linePos?.[0];
        return {
          code: 'yaml-syntax' as const,
          file,
          ...(at ? { line: at.line, column: at.col } : {}),
          message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
          hint: yamlHint(error.code),
        };
      }),
    );
  }
  const depth = nodeDepth(doc.contents, 0);
  if (depth > MAX_DEPTH) {
    throw problem(`the document nests ${depth} levels deep; the limit is ${MAX_DEPTH}`, 'flatten the workload', 'yaml-limits');
  }
  const suspicious = suspiciousScalars(doc.contents);
  if (suspicious.length > 0) {
    throw new FlowcostError(
      suspicious.map(({ node, kind }) => {
        const at = node.range ? lineCounter.linePos(node.range[0]) : undefined;
        const where = { file, ...(at ? { line: at.line, column: at.col } : {}) };
        return kind === 'key'
          ? {
              code: 'forbidden-key' as const,
              ...where,
              message: `the key "${String(node.value)}" is not allowed`,
              actual: String(node.value),
              hint: 'rename it: __proto__, constructor and prototype are never valid keys',
            }
          : {
              code: 'schema' as const,
              ...where,
              message: `${String(node.source ?? node.value)} is not a finite number`,
              actual: String(node.value),
              hint: 'write a finite number',
            };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw problem(
      `the document's aliases expand too far (${(error as Error).message})`,
      'write the repeated parts out, or use fewer anchors and aliases',
      'yaml-limits',
    );
  }

  const toPosition = (offset: number): Position => {
    const at = lineCounter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  const nodeAt = (path: readonly (string | number)[]): Node | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node && (node as Node).range) return node as Node;
    }
    return undefined;
  };
  return {
    file,
    data,
    locate(path) {
      const node = nodeAt(path);
      return node?.range ? toPosition(node.range[0]) : undefined;
    },
    locateKey(path, key) {
      const node = doc.getIn(path, true);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return toPosition(pair.key.range[0]);
        }
      }
      return this.locate(path);
    },
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that could alter objects when data is copied (prototype pollution), and numbers that are
 * not finite (.inf, .nan, 1e999), wherever they are: found on the syntax tree, before aliases expand.
 */
function suspiciousScalars(node: unknown, found: { node: Scalar; kind: 'key' | 'number' }[] = []) {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) found.push({ node: pair.key, kind: 'key' });
      suspiciousScalars(pair.value, found);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) suspiciousScalars(item, found);
  } else if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
    found.push({ node, kind: 'number' });
  }
  return found;
}

function nodeDepth(node: unknown, depth: number): number {
  if (depth > MAX_DEPTH) return depth;
  let max = depth;
  if (isMap(node)) {
    for (const pair of node.items) max = Math.max(max, nodeDepth(pair.value, depth + 1));
  } else if (isSeq(node)) {
    for (const item of node.items) max = Math.max(max, nodeDepth(item, depth + 1));
  }
  return max;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and closing brackets';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the tag: workload files use plain YAML values';
    default:
      return 'check the YAML syntax near this point';
  }
}
