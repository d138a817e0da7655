/**
 * The recommendation: the cheapest feasible architecture, with reasons that carry numbers.
 * Rules, in order: (1) an architecture with an exceeded hard limit is out, and each broken limit
 * becomes a reason; (2) among the rest the cheapest monthly cost wins (ties keep report order),
 * except that a do-it-yourself architecture (a chain of functions: orchestration you build and run)
 * must save at least 20% and $100 a month over the cheapest managed one to be recommended (less
 * does not pay for building and running it); (3) limits the winner is
 * near, and what its execution semantics demand, become caveats.
 */
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import type { ArchitectureReport, LimitResult, Recommendation } from '../report/model.js';
import { displayMonthlyTotal, formatLimitValue, formatPercent, formatUsd, formatUsdPerExecution } from '../report/format.js';

/** An architecture whose orchestration (state, retries, resumption, visibility) the team builds itself. */
const doItYourself = (a: ArchitectureReport): boolean => ARCHITECTURES[a.id].identity.management === 'do-it-yourself';
/** The saving a do-it-yourself architecture must bring over the cheapest managed one: a share and dollars a month. */
const DIY_MIN_SAVING = 0.2;
const DIY_MIN_SAVING_USD = 100;

/** `caveats`: what choosing each architecture demands of the team (from its module), said of the winner. */
export function recommend(
  architectures: readonly ArchitectureReport[],
  failureProbability: number,
  caveats: Partial<Record<ArchitectureId, readonly string[]>> = {},
): Recommendation {
  const reasons: string[] = [];
  const feasible = architectures.filter((a) => a.feasible);
  const cheapest = (candidates: readonly ArchitectureReport[]) =>
    candidates.reduce<ArchitectureReport | undefined>(
      (best, candidate) => (best === undefined || candidate.monthlyCost.total < best.monthlyCost.total ? candidate : best),
      undefined,
    );
  const cheapestOverall = cheapest(feasible);
  const cheapestManaged = cheapest(feasible.filter((a) => !doItYourself(a)));
  let best = cheapestOverall;
  let diyPassedOver: ArchitectureReport | undefined;
  if (
    cheapestOverall &&
    cheapestManaged &&
    doItYourself(cheapestOverall) &&
    (cheapestOverall.monthlyCost.total > (1 - DIY_MIN_SAVING) * cheapestManaged.monthlyCost.total ||
      cheapestManaged.monthlyCost.total - cheapestOverall.monthlyCost.total < DIY_MIN_SAVING_USD)
  ) {
    best = cheapestManaged;
    diyPassedOver = cheapestOverall;
  }

  if (best) {
    reasons.push(
      diyPassedOver
        ? `${best.label} is the cheapest managed architecture that fits: ${monthly(best)} per month ` +
            `(${formatUsdPerExecution(best.costPerExecution.mean)} per execution).`
        : `${best.label} is the cheapest architecture that fits: ${monthly(best)} per month ` +
            `(${formatUsdPerExecution(best.costPerExecution.mean)} per execution).`,
    );
    if (diyPassedOver) {
      const saving = 1 - diyPassedOver.monthlyCost.total / best.monthlyCost.total;
      reasons.push(
        `${diyPassedOver.label} would cost ${monthly(diyPassedOver)} per month (${formatPercent(saving)} less), but you would build and run ` +
          `the orchestration yourself; flowcost recommends that only for a saving of ${formatPercent(DIY_MIN_SAVING)} and ` +
          `${formatUsd(DIY_MIN_SAVING_USD)} a month or more.`,
      );
    }
    for (const other of feasible) {
      if (other === best || other === diyPassedOver) continue;
      reasons.push(`${other.label} also fits but costs ${monthly(other)} per month${compare(other, best)}.`);
    }
  } else {
    reasons.push('No architecture fits this workload: each one breaks a hard limit.');
  }

  for (const architecture of architectures) {
    for (const limit of architecture.limits) {
      if (limit.status === 'exceeded') reasons.push(`${architecture.label} is ruled out: ${describeBreach(limit)}.`);
    }
  }

  if (best) {
    for (const limit of best.limits) {
      if (limit.status === 'near') reasons.push(`Watch: ${describeNear(limit)}.`);
    }
    reasons.push(...(caveats[best.id] ?? []));
  }
  if (failureProbability > 0) {
    reasons.push(`${formatPercent(failureProbability)} of executions fail after exhausting their retries (in every architecture).`);
  }
  return { architecture: best?.id ?? null, reasons };
}

function monthly(architecture: ArchitectureReport): string {
  return formatUsd(displayMonthlyTotal(architecture.monthlyCost.lines));
}

function compare(other: ArchitectureReport, best: ArchitectureReport): string {
  const bestTotal = best.monthlyCost.total;
  const otherTotal = other.monthlyCost.total;
  if (bestTotal <= 0) return '';
  const ratio = otherTotal / bestTotal;
  if (ratio >= 2) return ` (${trimRatio(ratio)}× as much)`;
  return ` (${formatPercent(ratio - 1)} more)`;
}

function trimRatio(ratio: number): string {
  return ratio >= 100 ? Math.round(ratio).toLocaleString('en-US') : String(Number(ratio.toFixed(1)));
}

function describeBreach(limit: LimitResult): string {
  const share = formatPercent(limit.exceedProbability);
  switch (limit.id) {
    case 'lambda-timeout':
      return `${share} of executions run longer than the function's ${formatLimitValue(limit.limit, 'ms')} timeout (p99 duration ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'express-duration':
      return `${share} of executions run longer than Express's 5-minute limit (p99 duration ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'standard-execution-time':
      return `${share} of executions run longer than Standard's 1-year limit`;
    case 'standard-history-events':
      return `${share} of executions would write more than 25,000 history events (p99 about ${formatLimitValue(limit.observedP99, 'events')})`;
    case 'express-callback':
      return `${share} of executions reach a callback (task-token) wait, which Express does not support`;
    case 'state-payload':
      return `the ${formatLimitValue(limit.observedP99, 'KB')} payload is over the 256 KB state limit`;
    case 'task-timeout':
      return `a Lambda task runs past its own timeout in ${share} of executions`;
    case 'lambda-payload-sync':
      return `the ${formatLimitValue(limit.observedP99, 'KB')} input is over Lambda's 6 MB synchronous payload limit`;
    case 'lambda-payload-async':
      return `the ${formatLimitValue(limit.observedP99, 'KB')} event is over Lambda's 1 MB asynchronous event limit`;
    case 'state-timeout':
      return `${share} of executions run a state, or the whole state machine, past its TimeoutSeconds and fail with States.Timeout`;
    case 'task-heartbeat':
      return `a task runs longer than its HeartbeatSeconds in ${share} of executions: it fails with States.Timeout unless it sends heartbeats`;
    case 'definition-size':
      return `the ${formatLimitValue(limit.observedP99, 'KB')} definition is over Step Functions' 1 MB limit`;
    case 'express-sync':
      return `${share} of executions run a .sync job (or an activity), which Express does not support`;
    case 'durable-execution-time':
      return `${share} of executions run longer than a durable execution's 366 days`;
    case 'durable-invocation':
      return `${share} of executions compute for longer than the function's ${formatLimitValue(limit.limit, 'ms')} timeout between two waits (p99 ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'durable-operations':
      return `${share} of executions need more than 3,000 durable operations (p99 ${formatLimitValue(limit.observedP99, 'operations')})`;
    case 'durable-data-written':
      return `${share} of executions write more than 100 MB of checkpoints`;
    case 'dynamodb-item':
      return `the ${formatLimitValue(limit.observedP99, 'KB')} state is over DynamoDB's 400 KB item limit`;
    case 'express-child-duration':
      return `${share} of executions have an EXPRESS child of a Distributed Map running longer than 5 minutes (p99 ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'managed-timeout': // issue 18
      return `${share} of executions run longer than the function's ${formatLimitValue(limit.limit, 'ms')} timeout on Managed Instances (p99 duration ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'microvm-duration': // issue 18.6
      return `${share} of executions run longer than a MicroVM's 8 hours (p99 duration ${formatLimitValue(limit.observedP99, 'ms')})`;
    case 'hybrid-child-duration':
      return `${share} of executions have an Express child running longer than 5 minutes (p99 ${formatLimitValue(limit.observedP99, 'ms')})`;
  }
}

function describeNear(limit: LimitResult): string {
  if (limit.exceedProbability > 0) {
    return `${formatPercent(limit.exceedProbability)} of executions break "${limit.label}" (below the 0.1% that rules an architecture out)`;
  }
  return `p99 ${formatLimitValue(limit.observedP99, limit.unit)} is ${formatPercent(limit.observedP99 / limit.limit)} of "${limit.label}" (${formatLimitValue(limit.limit, limit.unit)})`;
}
