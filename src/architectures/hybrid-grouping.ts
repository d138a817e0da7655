/**
 * Which runs of consecutive top-level blocks (graph-structure.ts: for a step tree, its top-level
 * steps; for a definition, the stretches between the states every execution passes) to move from a
 * Standard parent into Express children (started with `states:startExecution.sync`), the pattern
 * AWS recommends for cost (https://docs.aws.amazon.com/step-functions/latest/dg/cost-opt-exp-workflows.html).
 *
 * Decided once, from expected values, before the simulation: a child replaces its states' parent
 * transitions with one (the Task state that starts it) plus an Express request and its duration.
 * Dynamic programming over each run of eligible blocks picks the cheapest split. A block is
 * eligible when nothing in it waits (timers, callbacks and `.sync` jobs stay in the parent, where
 * waiting is free and callbacks are possible), it starts no Distributed Map, and executions enter
 * it at its head only, at most once; a child is kept under a minute on average, well inside
 * Express's 5 minutes (the simulation checks that limit on every execution).
 */
import { inlineConcurrency } from '../engine/compile.js';
import type { RegionPrices } from '../pricing/catalog.js';
import { distributionMean } from '../workload/distributions.js';
import { durationAtMemory } from '../workload/memory-curve.js';
import { END_OF_SCOPE, errorMatches, retryDelayMs, successors, waits, type Scope, type State, type StateGraph, type TaskState } from '../workload/graph.js';
import { choiceJoins, postDominators, UNSTRUCTURED, type Blocks } from '../workload/graph-structure.js';
import { expressBilledMemoryMb } from '../pricing/express-billing.js';

export interface ExpressChild {
  /** Indexes of the first and last top-level blocks it runs (graph-structure.ts). */
  readonly first: number;
  readonly last: number;
  /** The first state of each of its blocks. */
  readonly names: readonly string[];
  readonly memoryMb: number;
  /** Expected saving per execution against leaving its states in the parent (USD). */
  readonly savingUsd: number;
}

/** A child's expected duration stays under this, so its p99 stays well under 5 minutes. */
const CHILD_MEAN_LIMIT_MS = 60_000;
const MB_PER_GB = 1024;
const MS_PER_HOUR = 3_600_000;

interface Expected {
  readonly sfnMs: number;
  readonly transitions: number;
  /** Map iterations and Parallel branches (Express memory). */
  readonly units: number;
}

export function chooseExpressChildren(
  graph: StateGraph,
  blocks: Blocks,
  prices: RegionPrices,
  overheadMs: number,
  payloadKb: number,
): ExpressChild[] {
  const transition = prices.stepFunctions.standardTransitions.tiers[0]!.usd;
  const request = prices.stepFunctions.expressRequests.tiers[0]!.usd;
  const gbHour = prices.stepFunctions.expressDuration.tiers[0]!.usd;
  const root = graph.root;
  const estimator = new Estimator(overheadMs);
  const expected = blocks.heads.map((head, b) => estimator.block(root, head, blocks.members[b]!));
  const canRun = blocksThatCanRunAsChildren(root, blocks);
  const eligible = blocks.members.map((members, b) => canRun[b]! && members.every((i) => !deepWaits(root.states[i]!)));
  const count = blocks.heads.length;

  const children: ExpressChild[] = [];
  let i = 0;
  while (i < count) {
    if (!eligible[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < count && eligible[end + 1]) end++;
    children.push(...bestSplit(i, end));
    i = end + 1;
  }
  return children;

  /** Cheapest split of blocks first…last into parent blocks and children (dynamic programming). */
  function bestSplit(first: number, last: number): ExpressChild[] {
    const span = last - first + 1;
    const best = new Float64Array(span + 1);
    const choice: (ExpressChild | undefined)[] = new Array(span + 1);
    const from = new Int32Array(span + 1);
    for (let end = 1; end <= span; end++) {
      const blockIndex = first + end - 1;
      best[end] = best[end - 1]! + expected[blockIndex]!.transitions * transition;
      from[end] = end - 1;
      choice[end] = undefined;
      let sfnMs = 0;
      let units = 0;
      let parentCost = 0;
      for (let start = end; start >= 1; start--) {
        const e = expected[first + start - 1]!;
        sfnMs += e.sfnMs;
        units += e.units;
        parentCost += e.transitions * transition;
        if (sfnMs > CHILD_MEAN_LIMIT_MS) break;
        const memoryMb = expressBilledMemoryMb(0.5 + 0.3 * (end - start + 1), payloadKb, units);
        // Rounding up to 100 ms adds 50 ms on average.
        const childCost = transition + request + ((sfnMs + 50) / MS_PER_HOUR) * (memoryMb / MB_PER_GB) * gbHour;
        const total = best[start - 1]! + childCost;
        if (total < best[end]!) {
          best[end] = total;
          from[end] = start - 1;
          choice[end] = {
            first: first + start - 1,
            last: first + end - 1,
            names: blocks.heads.slice(first + start - 1, first + end).map((head) => root.states[head]!.name),
            memoryMb,
            savingUsd: parentCost - childCost,
          };
        }
      }
    }
    const picked: ExpressChild[] = [];
    for (let end = span; end > 0; end = from[end]!) {
      const child = choice[end];
      if (child) picked.unshift(child);
    }
    return picked;
  }
}

/** Whether anything in a state waits (a Wait, a poll, a callback, an activity, a `.sync` job) or starts child executions. */
function deepWaits(state: State): boolean {
  if (waits(state)) return true;
  if (state.kind === 'map') return state.distributed || state.processor.states.some(deepWaits);
  if (state.kind === 'parallel') return state.branches.some((branch) => branch.states.some(deepWaits));
  return false;
}

/**
 * Which blocks can move into a child: executions enter the block at its head alone and at most
 * once: no state outside it goes to one of its other states, and nothing after its head leads back
 * to it. Linear in the states and transitions (issue 14.6: a definition of 10,000 states), where a
 * walk of the whole scope for every block was quadratic.
 */
function blocksThatCanRunAsChildren(scope: Scope, blocks: Blocks): boolean[] {
  const n = scope.states.length;
  const next = scope.states.map((state) => successors(state));
  // The blocks each state is a member of (a state is in one block, or also heads a later one).
  const memberOf: number[][] = Array.from({ length: n }, () => []);
  blocks.members.forEach((members, b) => {
    for (const s of members) memberOf[s]!.push(b);
  });
  const ok = blocks.heads.map(() => true);
  // 1. Entered at the head alone, from outside only.
  for (let u = 0; u < n; u++) {
    for (const target of next[u]!) {
      for (const b of memberOf[target]!) {
        const inside = memberOf[u]!.includes(b);
        if (target === blocks.heads[b] ? inside : !inside) ok[b] = false;
      }
    }
  }
  // 2. Nothing reachable from the next block's head comes back. Transitions only go forward in a
  //    topological order of the strongly connected components, so a head whose component comes
  //    after every component of the block cannot reach it; otherwise the scope is walked from it.
  const order = componentOrder(next);
  blocks.heads.forEach((_, b) => {
    const after = blocks.heads[b + 1];
    if (!ok[b] || after === undefined) return;
    const members = blocks.members[b]!;
    if (members.every((m) => order[m]! < order[after]!)) return;
    const inBlock = new Set(members);
    const seen = new Set<number>([after]);
    const queue = [after];
    while (queue.length > 0) {
      const s = queue.pop()!;
      for (const target of next[s]!) {
        if (inBlock.has(target)) {
          ok[b] = false;
          return;
        }
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
  });
  return ok;
}

/**
 * Per state, the position of its strongly connected component in a topological order of the
 * components (every transition goes to the same or a later position): Tarjan's algorithm,
 * iterative (a chain of 10,000 states would overflow a recursive one).
 */
function componentOrder(next: readonly (readonly number[])[]): Int32Array {
  const n = next.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const targets = next[v]!;
      if (i < targets.length) {
        frame[1] = i + 1;
        const w = targets[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        // Tarjan completes components sinks first: the k-th completed is k-th from the end.
        for (let w = stack.pop()!; ; w = stack.pop()!) {
          onStack[w] = 0;
          component[w] = components;
          if (w === v) break;
        }
        components++;
      }
    }
  }
  return component.map((c) => components - 1 - c);
}

/** Expected Step Functions time, transitions and Map/Parallel units of a part of the graph, from its mean values. */
class Estimator {
  private readonly joins = new Map<Scope, Int32Array>();

  constructor(private readonly overheadMs: number) {}

  private joinsOf(scope: Scope): Int32Array {
    let joins = this.joins.get(scope);
    if (!joins) this.joins.set(scope, (joins = choiceJoins(scope, postDominators(scope))));
    return joins;
  }

  block(scope: Scope, head: number, members: readonly number[]): Expected {
    const join = this.joinsOf(scope)[head]!;
    const state = scope.states[head]!;
    if (state.kind !== 'choice' || join !== UNSTRUCTURED) return this.state(scope, head);
    // An unstructured region: every member once (failures and loops aside).
    return members.reduce((sum, i) => add(sum, this.state(scope, i)), ZERO);
  }

  /** One run of a scope from `from` until `stop`: a chain of states, structured Choices by their probabilities. */
  sequence(scope: Scope, from: number, stop: number): Expected {
    let sum = ZERO;
    const seen = new Set<number>();
    for (let i = from; i !== stop && i !== END_OF_SCOPE && !seen.has(i); ) {
      seen.add(i);
      sum = add(sum, this.state(scope, i));
      const state = scope.states[i]!;
      if (state.kind === 'choice') {
        const join = this.joinsOf(scope)[i]!;
        if (join === UNSTRUCTURED) break;
        i = join;
      } else if (state.kind === 'succeed' || state.kind === 'fail') {
        break;
      } else {
        i = state.next;
      }
    }
    return sum;
  }

  state(scope: Scope, index: number): Expected {
    const state = scope.states[index]!;
    const overheadMs = this.overheadMs;
    switch (state.kind) {
      case 'task':
        return this.task(state);
      case 'wait':
      case 'poll':
        return { sfnMs: distributionMean(state.duration) + overheadMs, transitions: 1, units: 0 };
      case 'parallel': {
        const branches = state.branches.map((branch) => this.sequence(branch, branch.startAt, END_OF_SCOPE));
        return {
          sfnMs: Math.max(0, ...branches.map((b) => b.sfnMs)) + overheadMs,
          transitions: 1 + branches.reduce((sum, b) => sum + b.transitions, 0),
          units: state.branches.length + branches.reduce((sum, b) => sum + b.units, 0),
        };
      }
      case 'map': {
        const items = Math.min(state.items.max, Math.max(state.items.min, distributionMean(state.items.dist)));
        const item = this.sequence(state.processor, state.processor.startAt, END_OF_SCOPE);
        return {
          sfnMs: Math.ceil(items / inlineConcurrency(state.maxConcurrency)) * item.sfnMs + overheadMs,
          transitions: 1 + items * item.transitions,
          units: items * (1 + item.units),
        };
      }
      case 'choice': {
        const join = this.joinsOf(scope)[index]!;
        if (join === UNSTRUCTURED) return { sfnMs: overheadMs, transitions: 1, units: 0 };
        const branches = state.targets.map((target, b) => ({ p: state.probabilities[b]!, e: this.sequence(scope, target, join) }));
        return {
          sfnMs: overheadMs + branches.reduce((sum, b) => sum + b.p * b.e.sfnMs, 0),
          transitions: 1 + branches.reduce((sum, b) => sum + b.p * b.e.transitions, 0),
          units: branches.reduce((sum, b) => sum + b.p * b.e.units, 0),
        };
      }
      case 'pass':
      case 'succeed':
      case 'fail':
        return { sfnMs: overheadMs, transitions: 1, units: 0 };
    }
  }

  /** Attempts until one succeeds under the Retrier that takes the task's error (Σ p^k), and the delays between them. */
  private task(task: TaskState): Expected {
    const p = task.failureRate;
    const retrier = task.retriers.find((r) => errorMatches(r.errorEquals, task.error));
    const retries = retrier?.maxAttempts ?? 0;
    let attempts = 0;
    let delays = 0;
    for (let k = 0; k <= retries; k++) {
      const reached = Math.pow(p, k);
      attempts += reached;
      if (k > 0 && retrier) delays += reached * retryDelayMs(retrier, k - 1);
    }
    const waitMs = task.wait ? distributionMean(task.wait) : 0;
    const callMs = distributionMean(durationAtMemory(task.duration, task.memoryCurve, task.lambda.memoryMb));
    return { sfnMs: attempts * (callMs + waitMs + this.overheadMs) + delays, transitions: attempts, units: 0 };
  }
}

const ZERO: Expected = { sfnMs: 0, transitions: 0, units: 0 };

function add(a: Expected, b: Expected): Expected {
  return { sfnMs: a.sfnMs + b.sfnMs, transitions: a.transitions + b.transitions, units: a.units + b.units };
}
