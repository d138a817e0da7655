/**
 * `flowcost export --asl`: a step-tree workload's definition is valid ASL, deploys the same job,
 * and — annotated with the step tree's own numbers — analyzes to the same figures in every
 * architecture (the one state graph, round trip).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyze } from '../../src/analyze.js';
import { toAsl } from '../../src/export/asl.js';
import { readAsl } from '../../src/import/asl.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { states } from '../../src/workload/graph.js';
import type { Report } from '../../src/report/model.js';
import { catalog } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const examples = ['order-fulfilment', 'api-backend', 'webhook-with-delay', 'approval-twenty-steps', 'nightly-etl-glue'];
type Raw = Record<string, unknown>;

/** The step tree's own values, as `states:` annotations of its exported definition. */
function annotations(steps: readonly Raw[], out: Record<string, Raw> = {}): Record<string, Raw> {
  const pick = (raw: Raw, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in raw).map((k) => [k, raw[k]]));
  for (const step of steps) {
    if ('task' in step) out[String(step['task'])] = pick(step, ['duration', 'memoryMb', 'failureRate', 'timeout', 'coldStarts', 'ephemeralStorageMb']);
    if ('wait' in step) {
      out[String(step['wait'])] = step['mode'] === 'callback' ? { duration: '0ms', callbackWait: step['duration'] } : { duration: step['duration'] };
    }
    if ('parallel' in step) for (const branch of step['branches'] as Raw[][]) annotations(branch, out);
    if ('map' in step) {
      out[String(step['map'])] = pick(step, ['items', 'maxConcurrency']);
      annotations(step['steps'] as Raw[], out);
    }
    if ('choice' in step) {
      const branches = step['branches'] as Raw[];
      const first = (b: Raw) => (b['steps'] as Raw[])[0]!;
      const name = (s: Raw) => String(s['task'] ?? s['wait'] ?? s['parallel'] ?? s['map'] ?? s['choice']);
      out[String(step['choice'])] = { next: Object.fromEntries(branches.map((b) => [name(first(b)), b['probability']])) };
      for (const branch of branches) annotations(branch['steps'] as Raw[], out);
    }
  }
  return out;
}

function figures(report: Report) {
  return report.architectures.map((a) => ({
    id: a.id,
    feasible: a.feasible,
    costPerExecution: a.costPerExecution,
    lines: a.monthlyCost.lines.map((l) => [l.id, l.quantity, l.usd]),
    durationMs: a.durationMs,
    transitions: a.transitionsPerExecution,
    limits: a.limits.map((l) => [l.id, l.observedP99, l.exceedProbability]),
  }));
}

describe.each(examples)('export --asl of %s', (name) => {
  const file = join(root, 'examples', `${name}.yaml`);
  const text = readFileSync(file, 'utf8');
  const steps = parseWorkload(text, file);
  const asl = toAsl(steps);

  it('is a valid ASL definition with one state per step (a polling loop: three)', () => {
    const read = readAsl(asl);
    expect(read.ok).toBe(true);
    for (const state of states(steps.graph)) expect(JSON.stringify(asl)).toContain(JSON.stringify(state.name));
  });

  it('annotated with the step tree’s numbers, it analyzes to the same figures in all six architectures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-export-'));
    writeFileSync(join(dir, 'definition.asl.json'), JSON.stringify(asl));
    const data = parse(text) as Raw;
    const rest = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'steps'));
    const machine = {
      ...rest,
      stepFunctions: { ...((rest['stepFunctions'] as Raw | undefined) ?? {}), definitionKb: steps.stepFunctions.definitionKb },
      stateMachine: { definition: 'definition.asl.json' },
      states: annotations(data['steps'] as Raw[]),
    };
    const imported = parseWorkload(JSON.stringify(machine), join(dir, 'workload.yaml'), { root: dir });
    const options = { samples: 5_000, seed: 5, freeTier: false };
    expect(figures(analyze(imported, catalog, options))).toEqual(figures(analyze(steps, catalog, options)));
  });
});
