/**
 * The recommendation: the cheapest architecture that fits, with reasons that carry numbers.
 * Rules, in order:
 *  1. an architecture with an exceeded hard limit is out, and each broken limit becomes a reason;
 *  2. among the real alternatives (alternatives.ts: a do-it-yourself one must save 20% and $100 a
 *     month over the cheapest managed one) the cheapest wins;
 *  3. when the runner-up costs about the same (margin.ts: within 5% or $10 a month), the other
 *     grounds decide: managed over do-it-yourself, limit headroom, state handling after a failure;
 *  4. where the simulation's uncertainty touches the decision (confidence.ts) it says so, with
 *     the `--samples` that would settle it;
 *  5. limits the winner is near, what its execution semantics demand, and how executions fail
 *     (after retries, in a Fail state, running away) become caveats.
 */
import { ARCHITECTURES, type ArchitectureId } from '../architectures/index.js';
import { listText } from '../architectures/remedies.js';
import { MAX_STATES_SIMULATED } from '../engine/compile.js';
import type { ExecutionOutcomes } from '../engine/simulate.js';
import type { ArchitectureReport, Interval, LimitResult, Recommendation } from '../report/model.js';
import { displayMonthlyTotal, formatCount, formatLimitValue, formatPercent, formatUsd, formatUsdPerExecution } from '../report/format.js';
import { contenders, DIY_MIN_SAVING, DIY_MIN_SAVING_USD, feasibleByCost } from './alternatives.js';
import { overlap, samplesToSettle, straddlesThreshold } from './confidence.js';
import { closeInCost, decideOnOtherGrounds, groundAgainst, marginOf, NEGLIGIBLE_PERCENT } from './margin.js';
import { localeNumber } from '../report/locale-number.js';

export interface RecommendInput {
  /** Executions simulated, and the most `--samples` allows (for the words on uncertainty). */
  readonly samples: number;
  readonly maxSamples: number;
  readonly failureProbability: number;
  readonly outcomes: ExecutionOutcomes;
  /** The job has more than one step (then picking up at the failed step differs from starting again). */
  readonly multiStep: boolean;
  /** What choosing each architecture demands of the team (from its module), said of the winner. */
  readonly caveats?: Partial<Record<ArchitectureId, readonly string[]>>;
}

/** A job shorter than this (at the median) loses little by starting again after a failure. */
const RESUMING_MATTERS_MS = 60_000;

type Option = Omit<ArchitectureReport, 'remedies'> & Partial<Pick<ArchitectureReport, 'remedies'>>;

export function recommend(architectures: readonly Option[], input: RecommendInput): Recommendation {
  const reasons: string[] = [];
  // Picking up at the failed step is a ground only where starting again loses something: a job of
  // several steps that takes a minute or more (a 100 ms request that starts again loses 100 ms).
  const resumingMatters = input.multiStep && architectures.some((a) => a.durationMs.p50 >= RESUMING_MATTERS_MS);
  const { contenders: ranked, passedOver } = contenders(architectures);
  const cheapest = ranked[0];
  const margin = marginOf(ranked);
  let best = cheapest;
  if (cheapest && margin?.negligible) best = decideOnOtherGrounds(ranked.filter((a) => closeInCost(cheapest, a)), resumingMatters).best as Option;
  const runnerUp = best === cheapest ? ranked[1] : cheapest;
  const mentioned = new Set<Option>();

  if (best && cheapest) {
    mentioned.add(best);
    const perExecution = `(${formatUsdPerExecution(best.costPerExecution.mean)} per execution)`;
    if (best === cheapest) {
      const kind = passedOver.length > 0 ? 'managed architecture' : 'architecture';
      reasons.push(`${best.label} is the cheapest ${kind} that fits: ${monthly(best)} per month ${perExecution}.`);
    } else {
      mentioned.add(cheapest);
      const ground = groundAgainst(best, cheapest, resumingMatters);
      reasons.push(
        `${best.label} fits and ${closeness(cheapest, best, `than ${ARCHITECTURES[cheapest.id].identity.inSentence}`)}. ` +
          `flowcost recommends it because ${ground?.sentence ?? 'it wins on the other grounds'}.`,
      );
    }
    if (runnerUp && margin?.negligible && best === cheapest) {
      mentioned.add(runnerUp);
      const ground = groundAgainst(best, runnerUp, resumingMatters);
      reasons.push(
        `${runnerUp.label} ${closeness(best, runnerUp, '')}` +
          (ground
            ? `, and ${ground.sentence}.`
            : `, and neither is ahead on being managed, on limit headroom or on state handling: choose the one your team knows.`),
      );
    }
    if (runnerUp && overlap(best.monthlyCost.interval, runnerUp.monthlyCost.interval)) {
      reasons.push(
        `The simulation cannot tell ${best.label} and ${runnerUp.label} apart: their 95% intervals overlap ` +
          `(${interval(best.monthlyCost.interval)} and ${interval(runnerUp.monthlyCost.interval)} a month, from ${formatCount(input.samples)} simulated executions).`,
      );
    }
    for (const diy of passedOver) {
      mentioned.add(diy);
      const saving = 1 - diy.monthlyCost.total / best.monthlyCost.total;
      reasons.push(
        `${diy.label} would cost ${monthly(diy)} per month (${formatPercent(saving)} less), but you would build and run ` +
          `the orchestration yourself; flowcost recommends that only for a saving of ${formatPercent(DIY_MIN_SAVING)} and ` +
          `${formatUsd(DIY_MIN_SAVING_USD)} a month or more.`,
      );
    }
    for (const other of feasibleByCost(architectures)) {
      if (mentioned.has(other)) continue;
      reasons.push(`${other.label} also fits but costs ${monthly(other)} per month${compare(other, best)}.`);
    }
  } else {
    reasons.push('No architecture fits this workload: each one breaks a hard limit.');
  }

  for (const architecture of architectures) {
    const breaches = architecture.limits.filter((limit) => limit.status === 'exceeded').map(describeBreach);
    if (breaches.length > 0) reasons.push(`${architecture.label} is ruled out: ${breaches.join('; ')}.`);
  }

  reasons.push(...uncertainLimits(architectures, best, input));

  if (best) {
    for (const limit of best.limits) {
      if (limit.status === 'near') reasons.push(`Watch: ${describeNear(limit)}.`);
    }
    reasons.push(...(input.caveats?.[best.id] ?? []));
  }
  const outcomes = outcomeSentence(input);
  if (outcomes) reasons.push(outcomes);
  return { architecture: best?.id ?? null, reasons, ...(margin ? { margin } : {}) };
}

/**
 * Limits whose 95% interval leaves it open which side of the 0.1% threshold they are on, where
 * that could change the answer: the winner's, and those of a cheaper option they rule out.
 */
function uncertainLimits(architectures: readonly Option[], best: Option | undefined, input: RecommendInput): string[] {
  const out: string[] = [];
  for (const a of architectures) {
    const matters = a === best || best === undefined || (!a.feasible && a.monthlyCost.total < best.monthlyCost.total);
    if (!matters) continue;
    const uncertain = a.limits.filter((l) => (l.exceedProbability > 0 || l.status === 'near') && straddlesThreshold(l.exceedProbabilityInterval));
    if (uncertain.length === 0) continue;
    const parts = uncertain.map(
      (l, i) =>
        `${formatPercent(l.exceedProbability)}${i === 0 ? ' of executions' : ''} (95% interval ${formatPercent(l.exceedProbabilityInterval.low)}–` +
        `${formatPercent(l.exceedProbabilityInterval.high)}) break "${l.label}"`,
    );
    const settle = Math.max(...uncertain.map((l) => samplesToSettle(l.exceedProbability, input.maxSamples) ?? Infinity));
    out.push(
      `Whether ${ARCHITECTURES[a.id].identity.inSentence} fits rests on few samples: ${listText(parts)}, from ${formatCount(input.samples)} simulated executions, ` +
        `either side of the 0.1% that rules an architecture out; ` +
        (Number.isFinite(settle)
          ? `run with --samples ${formatCount(settle)} to settle it.`
          : `it is so close to 0.1% that more samples will not settle it: treat it as at the limit.`),
    );
  }
  return out;
}

/** "1.2% of executions fail after exhausting their retries, and 8.3% end in a Fail state …" (issue 15.7). */
function outcomeSentence(input: RecommendInput): string | undefined {
  const { failedAfterRetries, endedInFailState, ranAway, caughtAndHandled } = input.outcomes;
  const parts: string[] = [];
  if (failedAfterRetries > 0) parts.push(`${formatPercent(failedAfterRetries)} fail after exhausting their retries`);
  if (endedInFailState > 0) parts.push(`${formatPercent(endedInFailState)} end in a Fail state`);
  if (ranAway > 0) {
    parts.push(`${formatPercent(ranAway)} run away (a loop that never ends: flowcost stops one after ${formatCount(MAX_STATES_SIMULATED)} states)`);
  }
  const caught = caughtAndHandled > 0 ? `in ${formatPercent(caughtAndHandled)} an error is caught and handled by a Catch` : '';
  if (parts.length === 0) return caught ? `In every architecture, ${caught}, and the execution goes on.` : undefined;
  parts[0] = parts[0]!.replace(/^(\S+) /, '$1 of executions ');
  return `In every architecture, ${listText(parts)}${caught ? `; ${caught}` : ''}.`;
}

function monthly(architecture: Pick<ArchitectureReport, 'monthlyCost'>): string {
  return formatUsd(displayMonthlyTotal(architecture.monthlyCost.lines));
}

function interval({ low, high }: Interval): string {
  return `${formatUsd(low)}–${formatUsd(high)}`;
}

/**
 * "costs about the same ($262.10 per month, 1.9% more)" when within 5%; "costs only $7.64 a month
 * more ($11.26 per month)" when the dollars are what is small. `than`: " than X" or ''.
 */
function closeness(cheaper: Option, dearer: Option, than: string): string {
  const usd = dearer.monthlyCost.total - cheaper.monthlyCost.total;
  const percent = cheaper.monthlyCost.total > 0 ? (usd / cheaper.monthlyCost.total) * 100 : Infinity;
  if (percent < NEGLIGIBLE_PERCENT) {
    return `costs about the same${than ? ` as ${than.replace(/^than /, '')}` : ''} (${monthly(dearer)} per month, ${formatPercent(percent / 100)} more): too close for the price to decide`;
  }
  return `costs only ${formatUsd(usd)} a month more${than ? ` ${than}` : ''} (${monthly(dearer)} per month): too little for the price to decide`;
}

function compare(other: Option, best: Option): string {
  const bestTotal = best.monthlyCost.total;
  const otherTotal = other.monthlyCost.total;
  if (bestTotal <= 0) return '';
  const ratio = otherTotal / bestTotal;
  if (ratio >= 2) return ` (${trimRatio(ratio)}× as much)`;
  if (ratio < 1) return ` (${formatPercent(1 - ratio)} less)`;
  return ` (${formatPercent(ratio - 1)} more)`;
}

function trimRatio(ratio: number): string {
  return ratio >= 100 ? localeNumber(Math.round(ratio)) : String(Number(ratio.toFixed(1)));
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
    case 'service-wait':
      return `in ${share} of executions a step's function would wait for a service call or job past its timeout (p99 ${Math.round(limit.observedP99 * 100)}% of it)`;
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
