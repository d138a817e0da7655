/** Reports for the gate's unit tests: one real analysis, with chosen costs, feasibility and limits. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchitectureId } from '../../src/architectures/types.js';
import { ASSERTION_IDS, normalizePolicy, type Locate, type Policy } from '../../src/gate/policy.js';
import type { LimitResult, Report } from '../../src/report/model.js';
import { analyzeYaml } from '../helpers.js';

// The gate's assertions are tested on the three core architectures; more would not change what they check.
const base = analyzeYaml(readFileSync(join(import.meta.dirname, 'fixtures', 'orders.yaml'), 'utf8'), {
  samples: 300,
  architectures: ['lambda', 'sfn-standard', 'sfn-express'],
});

export interface ArchitectureShape {
  readonly monthlyUsd?: number;
  readonly perExecutionUsd?: number;
  readonly feasible?: boolean;
  readonly limits?: readonly Partial<LimitResult>[];
}

/** The orders report with each named architecture's monthly cost (one cost line), feasibility and limits replaced. */
export function report(shapes: Partial<Record<ArchitectureId, ArchitectureShape>>, only?: readonly ArchitectureId[]): Report {
  const template = base.architectures[0]!.limits[0]!;
  return {
    ...base,
    architectures: base.architectures
      .filter((a) => !only || only.includes(a.id))
      .map((a) => {
        const shape = shapes[a.id];
        if (!shape) return a;
        const line = a.monthlyCost.lines[0]!;
        return {
          ...a,
          ...(shape.monthlyUsd === undefined
            ? {}
            : { monthlyCost: { total: shape.monthlyUsd, lines: [{ ...line, usd: shape.monthlyUsd }], interval: { low: shape.monthlyUsd, high: shape.monthlyUsd } } }),
          ...(shape.perExecutionUsd === undefined ? {} : { costPerExecution: { ...a.costPerExecution, mean: shape.perExecutionUsd } }),
          ...(shape.feasible === undefined ? {} : { feasible: shape.feasible }),
          ...(shape.limits === undefined ? {} : { limits: shape.limits.map((l) => ({ ...template, ...l })) }),
        };
      }),
  };
}

/** Line of each key in the imaginary policy.yaml the unit tests' policies come from. */
export const LINES: Readonly<Record<string, number>> = { decision: 2, extends: 3, ...Object.fromEntries(ASSERTION_IDS.map((id, i) => [id, 5 + i])) };

export const locate: Locate = (path, key) => ({ file: 'policy.yaml', line: LINES[key ?? String(path.at(-1))] ?? 1, column: 3 });

export function policy(data: unknown): Policy {
  const result = normalizePolicy(data, locate);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.policy;
}
