/**
 * Policy × Report (× baseline Report) → one record per assertion that is on, lighthouse-ci style:
 * { id, level, expected, actual, passed, message }. A failed budget says by how much, and where
 * the policy sets it. Pure; bad input (a decision that was not analyzed, a missing or unusable
 * baseline) is a FlowcostError.
 */
import { contenders, DIY_MIN_SAVING, DIY_MIN_SAVING_USD } from '../advice/alternatives.js';
import { closest, FlowcostError } from '../errors/problem.js';
import { displayMonthlyTotal, formatLimitValue, formatPercent, formatUsd, formatUsdPerExecution } from '../report/format.js';
import type { ArchitectureReport, Report } from '../report/model.js';
import type { AssertionId, AssertionOptions, Policy, PresetId, SourceRef } from './policy.js';

/** How a record's expected and actual values read (see format.ts). */
export type ResultUnit = 'feasible' | 'usd-month' | 'usd-execution' | 'limit-ratio' | 'savings-percent' | 'increase-percent';

export interface AssertionResult {
  readonly id: AssertionId;
  readonly level: 'warn' | 'error';
  /** The threshold (a boolean for decision-feasible). */
  readonly expected: number | boolean;
  /** What was measured; null when it has no finite value (a zero limit reached, growth from $0). */
  readonly actual: number | boolean | null;
  readonly unit: ResultUnit;
  readonly passed: boolean;
  readonly message: string;
  /** The policy line that sets this assertion (or its preset's `extends:` line). */
  readonly at?: SourceRef;
  readonly origin: 'policy' | PresetId;
}

export interface CostDelta {
  readonly id: string;
  /** Monthly cost in the baseline; null when the baseline did not analyze this architecture. */
  readonly beforeUsd: number | null;
  /** Monthly cost now; null when this run did not analyze it. */
  readonly afterUsd: number | null;
  readonly deltaUsd: number;
  /** null when there is no (non-zero) cost to compare against. */
  readonly deltaPercent: number | null;
}

export interface BaselineDiff {
  readonly workload: string;
  readonly architectures: readonly CostDelta[];
}

export interface GateResult {
  readonly workload: string;
  readonly decision: string;
  readonly preset?: PresetId;
  readonly results: readonly AssertionResult[];
  readonly baseline?: BaselineDiff;
  /** With --precision only: how many samples the analysis ran, and why it stopped (the report's own fields). */
  readonly simulation?: { readonly samples: number; readonly precision: NonNullable<Report['simulation']['precision']> };
}

interface Context {
  readonly report: Report;
  readonly decision: ArchitectureReport;
  readonly baseline: Report | undefined;
}

interface Outcome {
  readonly expected: number | boolean;
  readonly actual: number | boolean | null;
  readonly passed: boolean;
  readonly message: string;
}

interface AssertionEvaluator<K extends AssertionId> {
  readonly unit: ResultUnit;
  evaluate(options: AssertionOptions[K], context: Context): Outcome;
}

/** Monthly cost as the report's table shows it (each line rounded to cents, then added). */
export function monthlyUsd(architecture: ArchitectureReport): number {
  return displayMonthlyTotal(architecture.monthlyCost.lines);
}

const EVALUATORS: { readonly [K in AssertionId]: AssertionEvaluator<K> } = {
  'decision-feasible': {
    unit: 'feasible',
    evaluate(_options, { decision }) {
      const broken = decision.limits.filter((limit) => limit.status === 'exceeded');
      const message =
        broken.length === 0
          ? `${decision.id} breaks no hard limit`
          : `${decision.id} is not feasible: ${broken
              .map(
                (limit) =>
                  `${formatPercent(limit.exceedProbability)} of executions break "${limit.label}" ` +
                  `(p99 ${formatLimitValue(limit.observedP99, limit.unit)}, limit ${formatLimitValue(limit.limit, limit.unit)})`,
              )
              .join('; ')}`;
      return { expected: true, actual: decision.feasible, passed: decision.feasible, message };
    },
  },
  'max-monthly-cost': {
    unit: 'usd-month',
    evaluate({ usd }, { decision }) {
      const actual = monthlyUsd(decision);
      return budgetOutcome(decision.id, actual, usd, 'per month', formatUsd);
    },
  },
  'max-cost-per-execution': {
    unit: 'usd-execution',
    evaluate({ usd }, { decision }) {
      return budgetOutcome(decision.id, decision.costPerExecution.mean, usd, 'per execution (mean)', formatUsdPerExecution);
    },
  },
  'limit-headroom': {
    unit: 'limit-ratio',
    evaluate({ maxRatio }, { decision }) {
      const ratios = decision.limits.map((limit) => ({ limit, ratio: limitRatio(limit.observedP99, limit.limit) }));
      const over = ratios.filter((r) => r.ratio > maxRatio);
      const worst = ratios.reduce<(typeof ratios)[number] | undefined>((a, b) => (a === undefined || b.ratio > a.ratio ? b : a), undefined);
      const actual = worst === undefined ? 0 : Number.isFinite(worst.ratio) ? worst.ratio : null;
      const describe = ({ limit, ratio }: (typeof ratios)[number]): string =>
        `"${limit.label}" p99 ${formatLimitValue(limit.observedP99, limit.unit)} of ${formatLimitValue(limit.limit, limit.unit)}` +
        (Number.isFinite(ratio) ? ` (${formatPercent(ratio)})` : '');
      if (over.length === 0) {
        return {
          expected: maxRatio,
          actual,
          passed: true,
          message: worst
            ? `${decision.id}'s p99 stays under ${formatPercent(maxRatio)} of every limit; the closest: ${describe(worst)}`
            : `${decision.id} has no limits to check`,
        };
      }
      return {
        expected: maxRatio,
        actual,
        passed: false,
        message:
          `${decision.id}'s p99 passes ${formatPercent(maxRatio)} of ${over.length === 1 ? 'a limit' : `${over.length} limits`}: ` +
          over
            .map((r) => describe(r) + (Number.isFinite(r.ratio) ? `, ${formatPoints(r.ratio - maxRatio)} over the headroom` : ''))
            .join('; '),
      };
    },
  },
  'cheaper-alternative': {
    unit: 'savings-percent',
    evaluate({ minSavingsPercent }, { report, decision }) {
      const decided = monthlyUsd(decision);
      // One rule with analyze's recommendation (advice/alternatives.ts): a do-it-yourself architecture
      // counts only when it saves enough over the cheapest managed one to be worth building.
      const { contenders: real, passedOver } = contenders(report.architectures);
      const alternatives = real
        .filter((a) => a.id !== decision.id)
        .map((a) => ({ id: a.id, usd: monthlyUsd(a), savingsPercent: decided > 0 ? ((decided - monthlyUsd(a)) / decided) * 100 : 0 }))
        .sort((a, b) => b.savingsPercent - a.savingsPercent);
      const best = alternatives[0];
      const notCounted = passedOver
        .filter((a) => a.id !== decision.id && monthlyUsd(a) < decided)
        .map(
          (a) =>
            `; ${a.id} would cost ${formatUsd(monthlyUsd(a))} but is orchestration you build yourself, counted only for a saving of ` +
            `${formatPercent(DIY_MIN_SAVING)} and ${formatUsd(DIY_MIN_SAVING_USD)} a month over the cheapest managed architecture (as analyze recommends)`,
        )
        .join('');
      if (!best) {
        return { expected: minSavingsPercent, actual: 0, passed: true, message: `no architecture other than ${decision.id} is feasible${notCounted}` };
      }
      const actual = Math.max(0, best.savingsPercent);
      const compared = `${formatUsd(best.usd)} instead of ${formatUsd(decided)} per month`;
      if (best.savingsPercent < minSavingsPercent) {
        return {
          expected: minSavingsPercent,
          actual,
          passed: true,
          message:
            (best.savingsPercent > 0
              ? `no feasible alternative is ${formatPercent(minSavingsPercent / 100)} cheaper; the cheapest, ${best.id}, would save ${formatPercent(best.savingsPercent / 100)} (${compared})`
              : notCounted
                ? `${decision.id} is the cheapest of the feasible architectures flowcost counts as alternatives`
                : `${decision.id} is the cheapest feasible architecture`) + notCounted,
        };
      }
      return {
        expected: minSavingsPercent,
        actual,
        passed: false,
        message:
          `${best.id} is feasible and ${formatPercent(best.savingsPercent / 100)} cheaper than ${decision.id}: ${compared}, ` +
          `saving ${formatUsd(decided - best.usd)} a month (threshold ${formatPercent(minSavingsPercent / 100)})`,
      };
    },
  },
  'max-cost-increase': {
    unit: 'increase-percent',
    evaluate({ percent }, { decision, baseline }) {
      if (!baseline) throw missingBaseline();
      const before = baselineArchitecture(baseline, decision.id);
      const beforeUsd = monthlyUsd(before);
      const afterUsd = monthlyUsd(decision);
      const change = `${formatUsd(beforeUsd)} → ${formatUsd(afterUsd)}, ${signedUsd(afterUsd - beforeUsd)}`;
      if (beforeUsd <= 0) {
        const passed = afterUsd <= 0;
        return {
          expected: percent,
          actual: passed ? 0 : null,
          passed,
          message: passed ? `${decision.id} costs nothing, as in the baseline` : `${decision.id} costs ${formatUsd(afterUsd)} per month where the baseline cost nothing`,
        };
      }
      const increase = ((afterUsd - beforeUsd) / beforeUsd) * 100;
      const passed = increase <= percent;
      return {
        expected: percent,
        actual: increase,
        passed,
        message: passed
          ? `${decision.id}'s monthly cost changed by ${signedPercent(increase)} (${change}), within the allowed +${formatPercent(percent / 100)}`
          : `${decision.id}'s monthly cost grew ${signedPercent(increase)} (${change}), ` +
            `${trimNumber(increase - percent)} percentage points over the allowed +${formatPercent(percent / 100)}`,
      };
    },
  },
};

export function evaluatePolicy(policy: Policy, report: Report, baseline?: Report): GateResult {
  const decision = decidedArchitecture(policy, report);
  checkBaselineNeeded(policy, baseline !== undefined);
  const context: Context = { report, decision, baseline };
  const results: AssertionResult[] = [];
  for (const assertion of policy.assertions) {
    if (assertion.level === 'off') continue;
    const evaluator = EVALUATORS[assertion.id];
    const outcome = evaluateWith(assertion.id, assertion.options, context);
    results.push({
      id: assertion.id,
      level: assertion.level,
      ...outcome,
      unit: evaluator.unit,
      message: outcome.passed ? outcome.message : `${outcome.message}${whereSet(assertion.origin, assertion.at)}`,
      ...(assertion.at ? { at: assertion.at } : {}),
      origin: assertion.origin,
    });
  }
  return {
    workload: report.workload.name,
    decision: decision.id,
    ...(policy.preset ? { preset: policy.preset } : {}),
    results,
    ...(baseline ? { baseline: diffAgainstBaseline(report, baseline) } : {}),
    ...(report.simulation.precision ? { simulation: { samples: report.simulation.samples, precision: report.simulation.precision } } : {}),
  };
}

function evaluateWith<K extends AssertionId>(id: K, options: AssertionOptions[K], context: Context): Outcome {
  const evaluator: AssertionEvaluator<K> = EVALUATORS[id];
  return evaluator.evaluate(options, context);
}

/** The decided architecture among `analyzed`, or a FlowcostError pointing at the policy's `decision:`. */
export function checkDecision(policy: Policy, analyzed: readonly string[]): void {
  if (analyzed.includes(policy.decision)) return;
  const suggestion = closest(policy.decision, analyzed);
  throw new FlowcostError([
    {
      code: 'semantic',
      ...(policy.decisionAt ?? {}),
      path: 'decision',
      message: `the decision "${policy.decision}" is not among the analyzed architectures`,
      expected: `one of ${analyzed.join(', ')}`,
      actual: policy.decision,
      hint: suggestion ? `did you mean "${suggestion}"?` : `decide on one of ${analyzed.join(', ')}`,
    },
  ]);
}

/** max-cost-increase compares against a baseline: without one, the gate cannot run. */
export function checkBaselineNeeded(policy: Policy, hasBaseline: boolean): void {
  if (hasBaseline) return;
  const assertion = policy.assertions.find((a) => a.id === 'max-cost-increase' && a.level !== 'off');
  if (assertion) throw missingBaseline(assertion.at);
}

function missingBaseline(at?: SourceRef): FlowcostError {
  return new FlowcostError([
    {
      code: 'usage',
      ...(at ?? {}),
      message: 'max-cost-increase is on, but no --baseline report was given',
      hint: 'pass --baseline with a report from "flowcost analyze WORKLOAD --format json" on the main branch, or set max-cost-increase: off',
    },
  ]);
}

function decidedArchitecture(policy: Policy, report: Report): ArchitectureReport {
  checkDecision(
    policy,
    report.architectures.map((a) => a.id),
  );
  return report.architectures.find((a) => a.id === policy.decision)!;
}

function baselineArchitecture(baseline: Report, id: string): ArchitectureReport {
  const found = baseline.architectures.find((a) => a.id === id);
  if (found) return found;
  throw new FlowcostError([
    {
      code: 'baseline',
      message: `the baseline report has no ${id} architecture to compare against`,
      expected: `a report that analyzed ${id}`,
      actual: baseline.architectures.map((a) => a.id).join(', ') || 'no architectures',
      hint: 'regenerate the baseline with "flowcost analyze WORKLOAD --format json" from the same flowcost version',
    },
  ]);
}

/** Per-architecture monthly cost change, in this run's order, then architectures only the baseline has. */
export function diffAgainstBaseline(report: Report, baseline: Report): BaselineDiff {
  const before = new Map(baseline.architectures.map((a) => [a.id as string, monthlyUsd(a)]));
  const after = new Map(report.architectures.map((a) => [a.id as string, monthlyUsd(a)]));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  return {
    workload: baseline.workload.name,
    architectures: ids.map((id) => {
      const b = before.get(id) ?? null;
      const a = after.get(id) ?? null;
      const deltaUsd = Math.round(((a ?? 0) - (b ?? 0)) * 100) / 100;
      return { id, beforeUsd: b, afterUsd: a, deltaUsd, deltaPercent: b !== null && b > 0 && a !== null ? (deltaUsd / b) * 100 : null };
    }),
  };
}

function budgetOutcome(id: string, actual: number, budget: number, per: string, format: (usd: number) => string): Outcome {
  const passed = actual <= budget;
  const difference = format(Math.abs(budget - actual));
  const share = budget > 0 ? ` (${formatPercent((actual - budget) / budget)})` : '';
  return {
    expected: budget,
    actual,
    passed,
    message: passed
      ? `${id} costs ${format(actual)} ${per}, ${difference} under the budget of ${format(budget)}`
      : `${id} costs ${format(actual)} ${per}: ${difference}${share} over the budget of ${format(budget)}`,
  };
}

/** observed / limit; a limit of 0 (a feature the architecture lacks) is infinitely far once used. */
function limitRatio(observed: number, limit: number): number {
  if (limit > 0) return observed / limit;
  return observed > 0 ? Infinity : 0;
}

function whereSet(origin: 'policy' | PresetId, at: SourceRef | undefined): string {
  const position = at ? `${at.file}:${at.line}` : undefined;
  if (origin === 'policy') return position ? ` — set at ${position}` : '';
  return ` — from preset "${origin}"${position ? ` (extends at ${position})` : ''}`;
}

function formatPoints(ratio: number): string {
  return `${trimNumber(ratio * 100)} percentage points`;
}

function signedUsd(usd: number): string {
  return usd < 0 ? `-${formatUsd(-usd)}` : `+${formatUsd(usd)}`;
}

export function signedPercent(percent: number): string {
  return `${percent < 0 ? '-' : '+'}${formatPercent(Math.abs(percent) / 100)}`;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(1)));
}
