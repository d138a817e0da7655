/**
 * YAML text → plain data that remembers where each value came from (line and column), so every
 * problem found later can point at the file. Bounded: a size cap, an alias budget (the `yaml`
 * package refuses "billion laughs" documents) and a nesting cap, before anything walks the data.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type Tags, type YAMLMap } from 'yaml';
import { capProblems, FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { localeNumber } from '../report/locale-number.js';

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
      `the file is ${localeNumber(text.length)} characters long; the limit is ${localeNumber(MAX_SOURCE_BYTES)}`,
      'split the workload or remove unused parts',
      'yaml-limits',
    );
  }
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    throw problem('the file is empty', options.expected ?? 'a workload needs at least name, region, executionsPerMonth and steps');
  }
  // The yaml package composes nested collections recursively: a thousand levels overflow its
  // stack. Flow collections ([[[…]]], {a: {a: …}}) are measured on the text first, with their
  // position; any other nesting deep enough to overflow is caught below and reported the same way.
  const flow = flowDepthPastLimit(text);
  if (flow) {
    const at = new LineCounter();
    for (const offset of lineStarts(text)) at.addNewLine(offset);
    const pos = at.linePos(flow.offset);
    throw new FlowcostError([
      { code: 'yaml-limits', file, line: pos.line, column: pos.col, message: `the document nests more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`, hint: 'flatten the workload' },
    ]);
  }
  const lineCounter = new LineCounter();
  const uniqueKeys = options.uniqueKeys ?? true;
  let documents: Document.Parsed[];
  try {
    // Duplicate keys are found below in one pass: the yaml package's own check compares every key
    // with every other key of its mapping (90,000 keys: minutes).
    documents = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: false,
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
  const position = (node: { readonly range?: Node['range'] }): { line?: number; column?: number } => {
    const at = node.range ? lineCounter.linePos(node.range[0]) : undefined;
    return at ? { line: at.line, column: at.col } : {};
  };
  if ([...doc.errors, ...doc.warnings].some((error) => /Maximum call stack size exceeded/.test(error.message))) {
    throw problem(`the document nests more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`, 'flatten the workload', 'yaml-limits');
  }
  // Warnings (an unresolved tag such as !foo) would silently change values: treat them as errors.
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    throw new FlowcostError(
      capProblems(
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
        file,
      ),
    );
  }
  const depth = nodeDepth(doc.contents, 0);
  if (depth > MAX_DEPTH) {
    throw problem(`the document nests ${depth} levels deep; the limit is ${MAX_DEPTH}`, 'flatten the workload', 'yaml-limits');
  }
  const counts = { aliases: 0 };
  const found = inspect(doc.contents, [], uniqueKeys, [], counts);
  // The yaml package resolves each alias by a scan of the document's anchors and aliases: many
  // aliases take quadratic time (70,000: over a minute), so their number is capped here, first.
  if (counts.aliases > MAX_ALIASES) {
    throw problem(
      `the document has ${localeNumber(counts.aliases)} aliases (*name); the limit is ${MAX_ALIASES}`,
      'write the repeated parts out, or use fewer anchors and aliases',
      'yaml-limits',
    );
  }
  if (found.length > 0) {
    throw new FlowcostError(
      capProblems(
        found.map((finding): Problem => {
          const where = { file, ...position(finding.node) };
          switch (finding.kind) {
            case 'forbidden-key':
              return {
                code: 'forbidden-key',
                ...where,
                message: `the key "${finding.text}" is not allowed`,
                actual: finding.text,
                hint: 'rename it: __proto__, constructor and prototype are never valid keys',
              };
            case 'duplicate-key':
              return {
                code: 'yaml-syntax',
                ...where,
                ...(finding.path.length > 0 ? { path: formatPath(finding.path) } : {}),
                message: `Map keys must be unique: "${finding.text}" is given twice`,
                hint: yamlHint('DUPLICATE_KEY'),
              };
            case 'collection-key':
              return {
                code: 'yaml-syntax',
                ...where,
                ...(finding.path.length > 0 ? { path: formatPath(finding.path) } : {}),
                message: 'a key here is a list or a mapping; keys must be plain text',
                hint: 'check the indentation: a "- item" or "{ … }" ended up before a colon',
              };
            case 'non-finite':
              return {
                code: 'schema',
                ...where,
                ...(finding.path.length > 0 ? { path: formatPath(finding.path) } : {}),
                message: `${finding.path.length > 0 ? `${formatPath(finding.path)}: ` : ''}${finding.text} is not a finite number`,
                actual: finding.text,
                hint: 'write a finite number',
              };
          }
        }),
        file,
      ),
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
  // Each mapping's keys indexed on first use: a lookup costs the depth of the path, not the size
  // of the mappings on the way (thousands of problems in a 90,000-key mapping stay linear).
  const keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      // The last of duplicate keys wins, as toJS reads them.
      for (const pair of map.items) if (isScalar(pair.key)) index.set(String(pair.key.value), pair);
      keyIndex.set(map, index);
    }
    return index.get(key);
  };
  const child = (node: unknown, segment: string | number): unknown => {
    if (isMap(node)) return pairOf(node, String(segment))?.value ?? undefined;
    if (isSeq(node)) return typeof segment === 'number' || /^\d+$/.test(segment) ? node.items[Number(segment)] : undefined;
    return undefined;
  };
  const hasRange = (node: unknown): node is Node => typeof node === 'object' && node !== null && 'range' in node && Boolean((node as Node).range);
  /** The node at `path`, or (with `nearest`) of its nearest ancestor with a position. */
  const nodeAt = (path: readonly (string | number)[], nearest: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    let best: Node | undefined = hasRange(node) ? node : undefined;
    for (const segment of path) {
      node = child(node, segment);
      if (node === undefined) return nearest ? best : undefined;
      if (hasRange(node)) best = node;
    }
    return hasRange(node) ? node : nearest ? best : undefined;
  };
  return {
    file,
    data,
    locate(path) {
      const node = nodeAt(path, true);
      return node?.range ? toPosition(node.range[0]) : undefined;
    },
    locateKey(path, key) {
      const node = nodeAt(path, false);
      if (isMap(node)) {
        const pair = pairOf(node, key);
        if (pair && isScalar(pair.key) && pair.key.range) return toPosition(pair.key.range[0]);
      }
      return this.locate(path);
    },
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Finding {
  readonly kind: 'forbidden-key' | 'duplicate-key' | 'collection-key' | 'non-finite';
  /** Where it is written. */
  readonly node: { readonly range?: Node['range'] };
  /** The key, or the number as written. */
  readonly text: string;
  readonly path: readonly (string | number)[];
}

/**
 * One pass over the syntax tree, before aliases expand: keys that could alter objects when data is
 * copied (prototype pollution), duplicate keys (a set per mapping: linear), keys that are
 * collections (which toJS would stringify, with a warning from Node, and report at 1:1), and
 * numbers that are not finite (.inf, .nan, 1e999), each with its path.
 */
function inspect(node: unknown, path: (string | number)[], uniqueKeys: boolean, found: Finding[], counts: { aliases: number }): Finding[] {
  if (isAlias(node)) {
    counts.aliases++;
  } else if (isMap(node)) {
    const seen = uniqueKeys ? new Set<string>() : undefined;
    for (const pair of node.items) {
      const key = pair.key;
      let segment: string | undefined;
      if (isScalar(key)) {
        segment = String(key.value);
        if (FORBIDDEN_KEYS.has(segment)) found.push({ kind: 'forbidden-key', node: key, text: segment, path: [...path] });
        if (seen) {
          if (seen.has(segment)) found.push({ kind: 'duplicate-key', node: key, text: segment, path: [...path, segment] });
          seen.add(segment);
        }
      } else if (isMap(key) || isSeq(key)) {
        found.push({ kind: 'collection-key', node: key, text: '', path: [...path] });
      } else if (isAlias(key)) {
        counts.aliases++;
      }
      if (segment !== undefined) {
        path.push(segment);
        inspect(pair.value, path, uniqueKeys, found, counts);
        path.pop();
      } else {
        inspect(pair.value, [...path, '?'], uniqueKeys, found, counts);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      path.push(i);
      inspect(item, path, uniqueKeys, found, counts);
      path.pop();
    });
  } else if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
    found.push({ kind: 'non-finite', node, text: String(node.source ?? node.value), path: [...path] });
  }
  return found;
}

/**
 * Where the nesting of flow collections ([ and {) first passes MAX_DEPTH, outside quoted text and
 * comments; undefined when it never does. A quote opens only where a YAML scalar can start.
 */
function flowDepthPastLimit(text: string): { offset: number } | undefined {
  let depth = 0;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#' && (previous === ' ' || previous === '\t' || previous === '\n')) {
      while (i < text.length && text[i] !== '\n') i++;
      previous = '\n';
      continue;
    }
    if ((c === '"' || c === "'") && /[\s[{,:-]/.test(previous)) {
      for (i++; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
      previous = c;
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      if (depth > MAX_DEPTH) return { offset: i };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    previous = c;
  }
  return undefined;
}

function* lineStarts(text: string): Generator<number> {
  yield 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) yield i + 1;
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
