/** Precision-driven sampling (issue 19.3): the stop rule, where runs stop, and that a stop at N is the run of N. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, planAnalysis } from '../../src/analyze.js';
import {
  BLOCK_SAMPLES,
  MIN_PRECISION_SAMPLES,
  PrecisionRule,
  meanRelativeHalfWidth,
  parsePrecision,
  thresholdStraddle,
} from '../../src/advice/precision.js';
import { wilsonInterval } from '../../src/advice/confidence.js';
import { aheadCheck, CHUNK_SAMPLES, ChunkMerger, ChunkSimulator, chunksOf, simulate } from '../../src/engine/simulate.js';
import { QuantileSketch } from '../../src/engine/quantiles.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderTable } from '../../src/report/render-table.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import type { Report } from '../../src/report/model.js';
import { catalog, workload } from '../helpers.js';

const FIXED = `
name: fixed
region: us-east-1
executionsPerMonth: 1000000
steps:
  - task: a
    duration: 120ms
  - task: b
    duration: 2s
`;

/** Log-normal with a long tail (p99 = 100 × p50) and retries: the cost's spread is wide. */
const HEAVY = `
name: heavy
region: us-east-1
executionsPerMonth: 1000000
lambda: { timeout: 15m }
steps:
  - task: slow
    duration: { p50: 200ms, p99: 20s }
    failureRate: 0.3
    retry: { maxAttempts: 5, interval: 1s, backoffRate: 2 }
`;

const ORDER = `
name: order
region: us-east-1
executionsPerMonth: 2000000
steps:
  - task: charge
    duration: { p50: 400ms, p95: 1.2s }
    failureRate: 0.02
    retry: { maxAttempts: 3, interval: 1s, backoffRate: 2 }
  - map: ship
    items: { mean: 5, max: 40 }
    maxConcurrency: 10
    steps: [ { task: ship-one, duration: { p50: 300ms, p95: 900ms } } ]
`;

const run = (yaml: string, precision: number, samples = 1_000_000, seed = 1): Report =>
  analyze(workload(yaml), catalog, { samples, seed, freeTier: false, precision });

/** The report without what only a precision-driven run says (its target, its cap). */
function withoutPrecision(report: Report): unknown {
  const { precision: _precision, requestedSamples: _requested, ...simulation } = report.simulation;
  return { ...report, simulation };
}

function worstHalfWidth(report: Report): number {
  return Math.max(
    ...report.architectures.map((a) => (a.monthlyCost.total > 0 ? (a.monthlyCost.interval.high - a.monthlyCost.interval.low) / 2 / a.monthlyCost.total : 0)),
  );
}

describe('the stop rule', () => {
  it('computes the half-width from n, Σx, Σx² exactly as the sketch the report reads', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const sketch = new QuantileSketch();
        for (const v of values) sketch.add(v);
        const fromSketch = sketch.mean > 0 ? (1.959963984540054 * sketch.standardError) / sketch.mean : 0;
        expect(meanRelativeHalfWidth(sketch.count, sketch.sum, sketch.sumOfSquares)).toBe(fromSketch);
      }),
    );
  });

  it('measures how far a Wilson interval reaches across 0.1%, on its shorter side', () => {
    expect(thresholdStraddle(0, 10_000)).toBe(0); // [0, 0.038%]: clear below
    expect(thresholdStraddle(100, 10_000)).toBe(0); // about [0.82%, 1.2%]: clear above
    const { low, high } = wilsonInterval(10, 10_000); // 0.1% observed: straddles
    expect(thresholdStraddle(10, 10_000)).toBeCloseTo(Math.min(0.001 - low, high - 0.001), 15);
    expect(thresholdStraddle(10, 10_000)).toBeGreaterThan(0);
    // More samples at the same share pin it closer to the threshold.
    expect(thresholdStraddle(1_000, 1_000_000)).toBeLessThan(thresholdStraddle(10, 10_000));
  });

  it('holds only past the minimum, with every cost within P and every share settled', () => {
    const w = workload(ORDER);
    const plan = planAnalysis(w, catalog, { samples: 10_000, seed: 1, freeTier: false });
    const rule = new PrecisionRule(0.01, plan.architectures);
    const architectures = plan.architectures.length;
    const limits = plan.architectures.reduce((n, a) => n + a.limits.length, 0);
    const view = (samples: number, mean: number, sd: number, exceeded = 0) => ({
      samples,
      costSums: new Float64Array(architectures).fill(mean * samples),
      // Σx² = n (sd² (n − 1)/n + mean²)
      costSquares: new Float64Array(architectures).fill(sd * sd * (samples - 1) + mean * mean * samples),
      exceeded: new Float64Array(limits).fill(exceeded),
    });
    // Constant costs: settled at the minimum, not a block before.
    expect(rule.settled(view(MIN_PRECISION_SAMPLES, 1, 0))).toBe(true);
    expect(rule.settled(view(MIN_PRECISION_SAMPLES - BLOCK_SAMPLES, 1, 0))).toBe(false);
    // Half-width 1.96 sd / (mean √n): sd = mean gives 1.96/√n, within 1% from n ≥ 38,415.
    expect(rule.settled(view(38_912, 1, 1))).toBe(true);
    expect(rule.settled(view(36_864, 1, 1))).toBe(false);
    // A share right at 0.1% straddles it by more than 1% of 0.1% long after the costs are settled.
    expect(rule.settled(view(1_000_000, 1, 0, 1_000))).toBe(false);
    // A share of 0 executions is clear of 0.1% from about 3,840 samples: no obstacle at the minimum.
    expect(rule.settled(view(MIN_PRECISION_SAMPLES, 1, 0, 0))).toBe(true);
  });

  it('reads 0.01 and 1% alike, and refuses what is not in (0, 1)', () => {
    expect(parsePrecision('0.01')).toBe(0.01);
    expect(parsePrecision('1%')).toBe(0.01);
    expect(parsePrecision(' 0.5 % ')).toBe(0.005);
    expect(parsePrecision('.02')).toBe(0.02);
    expect(parsePrecision('1e-3')).toBe(0.001);
    for (const bad of ['0', '1', '100%', '-0.1', 'abc', '', '1%%', '0x1', 'NaN', 'Infinity', '1,5']) expect(parsePrecision(bad)).toBeUndefined();
  });
});

describe('a precision-driven run', () => {
  it('stops at the minimum on fixed durations', () => {
    const report = run(FIXED, 0.01);
    expect(report.simulation.samples).toBe(MIN_PRECISION_SAMPLES);
    expect(report.simulation.precision).toEqual({ target: 0.01, stoppedBy: 'precision', cap: 1_000_000 });
  });

  it('runs longer on a heavy-tailed workload, and its report meets the target', () => {
    const report = run(HEAVY, 0.01);
    expect(report.simulation.samples).toBeGreaterThan(4 * MIN_PRECISION_SAMPLES);
    expect(report.simulation.samples % BLOCK_SAMPLES).toBe(0);
    expect(report.simulation.precision?.stoppedBy).toBe('precision');
    expect(worstHalfWidth(report)).toBeLessThanOrEqual(0.01);
    // One block less would not have been enough.
    const before = analyze(workload(HEAVY), catalog, { samples: report.simulation.samples - BLOCK_SAMPLES, seed: 1, freeTier: false });
    const notSettled =
      worstHalfWidth(before) > 0.01 ||
      before.architectures.some((a) => a.limits.some((l) => thresholdStraddle(Math.round(l.exceedProbability * before.simulation.samples), before.simulation.samples) > 1e-5));
    expect(notSettled).toBe(true);
  });

  it('is, where it stops, the run of that many samples: the same report but for the precision fields', () => {
    for (const yaml of [ORDER, HEAVY]) {
      const report = run(yaml, 0.01);
      const fixed = analyze(workload(yaml), catalog, { samples: report.simulation.samples, seed: 1, freeTier: false });
      expect(withoutPrecision(report)).toEqual(withoutPrecision(fixed));
    }
  });

  it('stops at the cap and says so when the target is out of reach', () => {
    const report = run(ORDER, 0.0005, 20_000);
    expect(report.simulation.samples).toBe(20_000);
    expect(report.simulation.precision).toEqual({ target: 0.0005, stoppedBy: 'cap', cap: 20_000 });
    expect(renderTable(report)).toContain('Stopped at the cap of 20,000 samples before every figure reached ±0.05% (--precision): raise the cap with --samples.');
  });

  it('says in one line of every report how many samples ran and why it stopped', async () => {
    const report = run(FIXED, 0.01);
    const line = 'Stopped at 8,192 samples: every monthly cost is within ±1% (95% interval) and every limit';
    expect(renderTable(report)).toContain(line);
    expect(renderMarkdown(report)).toContain(line);
    expect(await renderHtmlReport(workload(FIXED), catalog, report)).toContain(`${line}&#39;s share is settled (--precision).`);
    expect(JSON.parse(renderJson(report)).simulation.precision).toEqual({ target: 0.01, stoppedBy: 'precision', cap: 1_000_000 });
    // Without --precision, nothing changes.
    const plain = analyze(workload(FIXED), catalog, { samples: 10_000, seed: 1, freeTier: false });
    expect(plain.simulation.precision).toBeUndefined();
    expect(renderTable(plain)).not.toContain('Stopped at');
  });

  it('validates against schemas/report.schema.json, which knows simulation.precision', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const report = JSON.parse(renderJson(run(FIXED, 0.01)));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    report.simulation.precision.stoppedBy = 'time';
    expect(validate(report)).toBe(false);
  });

  it('is deterministic for a seed and precision, and another seed stops elsewhere or differs', () => {
    expect(renderJson(run(HEAVY, 0.01))).toBe(renderJson(run(HEAVY, 0.01)));
    expect(renderJson(run(HEAVY, 0.01, 1_000_000, 2))).not.toBe(renderJson(run(HEAVY, 0.01)));
  });

  it('decides the same stop from chunks simulated ahead of the merge (block sums) as on the way', () => {
    // A stop past the first chunk: chunk 1 is simulated "ahead" (as a worker would), its block sums
    // judged by the merger, and the chunk simulated again as far as the rule let it run.
    const w = workload(HEAVY);
    const options = { samples: 1_000_000, seed: 3, freeTier: false, precision: 0.01 };
    const plan = planAnalysis(w, catalog, options);
    const rule = plan.precision!;
    const live = simulate(w, plan.architectures, { samples: plan.samples, seed: 3, pilot: plan.pilot, precision: rule });
    expect(live.samples).toBeGreaterThan(CHUNK_SAMPLES);
    expect(live.stoppedBy).toBe('precision');

    const merger = new ChunkMerger(plan.architectures, 3, { rule });
    const simulator = new ChunkSimulator(w, plan.architectures, undefined);
    const stop = new Int32Array(1);
    for (const [index, samples] of chunksOf(plan.samples)) {
      if (merger.stopped) break;
      const ahead = aheadCheck(stop);
      const result = simulator.simulate(index, samples, 3, undefined, index === 0 ? plan.pilot : undefined, ahead);
      expect(ahead.blocks.length).toBe(Math.ceil(samples / BLOCK_SAMPLES));
      merger.add({ ...result, blocks: ahead.blocks });
    }
    const again = merger.resimulate;
    expect(again?.[0]).toBe(Math.floor(live.samples / CHUNK_SAMPLES)); // the stop fell inside a chunk simulated ahead
    if (again) merger.addFinal(simulator.simulate(again[0], again[1], 3, undefined, again[0] === 0 ? plan.pilot : undefined));
    const ahead = merger.result();
    expect(ahead.samples).toBe(live.samples);
    expect(ahead.stoppedBy).toBe('precision');
    expect(ahead.architectures.map((a) => [a.costUsd.sum, a.costUsd.sumOfSquares, a.durationMs.quantile(0.99), ...a.meterMeans])).toEqual(
      live.architectures.map((a) => [a.costUsd.sum, a.costUsd.sumOfSquares, a.durationMs.quantile(0.99), ...a.meterMeans]),
    );
  });
});
