/**
 * The structure inside a scope of the state graph, found from its flow (Next, Choice targets,
 * Catch) with post-dominators: where the branches of each Choice rejoin, and the blocks of the top
 * level — the states between one point every execution passes and the next (for a step tree: its
 * top-level steps). Pure graph analysis, shared by the compiler, the work estimate, the hybrid
 * grouping and `flowcost export`.
 */
import { END_OF_SCOPE, successors, type Scope } from './graph.js';

/** Not a structured Choice (its branches do not rejoin before it can be entered again). */
export const UNSTRUCTURED = -2;

/**
 * The immediate post-dominator of each state: the first state that every path from it to the end
 * of the scope passes through (END_OF_SCOPE when only the end is; also for states that never end).
 * Cooper, Harvey and Kennedy's iterative algorithm on the reversed flow.
 */
export function postDominators(scope: Scope): Int32Array {
  const n = scope.states.length;
  const exit = n;
  const succ = scope.states.map((state) => {
    const next = successors(state);
    const terminal = state.kind === 'succeed' || state.kind === 'fail' || (state.kind !== 'choice' && state.next === END_OF_SCOPE);
    const choiceEnds = state.kind === 'choice' && state.targets.some((t) => t === END_OF_SCOPE);
    return terminal || choiceEnds || next.length === 0 ? [...new Set(next), exit] : [...new Set(next)];
  });
  const pred: number[][] = Array.from({ length: n + 1 }, () => []);
  succ.forEach((targets, from) => targets.forEach((to) => pred[to]!.push(from)));
  // Post-order of the reversed flow, from the exit.
  const order = new Int32Array(n + 1).fill(-1);
  const postorder: number[] = [];
  const stack: { node: number; at: number }[] = [{ node: exit, at: 0 }];
  order[exit] = -2;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const preds = pred[top.node]!;
    if (top.at < preds.length) {
      const p = preds[top.at++]!;
      if (order[p] === -1) {
        order[p] = -2;
        stack.push({ node: p, at: 0 });
      }
    } else {
      order[top.node] = postorder.push(top.node) - 1;
      stack.pop();
    }
  }
  const ipdom = new Int32Array(n + 1).fill(-1);
  ipdom[exit] = exit;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = ipdom[a]!;
      while (order[b]! < order[a]!) b = ipdom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = postorder.length - 2; k >= 0; k--) {
      const node = postorder[k]!;
      let idom = -1;
      for (const s of succ[node]!) {
        if (ipdom[s] === -1) continue;
        idom = idom === -1 ? s : intersect(s, idom);
      }
      if (idom !== -1 && ipdom[node] !== idom) {
        ipdom[node] = idom;
        changed = true;
      }
    }
  }
  const result = new Int32Array(n);
  for (let i = 0; i < n; i++) result[i] = ipdom[i] === -1 || ipdom[i] === exit ? END_OF_SCOPE : ipdom[i]!;
  return result;
}

/** States reachable from `from`'s successors without passing `stop` (END_OF_SCOPE: the end). */
export function regionAfter(scope: Scope, from: number, stop: number): Set<number> {
  const region = new Set<number>();
  const queue = successors(scope.states[from]!);
  while (queue.length > 0) {
    const s = queue.pop()!;
    if (s === stop || region.has(s)) continue;
    region.add(s);
    queue.push(...successors(scope.states[s]!));
  }
  return region;
}

/**
 * Where each Choice's branches rejoin (its immediate post-dominator, END_OF_SCOPE for the end of
 * the scope), or UNSTRUCTURED when a branch can come back to the Choice first; -1 for other states.
 */
export function choiceJoins(scope: Scope, ipdom: Int32Array = postDominators(scope)): Int32Array {
  const joins = new Int32Array(scope.states.length).fill(-1);
  scope.states.forEach((state, i) => {
    if (state.kind !== 'choice') return;
    const join = ipdom[i]!;
    joins[i] = regionAfter(scope, i, join).has(i) ? UNSTRUCTURED : join;
  });
  return joins;
}

export interface Blocks {
  /** The first state of each block, in the order an execution passes them. */
  readonly heads: readonly number[];
  /** The block each state of the scope belongs to (-1: none, e.g. unreachable). */
  readonly blockOf: Int32Array;
  /** Per block: its states, head first. */
  readonly members: readonly (readonly number[])[];
}

/**
 * The blocks of a scope: from StartAt, each block runs from a state to its immediate
 * post-dominator, so every execution that gets that far passes each block's head in turn.
 */
export function blocksOf(scope: Scope, ipdom: Int32Array = postDominators(scope)): Blocks {
  const heads: number[] = [];
  const blockOf = new Int32Array(scope.states.length).fill(-1);
  const members: number[][] = [];
  const seen = new Set<number>();
  for (let head = scope.startAt; head !== END_OF_SCOPE && !seen.has(head); head = ipdom[head]!) {
    seen.add(head);
    const block = heads.push(head) - 1;
    const states = [head];
    if (blockOf[head] === -1) blockOf[head] = block;
    for (const s of [...regionAfter(scope, head, ipdom[head]!)].sort((a, b) => a - b)) {
      if (blockOf[s] !== -1) continue;
      blockOf[s] = block;
      states.push(s);
    }
    members.push(states);
  }
  return { heads, blockOf, members };
}
