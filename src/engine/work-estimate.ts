/**
 * How much simulating one execution costs, in step visits, from the workload's expected values.
 * Used to bound the work of a run before it starts (see analyze.ts).
 */
import { distributionMean } from '../workload/distributions.js';
import { END_OF_SCOPE, type MachineScope, type MachineState } from '../workload/state-machine.js';
import type { Step, Workload } from '../workload/types.js';
import { MAP_ITEMS_SIMULATED, POLL_ROUNDS_SIMULATED } from './compile-plan.js';
import { DISTRIBUTED_CHILDREN_SIMULATED, MAX_STATES_SIMULATED } from './run-state-machine.js';

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

/** Expected step (or state) visits of one execution of a workload, whichever form it has. */
export function expectedWorkloadVisits(workload: Workload): number {
  if (!workload.stateMachine) return expectedVisits(workload.steps);
  // The state machine runner stops an execution at MAX_STATES_SIMULATED states: bounded whatever the loops.
  return Math.min(MAX_STATES_SIMULATED, expectedScopeVisits(workload.stateMachine.root));
}

/**
 * Expected states entered in one run of a scope: the expected entries of each state, by
 * iterating the flow (Next, Choice probabilities, Catch on final failure) until it settles.
 */
function expectedScopeVisits(scope: MachineScope): number {
  const n = scope.states.length;
  if (n === 0 || scope.startAt === END_OF_SCOPE) return 0;
  const cost = scope.states.map(stateVisits);
  let entries = new Float64Array(n);
  let total = 0;
  for (let round = 0; round < 1_000; round++) {
    const next = new Float64Array(n);
    next[scope.startAt]! += 1;
    scope.states.forEach((state, i) => {
      const x = entries[i]!;
      if (x === 0) return;
      const flow = (target: number, share: number) => {
        if (target !== END_OF_SCOPE) next[target]! += x * share;
      };
      if (state.kind === 'choice') state.targets.forEach((t, k) => flow(t, state.cumulative[k]! - (k > 0 ? state.cumulative[k - 1]! : 0)));
      else if (state.kind === 'task') {
        const attempts = 1 + Math.max(0, ...state.retriers.map((r) => r.maxAttempts));
        const failure = Math.pow(state.failureRate, attempts);
        flow(state.next, 1 - failure);
        if (state.catchers[0]) flow(state.catchers[0].next, failure);
      } else if (state.kind !== 'succeed' && state.kind !== 'fail') flow(state.next, 1);
    });
    entries = next;
    const sum = entries.reduce((s, x, i) => s + x * cost[i]!, 0);
    if (Math.abs(sum - total) < 1e-9 || sum > MAX_STATES_SIMULATED) return sum;
    total = sum;
  }
  return total;
}

function stateVisits(state: MachineState): number {
  switch (state.kind) {
    case 'task': {
      const p = state.failureRate;
      const n = 1 + state.retriers.reduce((sum, r) => sum + r.maxAttempts, 0);
      return p >= 1 ? n : (1 - Math.pow(p, n)) / (1 - p);
    }
    case 'parallel':
      return 1 + state.branches.reduce((sum, branch) => sum + expectedScopeVisits(branch), 0);
    case 'map': {
      const items = Math.max(state.items.min, Math.min(state.items.max, distributionMean(state.items.dist)));
      const runs = state.distributed ? Math.min(DISTRIBUTED_CHILDREN_SIMULATED, items / state.itemsPerChild) : Math.min(MAP_ITEMS_SIMULATED, items);
      return 1 + runs * expectedScopeVisits(state.processor);
    }
    default:
      return 1;
  }
}
