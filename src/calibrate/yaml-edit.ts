/**
 * Writes calibrated values into the workload's YAML text with the `yaml` package's Document API,
 * so that everything else stays as the user wrote it: comments, key order, quoting, flow style of
 * untouched parts. A map that receives a value is turned to block style (so that each value can
 * carry its comment), and so are the collections around it. A replaced value's old text and
 * comment are kept in the new comment ("was 300ms: guess from staging").
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, type Document, type Node, type Pair, type YAMLSeq } from 'yaml';
import { Samples, type Edit, type YamlValue } from './apply.js';
import { printable } from './problems.js';
import type { YamlPath } from './targets.js';

/** Lines of a wrapped sample list stay under this width. */
const SAMPLE_LINE_WIDTH = 100;

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const doc = parseDocument(text, { uniqueKeys: true, schema: 'core' });
  if (doc.errors.length > 0) throw new Error(`the workload no longer parses: ${doc.errors[0]!.message}`);
  let salt = '';
  while (text.includes(`__flowcost_samples${salt}_`)) salt += 'x';
  const samples: string[] = [];
  const token = (values: readonly number[]): string => {
    samples.push(values.map((v) => String(v)).join(', '));
    return `__flowcost_samples${salt}_${samples.length - 1}__`;
  };

  for (const edit of edits) {
    const map = mapAt(doc, edit.at);
    const node = valueNode(doc, edit.value, token);
    let pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === edit.key) as Pair<Scalar, Node> | undefined;
    const previous = pair ? previousOf(text, pair.value) : '';
    const comment = ` ${oneLine(edit.comment)}${previous}`;
    if (!pair) {
      pair = doc.createPair(edit.key, node) as Pair<Scalar, Node>;
      if (!isScalar(pair.key)) pair.key = doc.createNode(edit.key) as Scalar;
      map.items.push(pair);
    } else {
      pair.value = node;
      if (isScalar(pair.key)) pair.key.commentBefore = null;
    }
    if (containsSamples(edit.value)) pair.key.commentBefore = comment;
    else node.comment = comment;
  }

  let out = doc.toString({ lineWidth: 0 });
  // The yaml package leaves the newline out after a trailing comment on the last line.
  if (!out.endsWith('\n')) out += '\n';
  samples.forEach((list, i) => {
    const name = `__flowcost_samples${salt}_${i}__`;
    const at = out.indexOf(name);
    const lineStart = out.lastIndexOf('\n', at) + 1;
    const indent = out.slice(lineStart).match(/^ */)![0].length + 4;
    out = out.slice(0, at) + wrap(list, at - lineStart, indent) + out.slice(at + name.length);
  });
  return out;
}

/** The map at `path`, created when a state's annotation (or `states:` itself) is missing; collections on the way become block style. */
function mapAt(doc: Document, path: YamlPath): YAMLMap {
  let node: unknown = doc.contents;
  if (!isMap(node)) throw new Error('the workload is not a mapping');
  toBlock(node);
  for (const part of path) {
    let child: unknown;
    if (isMap(node)) {
      child = node.get(part, true);
      if (child === undefined || child === null || (isScalar(child) && child.value === null)) {
        const created = new YAMLMap();
        node.set(doc.createNode(part), created);
        child = created;
      }
    } else if (isSeq(node)) {
      child = node.get(part as number, true);
    }
    if (!isMap(child) && !isSeq(child)) throw new Error(`no mapping at ${path.join('.')}`);
    toBlock(child);
    node = child;
  }
  if (!isMap(node)) throw new Error(`no mapping at ${path.join('.')}`);
  return node;
}

/** A flow collection turned to block style; its trailing comment goes to the top of the block. */
function toBlock(node: YAMLMap | YAMLSeq): void {
  if (!node.flow) return;
  node.flow = false;
  if (node.comment) {
    node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${node.comment}` : node.comment;
    node.comment = null;
  }
}

function valueNode(doc: Document, value: YamlValue, token: (values: readonly number[]) => string): Node {
  if (value instanceof Samples) return new Scalar(token(value.values));
  if (typeof value === 'string' || typeof value === 'number') return doc.createNode(value) as Node;
  const map = new YAMLMap();
  map.flow = true;
  for (const [key, item] of Object.entries(value)) {
    // Memory sizes are written as the numbers they are: `512: 310ms`, not `"512": 310ms`.
    const keyNode = /^[1-9]\d*$/.test(key) ? doc.createNode(Number(key)) : doc.createNode(key);
    map.items.push(doc.createPair(keyNode, valueNode(doc, item, token)));
  }
  return map;
}

function containsSamples(value: YamlValue): boolean {
  if (value instanceof Samples) return true;
  if (typeof value !== 'object') return false;
  return Object.values(value).some(containsSamples);
}

/** "; was 300ms (guess from staging)" for a replaced value, unless it was calibrated before. */
function previousOf(text: string, node: Node | null | undefined): string {
  if (!node) return '';
  const old = node.range ? text.slice(node.range[0], node.range[1]).trim() : '';
  const comment = (node.comment ?? '').trim();
  if (comment.startsWith('calibrated')) return '';
  const shown = old !== '' && old.length <= 80 && !old.includes('\n') ? `; was ${printable(old, 80)}` : '; replaced the value written before';
  return comment !== '' ? `${shown} (${oneLine(comment)})` : shown;
}

function oneLine(text: string): string {
  return printable(text.replace(/\s+/g, ' ').trim(), 400);
}

/** `[a, b, c, …]` starting at `column`, continued on lines indented by `indent`. */
function wrap(list: string, column: number, indent: number): string {
  const items = list.split(', ');
  const pieces = items.map((item, i) => (i === items.length - 1 ? `${item}]` : `${item},`));
  const margin = ' '.repeat(indent);
  const lines: string[] = [];
  let current = '[';
  let start = column;
  for (const piece of pieces) {
    const fresh = current === '[' || current === margin;
    const joined = fresh ? current + piece : `${current} ${piece}`;
    if (!fresh && start + joined.length > SAMPLE_LINE_WIDTH) {
      lines.push(current);
      current = margin + piece;
      start = 0;
    } else {
      current = joined;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
