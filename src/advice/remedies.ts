/**
 * `architectures[].remedies`: for each limit an architecture breaks, the rule of its own module
 * (ARCHITECTURES[id].remedies), else the shared rule (architectures/remedies.ts). Identical
 * sentences (two limits with one fix) are said once.
 */
import { ARCHITECTURES } from '../architectures/index.js';
import { SHARED_REMEDIES, type RemedyContext } from '../architectures/remedies.js';
import type { ArchitectureSimulation } from '../engine/simulate.js';
import type { ArchitectureReport } from '../report/model.js';
import type { Workload } from '../workload/types.js';

export function remediesOf(
  architecture: Omit<ArchitectureReport, 'remedies'>,
  architectures: readonly Omit<ArchitectureReport, 'remedies'>[],
  workload: Workload,
  simulation: ArchitectureSimulation,
): string[] {
  if (architecture.feasible) return [];
  const own = ARCHITECTURES[architecture.id].remedies ?? {};
  const out: string[] = [];
  architecture.limits.forEach((limit, i) => {
    if (limit.status !== 'exceeded') return;
    const rule = own[limit.id] ?? SHARED_REMEDIES[limit.id];
    if (!rule) return;
    const context: RemedyContext = {
      workload,
      architecture,
      architectures,
      observed: (q) => simulation.limits[i]!.observed.quantile(q),
    };
    for (const sentence of rule(limit, context)) if (!out.includes(sentence)) out.push(sentence);
  });
  return out;
}
