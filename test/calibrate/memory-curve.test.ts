/** The duration-versus-memory curve: interpolation, extrapolation, scaling, and its effect on an analysis. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  curveDurationMs,
  durationAtMemory,
  durationScale,
  lambdaTasksOf,
  memoryCurveFrom,
  scaleDistribution,
  singleFunctionMemoryNote,
  sweepMemoryNote,
} from '../../src/workload/memory-curve.js';
import { distributionMean } from '../../src/workload/distributions.js';
import type { SemanticProblem } from '../../src/workload/problems.js';
import type { MemoryCurve } from '../../src/workload/types.js';
import { applyParameter } from '../../src/sweep/parameter.js';
import { analyzeYaml, arch, workload } from '../helpers.js';
import { analyze } from '../../src/analyze.js';
import { catalog } from '../helpers.js';

const points = [
  { memoryMb: 128, durationMs: 1600 },
  { memoryMb: 256, durationMs: 800 },
  { memoryMb: 1024, durationMs: 250 },
  { memoryMb: 2048, durationMs: 200 },
];

describe('curveDurationMs', () => {
  it('returns the measured value at a measured memory size', () => {
    for (const p of points) expect(curveDurationMs(points, p.memoryMb)).toBeCloseTo(p.durationMs, 9);
  });

  it('interpolates as a power law between neighbours (straight in log-log)', () => {
    // 128 → 256 halves the duration (slope −1): 181 MB ≈ 128·√2 gives 1600/√2.
    expect(curveDurationMs(points, 128 * Math.SQRT2)).toBeCloseTo(1600 / Math.SQRT2, 6);
    // 256 → 1024 (×4) goes 800 → 250: at 512 (×2) the duration is 800·(250/800)^(1/2).
    expect(curveDurationMs(points, 512)).toBeCloseTo(800 * Math.sqrt(250 / 800), 6);
  });

  it('stays flat above the largest measured memory', () => {
    expect(curveDurationMs(points, 10_240)).toBe(200);
  });

  it('below the smallest size follows the first segment, at most as 1/memory, never faster', () => {
    const steep = [
      { memoryMb: 512, durationMs: 1000 },
      { memoryMb: 1024, durationMs: 200 }, // slope −2.3: clamped to −1
    ];
    expect(curveDurationMs(steep, 256)).toBeCloseTo(2000, 6);
    const rising = [
      { memoryMb: 512, durationMs: 100 },
      { memoryMb: 1024, durationMs: 120 }, // noise: slower with more memory, clamped to flat
    ];
    expect(curveDurationMs(rising, 128)).toBe(100);
  });

  it('is monotone non-increasing in memory for a monotone curve (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 10_240 }), fc.integer({ min: 128, max: 10_240 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return curveDurationMs(points, hi) <= curveDurationMs(points, lo) + 1e-9;
      }),
    );
  });
});

describe('durationScale and scaleDistribution', () => {
  const curve: MemoryCurve = { points, referenceMemoryMb: 256 };

  it('is 1 at the reference memory and the curve ratio elsewhere', () => {
    expect(durationScale(curve, 256)).toBe(1);
    expect(durationScale(curve, 1024)).toBeCloseTo(250 / 800, 12);
    expect(durationScale(curve, 128)).toBeCloseTo(2, 12);
  });

  it('scales the mean of every distribution kind by the factor', () => {
    const kinds = [
      { kind: 'fixed', value: 300 },
      { kind: 'lognormal', mu: Math.log(300), sigma: 0.5 },
      { kind: 'uniform', min: 100, max: 500 },
      { kind: 'normal', mean: 300, stddev: 50 },
      { kind: 'empirical', values: [100, 200, 600] },
    ] as const;
    for (const dist of kinds) {
      expect(distributionMean(scaleDistribution(dist, 0.25))).toBeCloseTo(distributionMean(dist) * 0.25, 6);
    }
  });

  it('leaves a task without a curve as it is', () => {
    const dist = { kind: 'fixed', value: 300 } as const;
    expect(durationAtMemory(dist, undefined, 4096)).toBe(dist);
  });
});

describe('memoryCurveFrom', () => {
  it('reads durationByMemory, sorted by memory', () => {
    const problems: SemanticProblem[] = [];
    const curve = memoryCurveFrom({ '1024': '160ms', '512': '310ms' }, 512, ['durationByMemory'], problems);
    expect(problems).toEqual([]);
    expect(curve).toEqual({ points: [{ memoryMb: 512, durationMs: 310 }, { memoryMb: 1024, durationMs: 160 }], referenceMemoryMb: 512 });
  });

  it('refuses memory sizes Lambda does not have', () => {
    const problems: SemanticProblem[] = [];
    memoryCurveFrom({ '100': '1s', '512': '310ms', '1024': '160ms' }, 512, ['durationByMemory'], problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/100 is not a Lambda memory size/);
  });
});

const CURVED = `
name: curved
region: us-east-1
executionsPerMonth: 1000000
lambda: { memoryMb: 1024 }
steps:
  - task: resize
    duration: 400ms
    memoryMb: 512
    durationByMemory: { 512: 400ms, 1024: 200ms, 2048: 120ms }
`;

describe('a workload with a curve', () => {
  it('validates against the schema (keys: memory sizes in MB)', () => {
    expect(() => workload(CURVED)).not.toThrow();
    expect(() => workload(CURVED.replace('512: 400ms, ', ''))).not.toThrow();
    expect(() => workload(CURVED.replace('{ 512: 400ms, 1024: 200ms, 2048: 120ms }', '{ 512: 400ms }'))).toThrow(/at least 2/);
    expect(() => workload(CURVED.replace('512: 400ms', 'fast: 400ms'))).toThrow();
    expect(() => workload(CURVED.replace('512: 400ms', '100: 400ms'))).toThrow(/100 is not a Lambda memory size/);
  });

  it('keeps the duration at the task memory, and a sweep over its memory scales it along the curve', () => {
    const w = workload(CURVED);
    const at = (memoryMb: number) =>
      arch(analyze(applyParameter(w, { kind: 'memoryMb', step: 'resize' }, memoryMb), catalog, { samples: 1_000, seed: 1, freeTier: false }), 'sfn-standard')
        .durationMs.p50;
    expect(at(512)).toBeCloseTo(400, 0);
    expect(at(1024)).toBeCloseTo(200, 0);
    expect(at(2048)).toBeCloseTo(120, 0);
    expect(at(4096)).toBeCloseTo(120, 0);
  });

  it('without a curve the duration stays the same at every memory', () => {
    const flat = CURVED.replace(/\n    durationByMemory.*\n/, '\n');
    const report = analyzeYaml(flat.replace('memoryMb: 512', 'memoryMb: 2048'));
    expect(arch(report, 'sfn-standard').durationMs.p50).toBeCloseTo(400, 0);
  });
});

describe('notes on durations that do not change with memory', () => {
  it('names the tasks the single function runs at another memory without a curve', () => {
    const w = workload(CURVED.replace(/\n    durationByMemory.*\n/, '\n'));
    expect(singleFunctionMemoryNote(lambdaTasksOf(w), w.singleFunction.memoryMb)).toBe(
      'Durations do not change with memory: in the single function (1,024 MB) resize (512 MB) runs as long as at its own memory, ' +
        'because it has no durationByMemory curve; measure one with AWS Lambda Power Tuning and add it with `flowcost calibrate WORKLOAD --from NAME=result.json`.',
    );
    expect(singleFunctionMemoryNote(lambdaTasksOf(workload(CURVED)), 1024)).toBeUndefined();
  });

  it('names the swept tasks without a curve', () => {
    expect(sweepMemoryNote([{ name: 'a', memoryMb: 128, hasCurve: false }, { name: 'b', memoryMb: 128, hasCurve: true }])).toMatch(
      /^Durations do not change with memory: a takes as long at every memory size of this sweep/,
    );
  });
});
