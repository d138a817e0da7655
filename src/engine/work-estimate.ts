/**
 * How much simulating one execution costs, in step visits, from the workload's expected values.
 * Used to bound the work of a run before it starts (see analyze.ts).
 */
import { distributionMean } from '../workload/distributions.js';
import type { Step } from '../workload/types.js';
import { MAP_ITEMS_SIMULATED, POLL_ROUNDS_SIMULATED } from './compile-plan.js';

/** Expected step visits of one execution (a retried attempt, a poll round and a Map item each count). */
export function expectedVisits(steps: readonly Step[]): number {
  let visits = 0;
  for (const step of steps) {
    switch (step.kind) {
      case 'task': {
        // Attempts until one succeeds, at most 1 + maxAttempts: Σ p^k.
        const p = step.failureRate;
        const n = (step.retry?.maxAttempts ?? 0) + 1;
        visits += p >= 1 ? n : (1 - Math.pow(p, n)) / (1 - p);
        break;
      }
      case 'wait':
        visits += step.poll
          ? 1 + Math.min(POLL_ROUNDS_SIMULATED, distributionMean(step.duration) / step.poll.intervalMs + 1)
          : 1;
        break;
      case 'parallel':
        visits += 1 + step.branches.reduce((sum, branch) => sum + expectedVisits(branch), 0);
        break;
      case 'map': {
        const items = Math.min(MAP_ITEMS_SIMULATED, step.items.max, Math.max(step.items.min, distributionMean(step.items.dist)));
        visits += 1 + items * expectedVisits(step.steps);
        break;
      }
      case 'choice':
        visits += 1 + step.branches.reduce((sum, branch) => sum + branch.probability * expectedVisits(branch.steps), 0);
        break;
    }
  }
  return visits;
}
