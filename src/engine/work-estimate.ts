/**
 * How much simulating one execution costs, in state visits, from the workload's expected values.
 * Used to bound the work of a run before it starts (see analyze.ts).
 */
import { distributionMean } from '../workload/distributions.js';
import { END_OF_SCOPE, errorMatches, hasCycle, type Scope, type State } from '../workload/graph.js';
import { choiceJoins, postDominators, UNSTRUCTURED } from '../workload/graph-structure.js';
import type { Workload } from '../workload/types.js';
import { retriesWithinHorizon } from './retry-horizon.js';
import { DISTRIBUTED_CHILDREN_SIMULATED, MAP_ITEMS_SIMULATED, MAX_STATES_SIMULATED, POLL_ROUNDS_SIMULATED } from './compile.js';

/** Expected state visits of one execution (a retried attempt, a poll round and a Map item each count). */
export function expectedWorkloadVisits(workload: Workload): number {
  const visits = scopeVisits(workload.graph.root);
  // A graph with a loop is stopped at MAX_STATES_SIMULATED states (compile.ts): bounded whatever the loops.
  return hasCycle(workload.graph) ? Math.min(MAX_STATES_SIMULATED, visits) : visits;
}

/** Visits of one run of a scope: along its chain when it has one, else by iterating its flow. */
function scopeVisits(scope: Scope): number {
  if (scope.startAt === END_OF_SCOPE || scope.states.length === 0) return 0;
  const joins = choiceJoins(scope, postDominators(scope));
  return chainVisits(scope, joins, scope.startAt, END_OF_SCOPE) ?? flowVisits(scope);
}

/**
 * A chain of states from `from` to `stop` (Next, and each structured Choice's branches by their
 * probabilities up to where they rejoin); undefined when the scope is no such chain (a loop, an
 * unstructured Choice).
 */
function chainVisits(scope: Scope, joins: Int32Array, from: number, stop: number): number | undefined {
  let visits = 0;
  const seen = new Set<number>();
  for (let i = from; i !== stop && i !== END_OF_SCOPE; ) {
    if (seen.has(i)) return undefined;
    seen.add(i);
    const state = scope.states[i]!;
    if (state.kind === 'choice') {
      const join = joins[i]!;
      if (join === UNSTRUCTURED) return undefined;
      let branches = 0;
      for (let b = 0; b < state.targets.length; b++) {
        const v = chainVisits(scope, joins, state.targets[b]!, join);
        if (v === undefined) return undefined;
        branches += state.probabilities[b]! * v;
      }
      visits += 1 + branches;
      i = join;
      continue;
    }
    visits += stateVisits(state);
    if (state.kind === 'succeed' || state.kind === 'fail') break;
    i = state.next;
  }
  return visits;
}

/**
 * Expected states entered in one run of a scope: the expected entries of each state, by
 * iterating the flow (Next, Choice probabilities, Catch on final failure) until it settles.
 */
function flowVisits(scope: Scope): number {
  const n = scope.states.length;
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
      if (state.kind === 'choice') state.targets.forEach((t, k) => flow(t, state.probabilities[k]!));
      else if (state.kind === 'task') {
        const failure = Math.pow(state.failureRate, attemptsAllowed(state));
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

/** Attempts a task may make: one, plus the retries of the Retrier that takes its error. */
function attemptsAllowed(state: State & { kind: 'task' }): number {
  const retrier = state.retriers.find((r) => errorMatches(r.errorEquals, state.error));
  // Retries stop at the retry horizon (retry-horizon.ts), so a huge MaxAttempts with back-off is cheap.
  return 1 + (retrier ? retriesWithinHorizon(retrier) : 0);
}

/** Visits of one entry into a state, what it runs inside included (a Choice's branches are not inside it). */
function stateVisits(state: State): number {
  switch (state.kind) {
    case 'task': {
      // Attempts until one succeeds, at most attemptsAllowed: Σ p^k.
      const p = state.failureRate;
      const n = attemptsAllowed(state);
      return p >= 1 ? n : (1 - Math.pow(p, n)) / (1 - p);
    }
    case 'poll':
      return 1 + Math.min(POLL_ROUNDS_SIMULATED, distributionMean(state.duration) / state.intervalMs + 1);
    case 'parallel':
      return 1 + state.branches.reduce((sum, branch) => sum + scopeVisits(branch), 0);
    case 'map': {
      const items = Math.min(state.items.max, Math.max(state.items.min, distributionMean(state.items.dist)));
      const runs = state.distributed ? Math.min(DISTRIBUTED_CHILDREN_SIMULATED, items / state.itemsPerChild) : Math.min(MAP_ITEMS_SIMULATED, items);
      return 1 + runs * scopeVisits(state.processor);
    }
    default:
      return 1;
  }
}
