import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import { costBreakdownSpec, durationChartSpec, timelineChartSpec, volumeChartSpec } from '../../src/report/charts.js';
import { reportDecisionMap } from '../../src/report/html-report.js';
import { renderSvg } from '../../src/report/svg.js';
import { decisionMapSpec } from '../../src/sweep/map-chart.js';
import { renderHtml } from '../../src/report/render-html.js';
import { monthlyCostAtVolume, volumeCurve } from '../../src/report/volume.js';
import { analyzeYaml, arch, catalog, timelineOf, workload } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const yaml = readFileSync(join(root, 'examples', 'order-fulfilment.yaml'), 'utf8');
const report = analyzeYaml(yaml);
const prices = regionPrices(catalog, 'us-east-1');
const curve = volumeCurve(report, prices);
const timeline = timelineOf(workload(yaml), 1);

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

type Json = Record<string, unknown>;
/** Every unit spec (with a mark) in a layered / concatenated spec. */
function units(spec: Json): Json[] {
  const children = [...((spec['layer'] as Json[] | undefined) ?? []), ...((spec['vconcat'] as Json[] | undefined) ?? [])];
  return [...(spec['mark'] ? [spec] : []), ...children.flatMap(units)];
}
const markTypes = (spec: object) => units(spec as Json).map((u) => (u['mark'] as { type: string }).type);

const map = reportDecisionMap(workload(yaml), catalog, report)!;

describe('chart specs', () => {
  const specs = {
    volume: volumeChartSpec(report, curve),
    breakdown: costBreakdownSpec(report),
    durations: durationChartSpec(report),
    timeline: timelineChartSpec(report, timeline),
    map: decisionMapSpec(map.result, map.varies, { width: 640, height: 320, title: 't', subtitle: 's' }),
  };

  it.each(Object.entries(specs))('%s compiles without a Vega-Lite warning, and its SVG fits a card of the page (≤ 950 px)', async (name, spec) => {
    const warnings: string[] = [];
    const svg = await renderSvg(spec, name, warnings);
    expect(warnings).toEqual([]);
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(width, `${name} is ${width} px wide`).toBeLessThanOrEqual(950);
  });

  it.each(Object.entries(specs))('%s is valid against the Vega-Lite schema', (_name, spec) => {
    const ok = validate(spec);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a spec that breaks the schema is caught (the validator is live)', () => {
    expect(validate({ ...specs.breakdown, mark: 'not-a-mark' })).toBe(false);
  });

  it('volume: one line per architecture (those that do not fit dashed, apart), the workload volume as a rule, break-evens as points', () => {
    expect(markTypes(specs.volume)).toEqual(['line', 'line', 'rule', 'text', 'point', 'text']);
    const layers = (specs.volume as unknown as { layer: { data: { values: { architecture: string }[] } }[] }).layer;
    const fits = new Set(layers[0]!.data.values.map((d) => d.architecture));
    const misfits = new Set(layers[1]!.data.values.map((d) => d.architecture));
    expect(fits).toEqual(new Set(report.architectures.filter((a) => a.feasible).map((a) => a.label)));
    expect(misfits).toEqual(new Set(report.architectures.filter((a) => !a.feasible).map((a) => a.label)));
  });

  it('volume: break-evens are marked only between two architectures that fit', () => {
    const feasible = new Set(report.architectures.filter((a) => a.feasible).map((a) => a.id));
    expect(curve.breakEvens.some((b) => !feasible.has(b.cheaperAbove) || !feasible.has(b.cheaperBelow))).toBe(true);
    const marked = (specs.volume as unknown as { layer: { data: { values: { text?: string }[] } }[] }).layer[3]!.data.values;
    const expected = curve.breakEvens.filter((b) => b.usd >= 0.01 && feasible.has(b.cheaperAbove) && feasible.has(b.cheaperBelow));
    expect(marked).toHaveLength(expected.length);
    for (const text of marked.map((m) => m.text ?? '')) expect(text).not.toMatch(/Express|Lambda cheaper/);
  });

  it('volume: re-pricing at the report volume gives the report total; costs grow with volume', () => {
    for (const a of report.architectures) {
      expect(monthlyCostAtVolume(report, a, prices, report.workload.executionsPerMonth)).toBeCloseTo(a.monthlyCost.total, 6);
      expect(monthlyCostAtVolume(report, a, prices, 2 * report.workload.executionsPerMonth)).toBeGreaterThan(a.monthlyCost.total);
    }
  });

  it('breakdown: the ones that fit and the ones that do not apart, each on its own scale; one series per cost-line kind', () => {
    expect(markTypes(specs.breakdown)).toEqual(['bar', 'text', 'bar', 'text']);
    const panels = (specs.breakdown as unknown as { vconcat: { layer: { data: { values: { architecture: string; usd: number }[] }; encoding: { x: { scale: { domain: number[] } }; color: { scale: { domain: string[] } } } }[] }[] }).vconcat;
    expect(new Set(panels[0]!.layer[1]!.data.values.map((v) => v.architecture))).toEqual(new Set(report.architectures.filter((a) => a.feasible).map((a) => a.label)));
    // The real options fill their scale: the $23k one of the function that does not fit is on the other.
    const fitMax = Math.max(...panels[0]!.layer[1]!.data.values.map((v) => v.usd));
    expect(panels[0]!.layer[0]!.encoding.x.scale.domain[1]).toBeLessThan(2 * fitMax);
    expect(panels[1]!.layer[1]!.data.values.map((v) => v.architecture)).toContain('One Lambda function');
    const series = panels[0]!.layer[0]!.encoding.color.scale.domain;
    expect(series).toEqual([
      'Lambda requests',
      'Lambda compute (GB-s)',
      'Standard state transitions',
      'Express requests',
      'Express duration (GB-h)',
      'Durable operations',
      'Durable data written',
      'Durable data retained',
      'DynamoDB writes',
      'DynamoDB reads',
      'SQS requests',
      'EventBridge Scheduler',
      'EC2 instances (Managed Instances)',
      'Managed Instances fee',
      'MicroVM vCPU',
      'MicroVM memory',
      'MicroVM snapshot reads',
    ]);
  });

  it('durations: a range per architecture and each exceeded duration limit as a red tick with its share', () => {
    expect(markTypes(specs.durations)).toEqual(['rule', 'bar', 'tick', 'point', 'tick', 'text']);
    const limits = JSON.stringify(specs.durations);
    const share = (id: 'lambda' | 'sfn-express') => arch(report, id).limits.find((l) => l.id === (id === 'lambda' ? 'lambda-timeout' : 'express-duration'))!.exceedProbability;
    expect(share('lambda')).toBeGreaterThan(0.5);
    expect(limits).toContain('15 min limit: ');
    expect(limits).toContain('5 min limit: ');
    expect(limits).not.toContain('1 year limit');
  });

  it('timeline: one Gantt per architecture sharing the x scale', () => {
    expect((specs.timeline as unknown as { vconcat: unknown[] }).vconcat).toHaveLength(8);
    expect(markTypes(specs.timeline).filter((m) => m === 'bar')).toHaveLength(8);
    expect(JSON.stringify(specs.timeline)).toContain('stopped at its 15 min limit');
    expect(JSON.stringify(specs.timeline)).toContain('15 min limit: stopped here, nothing after it runs');
  });

  it('timeline: the single function stops at its 15-minute kill — no span after it, none billed past it', () => {
    const gantt = (specs.timeline as unknown as { vconcat: { layer: { data: { values: { start: number; end: number; text?: string }[] } }[] }[] }).vconcat;
    const lambda = gantt[0]!.layer[0]!.data.values; // minutes
    expect(Math.max(...lambda.map((s) => s.end))).toBeLessThanOrEqual(15 + 1e-9);
    expect(lambda.some((s) => s.text?.endsWith(': stopped'))).toBe(true);
    const standard = gantt[1]!.layer[0]!.data.values;
    expect(Math.max(...standard.map((s) => s.end))).toBeGreaterThan(60);
  });

  it('the decision map: a cell per volume and duration, coloured by the recommendation, this workload marked', () => {
    expect(map.varies[1].path).toBe('steps.manager-approval.duration');
    expect(map.result.grid).toHaveLength(21 * 7);
    expect(markTypes(specs.map)).toEqual(['rect', 'rule', 'text', 'point', 'text']);
    expect(JSON.stringify(specs.map)).toContain('this workload');
    // One answer everywhere here (Standard + Express children): one stretch per row, and no line where nothing changes.
    const layers = (specs.map as unknown as { layer: { data: { values: { answer?: string }[] } }[] }).layer;
    expect(new Set(map.result.grid.map((c) => c.recommendation))).toEqual(new Set(['sfn-hybrid']));
    expect(layers[0]!.data.values).toHaveLength(7);
    expect(layers[1]!.data.values).toHaveLength(0);
    expect(map.result.sentences).toEqual([expect.stringMatching(/^Standard \+ Express children wins everywhere on this map/)]);
  });
});

describe('renderHtml', () => {
  it('is deterministic, self-contained and escapes every name', async () => {
    const evilYaml =
      'name: "<script>alert(1)</script> & co"\nregion: us-east-1\nexecutionsPerMonth: 100000\nsteps:\n' +
      '  - task: "<img src=x onerror=alert(2)>"\n    duration: 200ms\n  - wait: "</svg><b>w</b>"\n    duration: 10s\n';
    const evil = analyzeYaml(evilYaml);
    const inputs = { volume: volumeCurve(evil, prices), timeline: timelineOf(workload(evilYaml), 1) };
    const first = await renderHtml(evil, inputs);
    const second = await renderHtml(evil, inputs);
    expect(second).toBe(first);
    expect(first).not.toMatch(/<script|<img|<b>|<\/svg><b>/i);
    expect(first).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; co');
    expect(first).toContain('&lt;img src=x onerror=alert(2)&gt;'); // escaped by vega inside the SVG
    expect(first).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect(first.match(/<svg/g)).toHaveLength(4);
    // The words from the advice quote names in backticks: shown as code, still escaped.
    expect(first).not.toContain('`');
    expect(Buffer.byteLength(first)).toBeLessThan(3_000_000);
  });
});
