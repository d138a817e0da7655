/**
 * The compiled engine against the interpreter, its reference: on every case of the differential
 * test (examples, fixtures, the sample collection, fuzz documents) both give the same JSON report,
 * byte for byte; on every plan they both run, the same record after every execution. And no string
 * of a workload ever enters the generated source.
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, regionPrices } from '../../src/analyze.js';
import { ChunkSimulator, prepareArchitectures, type Pilot } from '../../src/engine/simulate.js';
import { generateRunner, generateSource, notCompilable } from '../../src/engine/codegen.js';
import { compilePlan } from '../../src/engine/compile.js';
import { ExecutionRecord } from '../../src/engine/execution.js';
import { Random } from '../../src/engine/random.js';
import { ExecutionRunner } from '../../src/engine/run.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { renderJson } from '../../src/report/render-json.js';
import type { Workload } from '../../src/workload/types.js';
import { differentialCases } from '../differential/cases.mjs';
import { catalog, workload } from '../helpers.js';

function load(c: { id: string; file: string; text: string }): Workload | undefined {
  try {
    return parseWorkload(c.text, c.file, c.id.startsWith('samples/') ? { root: dirname(c.file) } : {});
  } catch {
    return undefined;
  }
}

const cases = differentialCases({ Random, fuzzCandidates: 1_500 })
  .map((c) => ({ ...c, workload: load(c) }))
  .filter((c): c is typeof c & { workload: Workload } => c.workload !== undefined);

describe('the compiled engine', () => {
  it('covers the step trees: every example, benchmark and gate fixture is compiled', () => {
    for (const c of cases.filter((c) => /^(examples\/[^/]+\.yaml|bench\/|test\/gate\/)/.test(c.id))) {
      expect(notCompilable(compilePlan(c.workload)), c.id).toBeUndefined();
    }
  });

  it('gives the interpreter’s record after every execution, on every plan it compiles', () => {
    let compiled = 0;
    for (const c of cases) {
      const plan = compilePlan(c.workload);
      if (notCompilable(plan) !== undefined) continue;
      compiled++;
      const interpreted = new ExecutionRecord();
      const generated = new ExecutionRecord();
      const reference = new ExecutionRunner(plan, new Random(11), interpreted);
      const runner = generateRunner(compilePlan(c.workload), new Random(11), generated)!;
      for (let i = 0; i < 200; i++) {
        reference.run();
        runner.run();
        expect(Array.from(generated.values), `${c.id}, execution ${i}`).toEqual(Array.from(interpreted.values));
        expect(Array.from(generated.blockSfnMs)).toEqual(Array.from(interpreted.blockSfnMs));
        expect(Array.from(generated.blockHistoryEvents)).toEqual(Array.from(interpreted.blockHistoryEvents));
      }
    }
    // The fuzz documents mutate the examples: most of them stay compilable, so this proves something.
    expect(compiled).toBeGreaterThan(250);
  }, 300_000);

  it('gives byte-identical JSON reports', () => {
    for (const c of cases.filter((c) => !c.id.startsWith('fuzz/') || Number(c.id.slice(5)) % 5 === 0)) {
      const options = { samples: Math.min(c.samples, 2_000), seed: 3, freeTier: false } as const;
      let interpreted: string;
      try {
        interpreted = renderJson(analyze(c.workload, catalog, { ...options, engine: 'interpreted' }));
      } catch {
        continue; // refused alike (the work bound): the engine is not reached
      }
      expect(renderJson(analyze(c.workload, catalog, { ...options, engine: 'compiled' })), c.id).toBe(interpreted);
      // compiled-shared (sweeps and decision maps: the numbers in a table) gives the same report too.
      if (Number(c.id.slice(5)) % 3 === 0 || !c.id.startsWith('fuzz/')) {
        expect(renderJson(analyze(c.workload, catalog, { ...options, engine: 'compiled-shared' })), `${c.id} (shared)`).toBe(interpreted);
      }
    }
  }, 300_000);

  it('compiled-shared: workloads that differ only in numbers compile to the same source (one function for every cell of a map)', () => {
    const at = (median: string, failureRate: number, memoryMb: number) =>
      workload(
        `name: n\nregion: us-east-1\nexecutionsPerMonth: 1000\nlambda: { memoryMb: ${memoryMb} }\nsteps:\n` +
          `  - task: a\n    duration: { p50: ${median}, p95: 900ms }\n    failureRate: ${failureRate}\n    retry: { maxAttempts: 2 }\n` +
          `  - map: m\n    items: { min: 1, max: 9 }\n    steps: [ { task: b, duration: 20ms } ]\n`,
      );
    const one = generateSource(compilePlan(at('100ms', 0.1, 512)), true)!;
    const other = generateSource(compilePlan(at('230ms', 0.02, 1769)), true)!;
    expect(other.source).toBe(one.source);
    // …a failure rate of 0 too (a map's axis from 0): its failure is written out, and draws nothing.
    const never = at('230ms', 0, 1769);
    expect(generateSource(compilePlan(never), true)!.source).toBe(one.source);
    const options = { samples: 3_000, seed: 5, freeTier: false } as const;
    expect(renderJson(analyze(never, catalog, { ...options, engine: 'compiled-shared' }))).toBe(renderJson(analyze(never, catalog, { ...options, engine: 'interpreted' })));
    expect(other.emitter.constants).not.toEqual(one.emitter.constants);
    // …while the default engine writes the numbers in.
    expect(generateSource(compilePlan(at('230ms', 0.02, 1769)))!.source).not.toBe(generateSource(compilePlan(at('100ms', 0.1, 512)))!.source);
  });

  it('compiled-shared: simulators of one source, used in turn, each give what they give alone (one instance of the code serves both)', () => {
    const at = (median: string, failureRate: number) =>
      workload(
        `name: n\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n` +
          `  - task: a\n    duration: { p50: ${median}, p95: 900ms }\n    failureRate: ${failureRate}\n    retry: { maxAttempts: 2 }\n` +
          `  - task: b\n    duration: 20ms\n`,
      );
    const workloads = [at('100ms', 0.1), at('300ms', 0.3)];
    const prices = regionPrices(catalog, 'us-east-1');
    const pilot: Pilot = { samples: 700, unitRates: (means) => means.map((m, a) => m.map((_, i) => (a + 1) * 1e-6 * (i + 1))) };
    const simulator = (w: Workload) => new ChunkSimulator(w, prepareArchitectures(w, prices), undefined, 'compiled-shared');
    const alone = workloads.map((w) => {
      const s = simulator(w);
      return [s.simulate(0, 3_000, 7, undefined, pilot), s.simulate(1, 2_000, 7)];
    });
    const both = workloads.map(simulator);
    const inTurn = [[both[0]!.simulate(0, 3_000, 7, undefined, pilot)], [both[1]!.simulate(0, 3_000, 7, undefined, pilot)]];
    inTurn[0]!.push(both[0]!.simulate(1, 2_000, 7));
    inTurn[1]!.push(both[1]!.simulate(1, 2_000, 7));
    expect(inTurn).toEqual(alone);
    expect(alone[0]).not.toEqual(alone[1]);
  });

  it('puts no string of the workload into the generated source: names and errors stay in side tables', () => {
    const hostile = ['a"b', "c'd", 'e\\f', '${process.exit(1)}', 'g\u2028h', '</script>', '`tick`', 'x\ny'];
    const yaml =
      'name: "n"\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n' +
      hostile.map((name, i) => `  - task: ${JSON.stringify(name)}\n    duration: ${i + 1}0ms\n    failureRate: 0.1\n    retry: { maxAttempts: 1 }\n`).join('') +
      `  - choice: ${JSON.stringify('c"hoice')}\n    branches:\n      - { probability: 0.5, steps: [ { task: ${JSON.stringify('`b1`')}, duration: 1ms } ] }\n` +
      `      - { probability: 0.5, steps: [ { task: ${JSON.stringify("b'2")}, duration: 2ms } ] }\n`;
    const w = workload(yaml);
    const generated = generateSource(compilePlan(w));
    expect(generated).toBeDefined();
    const source = generated!.source;
    for (const name of [...hostile, 'c"hoice', '`b1`', "b'2", 'FunctionError']) expect(source).not.toContain(name);
    // Nothing but code, numbers and identifiers: no string literal at all besides 'use strict'.
    expect(source.replace("'use strict';", '')).not.toMatch(/['"`]/);
    expect(renderJson(analyze(w, catalog, { samples: 500, seed: 1, freeTier: false, engine: 'compiled' }))).toBe(
      renderJson(analyze(w, catalog, { samples: 500, seed: 1, freeTier: false, engine: 'interpreted' })),
    );
  });
});
