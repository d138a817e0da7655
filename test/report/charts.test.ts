import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import { costBreakdownSpec, durationChartSpec, timelineChartSpec, volumeChartSpec } from '../../src/report/charts.js';
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

describe('chart specs', () => {
  const specs = {
    volume: volumeChartSpec(report, curve),
    breakdown: costBreakdownSpec(report),
    durations: durationChartSpec(report),
    timeline: timelineChartSpec(report, timeline),
  };

  it.each(Object.entries(specs))('%s is valid against the Vega-Lite schema', (_name, spec) => {
    const ok = validate(spec);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a spec that breaks the schema is caught (the validator is live)', () => {
    expect(validate({ ...specs.breakdown, mark: 'not-a-mark' })).toBe(false);
  });

  it('volume: one line per architecture, the workload volume as a rule, break-evens as points', () => {
    expect(markTypes(specs.volume)).toEqual(['line', 'rule', 'text', 'point', 'text']);
    const data = (specs.volume as unknown as { layer: { data: { values: { architecture: string }[] } }[] }).layer[0]!.data.values;
    expect(new Set(data.map((d) => d.architecture))).toEqual(new Set(report.architectures.map((a) => a.label)));
  });

  it('volume: re-pricing at the report volume gives the report total; costs grow with volume', () => {
    for (const a of report.architectures) {
      expect(monthlyCostAtVolume(report, a, prices, report.workload.executionsPerMonth)).toBeCloseTo(a.monthlyCost.total, 6);
      expect(monthlyCostAtVolume(report, a, prices, 2 * report.workload.executionsPerMonth)).toBeGreaterThan(a.monthlyCost.total);
    }
  });

  it('breakdown: stacked bars, one series per cost-line kind', () => {
    expect(markTypes(specs.breakdown)).toEqual(['bar', 'text']);
    const series = (specs.breakdown as unknown as { layer: { encoding: { color: { scale: { domain: string[] } } } }[] }).layer[0]!.encoding.color.scale.domain;
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
    expect(Buffer.byteLength(first)).toBeLessThan(3_000_000);
  });
});
