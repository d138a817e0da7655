/** Workloads over the ASL fixtures, analyzed with the library. */
import { join } from 'node:path';
import { analyze } from '../../src/analyze.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import type { Report } from '../../src/report/model.js';
import type { Workload } from '../../src/workload/types.js';
import { arch, catalog, line } from '../helpers.js';

export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'asl');
export const EXECUTIONS = 1_000_000;

/** A workload over fixture `definition`, with `states` annotations (YAML lines, indented by two). */
export function machineWorkload(definition: string, states = '', extra = ''): Workload {
  const yaml =
    `name: t\nregion: us-east-1\nexecutionsPerMonth: ${EXECUTIONS}\n${extra}` +
    `stateMachine:\n  definition: ${definition}\n` +
    (states ? `states:\n${states}` : '');
  return parseWorkload(yaml, join(fixtures, 'workload.yaml'));
}

export function run(workload: Workload, samples = 4_000): Report {
  return analyze(workload, catalog, { samples, seed: 7, freeTier: false });
}

/** Per execution: Standard transitions (mean), Lambda task invocations (mean), failure share, sfn duration (mean ms). */
export function perExecution(report: Report) {
  const standard = arch(report, 'sfn-standard');
  return {
    transitions: standard.transitionsPerExecution.mean,
    transitionsP99: standard.transitionsPerExecution.p99,
    invocations: line(report, 'sfn-standard', 'lambda-requests').quantity / EXECUTIONS,
    failed: report.simulation.failureProbability,
    durationMs: standard.durationMs.mean,
  };
}
