/**
 * Which runs of short, consecutive steps to move from a Standard parent into Express children
 * (started with `states:startExecution.sync`), the pattern AWS recommends for cost
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cost-opt-exp-workflows.html).
 *
 * Decided once, from expected values, before the simulation: a child replaces its steps' parent
 * transitions with one (the Task state that starts it) plus an Express request and its duration.
 * Dynamic programming over each run of eligible top-level steps picks the cheapest split. A step
 * is eligible when nothing in it waits (timers and callbacks stay in the parent, where waiting is
 * free and callbacks are possible); a child is kept under a minute on average, well inside
 * Express's 5 minutes (the simulation checks that limit on every execution).
 */
import { INLINE_MAP_MAX_CONCURRENCY } from '../engine/compile-plan.js';
import type { RegionPrices } from '../pricing/catalog.js';
import { distributionMean } from '../workload/distributions.js';
import type { Step } from '../workload/types.js';
import { someStep } from '../workload/walk.js';
import { expressBilledMemoryMb } from './sfn-express.js';

export interface ExpressChild {
  /** Indexes of the first and last top-level steps it runs. */
  readonly first: number;
  readonly last: number;
  readonly names: readonly string[];
  readonly memoryMb: number;
  /** Expected saving per execution against leaving its steps in the parent (USD). */
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
  steps: readonly Step[],
  prices: RegionPrices,
  overheadMs: number,
  payloadKb: number,
): ExpressChild[] {
  const transition = prices.stepFunctions.standardTransitions.tiers[0]!.usd;
  const request = prices.stepFunctions.expressRequests.tiers[0]!.usd;
  const gbHour = prices.stepFunctions.expressDuration.tiers[0]!.usd;
  const expected = steps.map((step) => expectedOf(step, overheadMs));
  const eligible = steps.map((step) => !someStep([step], (s) => s.kind === 'wait'));

  const children: ExpressChild[] = [];
  let i = 0;
  while (i < steps.length) {
    if (!eligible[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < steps.length && eligible[end + 1]) end++;
    children.push(...bestSplit(i, end));
    i = end + 1;
  }
  return children;

  /** Cheapest split of steps first…last into parent steps and children (dynamic programming). */
  function bestSplit(first: number, last: number): ExpressChild[] {
    const count = last - first + 1;
    const best = new Float64Array(count + 1);
    const choice: (ExpressChild | undefined)[] = new Array(count + 1);
    const from = new Int32Array(count + 1);
    for (let end = 1; end <= count; end++) {
      const stepIndex = first + end - 1;
      best[end] = best[end - 1]! + expected[stepIndex]!.transitions * transition;
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
            names: steps.slice(first + start - 1, first + end).map((s) => s.name),
            memoryMb,
            savingUsd: parentCost - childCost,
          };
        }
      }
    }
    const picked: ExpressChild[] = [];
    for (let end = count; end > 0; end = from[end]!) {
      const child = choice[end];
      if (child) picked.unshift(child);
    }
    return picked;
  }
}

function expectedOf(step: Step, overheadMs: number): Expected {
  switch (step.kind) {
    case 'task': {
      const p = step.failureRate;
      const retries = step.retry?.maxAttempts ?? 0;
      let attempts = 0;
      let delays = 0;
      for (let k = 0; k <= retries; k++) {
        const reached = Math.pow(p, k);
        attempts += reached;
        if (k > 0 && step.retry) {
          delays += reached * Math.min(step.retry.intervalMs * Math.pow(step.retry.backoffRate, k - 1), step.retry.maxDelayMs);
        }
      }
      return { sfnMs: attempts * (distributionMean(step.duration) + overheadMs) + delays, transitions: attempts, units: 0 };
    }
    case 'wait':
      return { sfnMs: distributionMean(step.duration) + overheadMs, transitions: 1, units: 0 };
    case 'parallel': {
      const branches = step.branches.map((branch) => sequence(branch, overheadMs));
      return {
        sfnMs: Math.max(0, ...branches.map((b) => b.sfnMs)) + overheadMs,
        transitions: 1 + branches.reduce((sum, b) => sum + b.transitions, 0),
        units: step.branches.length + branches.reduce((sum, b) => sum + b.units, 0),
      };
    }
    case 'map': {
      const items = Math.min(step.items.max, Math.max(step.items.min, distributionMean(step.items.dist)));
      const concurrency = step.maxConcurrency === 0 ? INLINE_MAP_MAX_CONCURRENCY : Math.min(step.maxConcurrency, INLINE_MAP_MAX_CONCURRENCY);
      const item = sequence(step.steps, overheadMs);
      return {
        sfnMs: Math.ceil(items / concurrency) * item.sfnMs + overheadMs,
        transitions: 1 + items * item.transitions,
        units: items * (1 + item.units),
      };
    }
    case 'choice': {
      const branches = step.branches.map((branch) => ({ p: branch.probability, e: sequence(branch.steps, overheadMs) }));
      return {
        sfnMs: overheadMs + branches.reduce((sum, b) => sum + b.p * b.e.sfnMs, 0),
        transitions: 1 + branches.reduce((sum, b) => sum + b.p * b.e.transitions, 0),
        units: branches.reduce((sum, b) => sum + b.p * b.e.units, 0),
      };
    }
  }
}

function sequence(steps: readonly Step[], overheadMs: number): Expected {
  return steps.reduce(
    (sum, step) => {
      const e = expectedOf(step, overheadMs);
      return { sfnMs: sum.sfnMs + e.sfnMs, transitions: sum.transitions + e.transitions, units: sum.units + e.units };
    },
    { sfnMs: 0, transitions: 0, units: 0 },
  );
}
