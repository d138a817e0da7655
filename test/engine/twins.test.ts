/**
 * Twins: the same job written as a step tree and as the ASL definition a team would deploy give the
 * same figures in every architecture — costs line by line, durations, transitions, limits, the
 * recommendation — because both become the one state graph (test/fixtures/twins/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/types.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import type { Report } from '../../src/report/model.js';
import { catalog } from '../helpers.js';

const twins = join(import.meta.dirname, '..', 'fixtures', 'twins');

/** Everything a report says about the workload's figures (not where it was read from). */
function figures(report: Report) {
  return {
    architectures: report.architectures.map((a) => ({
      id: a.id,
      feasible: a.feasible,
      costPerExecution: a.costPerExecution,
      monthlyCost: a.monthlyCost,
      durationMs: a.durationMs,
      transitionsPerExecution: a.transitionsPerExecution,
      limits: a.limits.map((l) => ({ id: l.id, observedP99: l.observedP99, exceedProbability: l.exceedProbability, status: l.status })),
      notes: a.notes,
    })),
    failureProbability: report.simulation.failureProbability,
    recommendation: report.recommendation,
  };
}

describe.each(['parallel-retries', 'map-choice-callback'])('twin %s', (name) => {
  const run = (file: string) => analyze(loadWorkloadFile(join(twins, file)), catalog, { samples: 20_000, seed: 3, freeTier: false });
  const steps = run(`${name}.yaml`);
  const machine = run(`${name}.machine.yaml`);

  it('gives the same figures as steps and as a state machine, in every architecture (all eight)', () => {
    expect(steps.architectures.map((a) => a.id)).toEqual([...ARCHITECTURE_IDS]);
    expect(figures(machine)).toEqual(figures(steps));
  });

  it('is no trivial twin: the workload costs something and takes time in every architecture', () => {
    for (const a of steps.architectures) {
      expect(a.monthlyCost.total).toBeGreaterThan(0);
      expect(a.durationMs.p50).toBeGreaterThan(0);
    }
    expect(readFileSync(join(twins, `${name}.asl.json`), 'utf8')).toContain('"StartAt"');
  });
});
