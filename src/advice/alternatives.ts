/**
 * What counts as a real alternative (issue 15.6): one rule for `analyze`'s recommendation and for
 * `gate`'s `cheaper-alternative`, so the gate never names an architecture that analyze would refuse
 * to recommend for the same saving.
 *
 * Every feasible managed architecture is a contender. A do-it-yourself one (a chain of functions:
 * state, retries, resumption and visibility you build and run) is one only when it saves at least
 * 20% and $100 a month over the cheapest feasible managed one, or when no managed one fits: a
 * smaller saving does not pay for building and running the orchestration (an engineer-day of
 * building it, and its on-call, cost more than $100 a month).
 */
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import type { ArchitectureReport } from '../report/model.js';

/** The saving a do-it-yourself architecture must bring over the cheapest managed one: a share and dollars a month. */
export const DIY_MIN_SAVING = 0.2;
export const DIY_MIN_SAVING_USD = 100;

export function isDoItYourself(id: ArchitectureId): boolean {
  return ARCHITECTURES[id].identity.management === 'do-it-yourself';
}

/** The architectures that fit, cheapest first (ties keep report order). */
export function feasibleByCost<A extends Pick<ArchitectureReport, 'id' | 'feasible' | 'monthlyCost'>>(architectures: readonly A[]): A[] {
  return architectures
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.feasible)
    .sort((x, y) => x.a.monthlyCost.total - y.a.monthlyCost.total || x.i - y.i)
    .map(({ a }) => a);
}

/** Whether a do-it-yourself architecture costing `diyUsd` a month pays off against a managed one costing `managedUsd`. */
export function diyPaysOff(diyUsd: number, managedUsd: number): boolean {
  return diyUsd <= (1 - DIY_MIN_SAVING) * managedUsd && managedUsd - diyUsd >= DIY_MIN_SAVING_USD;
}

export interface Contenders<A> {
  /** The architectures flowcost would recommend on cost, cheapest first. */
  readonly contenders: readonly A[];
  /** Feasible do-it-yourself architectures left out: cheaper than the cheapest managed one, not by enough. */
  readonly passedOver: readonly A[];
  /** The cheapest feasible managed architecture, if any. */
  readonly cheapestManaged: A | undefined;
}

export function contenders<A extends Pick<ArchitectureReport, 'id' | 'feasible' | 'monthlyCost'>>(architectures: readonly A[]): Contenders<A> {
  const feasible = feasibleByCost(architectures);
  const cheapestManaged = feasible.find((a) => !isDoItYourself(a.id));
  const kept: A[] = [];
  const passedOver: A[] = [];
  for (const a of feasible) {
    if (!isDoItYourself(a.id) || !cheapestManaged || diyPaysOff(a.monthlyCost.total, cheapestManaged.monthlyCost.total)) kept.push(a);
    else if (a.monthlyCost.total < cheapestManaged.monthlyCost.total) passedOver.push(a);
  }
  return { contenders: kept, passedOver, cheapestManaged };
}
