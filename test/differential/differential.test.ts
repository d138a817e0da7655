/**
 * Differential test of the engine: every case of cases.mjs (examples, fixtures, the sample
 * collection, fuzz documents) must give the JSON report that the reference engine gave
 * (baseline.json.gz, written by write-baseline.mjs at the commit it records), field for field,
 * or every field that differs must be explained below as a bug fixed. An explanation that no
 * longer explains anything fails too, so the list cannot outgrow the differences.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { Random } from '../../src/engine/random.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { renderJson } from '../../src/report/render-json.js';
import type { Workload } from '../../src/workload/types.js';
import { catalog } from '../helpers.js';
import { differentialCases } from './cases.mjs';
import { EXPLAINED, type Explanation } from './explained.js';

interface Baseline {
  readonly commit: string;
  readonly reports: Readonly<Record<string, unknown>>;
}

/** This checkout's path in messages reads `<repo>/` (as in the baseline), wherever it is cloned. */
const REPO = join(import.meta.dirname, '..', '..');
/** …and the sample collection's path (outside the repository, wherever it sits on this machine) `<samples>/`, on both sides. */
const SAMPLES = /[^\s"]*\/shared\/samples\/aws-step-functions-workflows-collection\//g;
const inRepo = (text: string): string => text.replaceAll(`${REPO}/`, '<repo>/').replace(SAMPLES, '<samples>/');

const baseline = JSON.parse(inRepo(gunzipSync(readFileSync(join(import.meta.dirname, 'baseline.json.gz'))).toString('utf8'))) as Baseline;

/** Paths of every leaf that differs; arrays of objects with an `id` are matched by id. */
export function differences(before: unknown, after: unknown, path = ''): string[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyed = (items: unknown[]) =>
      items.every((item) => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string');
    if (keyed(before) && keyed(after)) {
      const byId = (items: unknown[]) => new Map(items.map((item) => [(item as { id: string }).id, item]));
      const b = byId(before);
      const a = byId(after);
      const ids = [...new Set([...b.keys(), ...a.keys()])];
      const order = JSON.stringify([...b.keys()].filter((id) => a.has(id))) === JSON.stringify([...a.keys()].filter((id) => b.has(id)));
      return [...(order ? [] : [`${path}#order`]), ...ids.flatMap((id) => differences(b.get(id), a.get(id), `${path}[${id}]`))];
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => differences(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) =>
      differences((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`),
    );
  }
  return [path];
}

function explanationFor(id: string, workload: Workload | undefined, path: string): Explanation | undefined {
  return EXPLAINED.find(
    (e) => e.cases.test(id) && (e.applies === undefined || (workload !== undefined && e.applies(workload))) && e.paths.some((p) => p.test(path)),
  );
}

function analyzed(c: { id: string; file: string; text: string; samples: number }): { workload: Workload | undefined; report: unknown } {
  let workload: Workload | undefined;
  try {
    // The sample collection lives outside this repository: its folder is the project its files are read in.
    workload = parseWorkload(c.text, c.file, c.id.startsWith('samples/') ? { root: dirname(c.file) } : {});
    return { workload, report: JSON.parse(inRepo(renderJson(analyze(workload, catalog, { samples: c.samples, seed: 1, freeTier: false })))) };
  } catch (error) {
    return { workload, report: { refused: inRepo(String((error as Error).message)) } };
  }
}

describe(`the engine against the reference engine of ${baseline.commit.slice(0, 12)}`, () => {
  const cases = differentialCases({ Random }).filter((c) => c.id in baseline.reports);
  const used = new Set<Explanation>();
  it('covers every kind of input', () => {
    for (const prefix of ['examples/', 'examples/imported/', 'bench/', 'test/gate/', 'test/fixtures/asl/', 'fuzz/']) {
      expect(cases.filter((c) => c.id.startsWith(prefix)).length, prefix).toBeGreaterThan(0);
    }
  });
  it('every report is the reference report, or each difference is a bug fixed', () => {
    const unexplained: string[] = [];
    const ran: string[] = [];
    for (const c of cases) {
      if (c.id.startsWith('samples/') && !existsSync(c.file.replace(/differential\.yaml$/, ''))) continue;
      ran.push(c.id);
      const { workload, report } = analyzed(c);
      for (const path of differences(baseline.reports[c.id], report)) {
        const explanation = explanationFor(c.id, workload, path);
        if (explanation) used.add(explanation);
        else unexplained.push(`${c.id}: ${path}`);
      }
    }
    // DIFFERENTIAL_OUT=file writes every unexplained difference there (to see them all while fixing).
    if (process.env['DIFFERENTIAL_OUT']) writeFileSync(process.env['DIFFERENTIAL_OUT'], unexplained.join('\n') + '\n');
    expect(unexplained.slice(0, 40), `${unexplained.length} unexplained differences`).toEqual([]);
    // (An explanation of cases that did not run here, the sample collection's on a fresh machine, is not stale.)
    const stale = EXPLAINED.filter((e) => !used.has(e) && ran.some((id) => e.cases.test(id))).map((e) => e.reason);
    expect(stale, 'explanations that explain nothing any more').toEqual([]);
  }, 300_000);
});
