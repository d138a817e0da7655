/** Invariants that hold for every valid workload (fast-check generates the workloads). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { Workload } from '../../src/workload/types.js';
import { catalog, workload } from '../helpers.js';

const taskArb = fc.record({
  ms: fc.integer({ min: 1, max: 120_000 }),
  p95Factor: fc.double({ min: 1, max: 5, noNaN: true }),
  memoryMb: fc.integer({ min: 128, max: 10_240 }),
  failureRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
});

const workloadArb = fc.record({
  executions: fc.integer({ min: 1, max: 1e9 }),
  tasks: fc.array(taskArb, { minLength: 1, maxLength: 4 }),
  waitMs: fc.integer({ min: 1, max: 3_600_000 }),
});

interface GeneratedWorkload {
  executions: number;
  tasks: { ms: number; p95Factor: number; memoryMb: number; failureRate: number }[];
  waitMs: number;
}

function toYaml(w: GeneratedWorkload, waitMs = w.waitMs, executions = w.executions): string {
  const steps = w.tasks
    .map(
      (t, i) =>
        `  - task: t${i}\n    duration: { p50: ${t.ms}ms, p95: ${(t.ms * t.p95Factor).toFixed(3)}ms }\n    memoryMb: ${t.memoryMb}\n    failureRate: ${t.failureRate}\n    retry: { maxAttempts: 2 }\n`,
    )
    .join('');
  return `name: generated\nregion: us-east-1\nexecutionsPerMonth: ${executions}\nsteps:\n${steps}  - wait: pause\n    duration: ${waitMs}ms\n`;
}

const run = (w: Workload) => analyze(w, catalog, { samples: 300, seed: 9, freeTier: false });

describe('invariants', () => {
  it('costs are finite and non-negative; more executions never cost less', () => {
    fc.assert(
      fc.property(workloadArb, (w) => {
        const small = run(workload(toYaml(w)));
        const large = run(workload(toYaml(w, w.waitMs, w.executions * 2)));
        for (let i = 0; i < small.architectures.length; i++) {
          const a = small.architectures[i]!;
          const b = large.architectures[i]!;
          for (const value of [a.monthlyCost.total, a.costPerExecution.mean, a.costPerExecution.p99, a.durationMs.p99]) {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(0);
          }
          expect(b.monthlyCost.total).toBeGreaterThanOrEqual(a.monthlyCost.total);
        }
      }),
      { numRuns: 25, seed: 1 },
    );
  });

  it("Standard's cost does not depend on how long a timer wait lasts; Express's and Lambda's grow with it", () => {
    fc.assert(
      fc.property(workloadArb, (w) => {
        const short = run(workload(toYaml(w, w.waitMs)));
        const long = run(workload(toYaml(w, w.waitMs * 3)));
        const total = (r: typeof short, id: string) => r.architectures.find((a) => a.id === id)!.monthlyCost.total;
        expect(total(long, 'sfn-standard')).toBeCloseTo(total(short, 'sfn-standard'), 9);
        expect(total(long, 'sfn-express')).toBeGreaterThanOrEqual(total(short, 'sfn-express'));
        expect(total(long, 'lambda')).toBeGreaterThanOrEqual(total(short, 'lambda'));
      }),
      { numRuns: 20, seed: 2 },
    );
  });

  it('a workload that is feasible stays feasible when made shorter', () => {
    fc.assert(
      fc.property(workloadArb, fc.double({ min: 0.05, max: 1, noNaN: true }), (w, factor) => {
        const shorter: GeneratedWorkload = {
          ...w,
          tasks: w.tasks.map((t) => ({ ...t, ms: Math.max(1, Math.floor(t.ms * factor)) })),
          waitMs: Math.max(1, Math.floor(w.waitMs * factor)),
        };
        const before = run(workload(toYaml(w)));
        const after = run(workload(toYaml(shorter)));
        for (let i = 0; i < before.architectures.length; i++) {
          if (before.architectures[i]!.feasible) expect(after.architectures[i]!.feasible).toBe(true);
        }
      }),
      { numRuns: 25, seed: 3 },
    );
  });
});
