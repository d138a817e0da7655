/**
 * Issue 14.9: a Map inside one function is not free parallelism. The single function and a
 * durable function run a Map's items one after another unless the workload says how many its code
 * runs at once (`lambda.inProcessConcurrency`, capped by the Map's MaxConcurrency); Step Functions
 * keeps its own concurrency (40 for an inline Map).
 */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render-json.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { analyze } from '../../src/analyze.js';
import { join } from 'node:path';
import { analyzeYaml, arch, catalog, workload } from '../helpers.js';

const bigMap = (lambda: string, maxConcurrency = '') => `
name: big map
region: us-east-1
executionsPerMonth: 1000
${lambda}
steps:
  - map: items
    items: 1000000
    ${maxConcurrency}
    steps:
      - task: work
        duration: 100ms
`;

describe('a Map of 1,000,000 items of 100 ms without MaxConcurrency', () => {
  const sequential = analyzeYaml(bigMap(''), { samples: 1_000 });

  it('runs its items one after another inside one function by default: 100,000 s, past the 15-minute timeout', () => {
    expect(workload(bigMap('')).inProcessConcurrency).toBe(1);
    expect(arch(sequential, 'lambda').durationMs.p50).toBe(1_000_000 * 100);
    expect(arch(sequential, 'lambda').feasible).toBe(false);
    expect(sequential.recommendation.architecture).not.toBe('lambda');
  });

  it('leaves Step Functions its own 40 at once', () => {
    expect(arch(sequential, 'sfn-express').durationMs.p50).toBe((1_000_000 / 40) * 100);
  });

  it('runs them in waves of lambda.inProcessConcurrency when the code runs that many at once', () => {
    const concurrent = analyzeYaml(bigMap('lambda: { inProcessConcurrency: 1000 }'), { samples: 1_000 });
    expect(arch(concurrent, 'lambda').durationMs.p50).toBe((1_000_000 / 1000) * 100);
    expect(arch(concurrent, 'lambda').feasible).toBe(true);
    expect(concurrent.recommendation.architecture).toBe('lambda');
  });

  it('caps the waves at the Map’s MaxConcurrency', () => {
    const capped = analyzeYaml(bigMap('lambda: { inProcessConcurrency: 1000 }', 'maxConcurrency: 500'), { samples: 1_000 });
    expect(arch(capped, 'lambda').durationMs.p50).toBe((1_000_000 / 500) * 100);
  });
});

describe('a small Map (5 items of 200 ms)', () => {
  const small = (lambda: string) => `
name: small map
region: us-east-1
executionsPerMonth: 1000
${lambda}
steps:
  - map: items
    items: 5
    steps:
      - task: work
        duration: 200ms
`;

  it('takes the sum of its items in the single function and the durable function, the slowest in Step Functions', () => {
    const report = analyzeYaml(small(''), { samples: 1_000 });
    expect(arch(report, 'lambda').durationMs.p50).toBe(1_000);
    expect(arch(report, 'lambda-durable').durationMs.p50).toBe(1_000);
    expect(arch(report, 'sfn-standard').durationMs.p50).toBe(200);
  });

  it('is the same report in the compiled and the interpreted engine, at any in-process concurrency', () => {
    for (const lambda of ['', 'lambda: { inProcessConcurrency: 2 }', 'lambda: { inProcessConcurrency: 10 }']) {
      const compiled = analyzeYaml(small(lambda), { samples: 1_000, engine: 'compiled' });
      const interpreted = analyzeYaml(small(lambda), { samples: 1_000, engine: 'interpreted' });
      expect(renderJson(compiled)).toBe(renderJson(interpreted));
    }
    // waves of 2: 200 + 200 + 200 ms
    expect(arch(analyzeYaml(small('lambda: { inProcessConcurrency: 2 }'), { samples: 1_000 }), 'lambda').durationMs.p50).toBe(600);
  });
});

describe('an imported state machine (one model)', () => {
  it('runs its Map items one after another in the single function too', () => {
    const machine = loadWorkloadFile(join(import.meta.dirname, '..', 'fixtures', 'in-process', 'five-quotes.yaml'));
    const report = analyze(machine, catalog, { samples: 1_000, seed: 1, freeTier: false });
    expect(arch(report, 'lambda').durationMs.p50).toBe(5 * 300);
    expect(arch(report, 'lambda-durable').durationMs.p50).toBe(5 * 300);
    expect(arch(report, 'sfn-standard').durationMs.p50).toBe(300);
  });
});

describe('lambda.inProcessConcurrency is validated', () => {
  it.each(['0', '1.5', '-1', '"4"', '10001'])('refuses %s', (value) => {
    expect(() => workload(bigMap(`lambda: { inProcessConcurrency: ${value} }`))).toThrow(/inProcessConcurrency/);
  });
});
