/**
 * Margins (issue 15, capability 1): how far apart the two cheapest real options are, and when they
 * are too close for the price to decide, what does.
 *
 * Negligible: less than 5% apart, or less than $10 a month apart.
 *  - 5%: a forecast's inputs (volume, durations, failure rates) are rarely known better than that,
 *    and flowcost leaves out costs that come to a few percent of such a bill (CloudWatch Logs,
 *    X-Ray, data transfer), so a smaller gap can turn around in production.
 *  - $10 a month ($120 a year): less than an hour of an engineer's time a year; no architecture is
 *    worth choosing for that.
 * Then, among the options within that margin of the cheapest, in order: a managed one over a
 * do-it-yourself one; fewer limits it comes near (headroom); one that picks up at the failed step
 * after a failure over one that starts again from the beginning (when the job has several steps and
 * takes a minute or more: a short job loses little by starting again); and only then the price.
 */
import { ARCHITECTURES } from '../architectures/index.js';
import type { ArchitectureReport, Margin } from '../report/model.js';
import { isDoItYourself } from './alternatives.js';

export const NEGLIGIBLE_PERCENT = 5;
export const NEGLIGIBLE_USD = 10;

type Option = Pick<ArchitectureReport, 'id' | 'label' | 'monthlyCost' | 'limits'>;

/** Whether `other` costs about what `cheapest` costs (see the thresholds above). */
export function closeInCost(cheapest: Option, other: Option): boolean {
  const usd = other.monthlyCost.total - cheapest.monthlyCost.total;
  return usd < NEGLIGIBLE_USD || (cheapest.monthlyCost.total > 0 && (usd / cheapest.monthlyCost.total) * 100 < NEGLIGIBLE_PERCENT);
}

/** The margin between the cheapest option and the runner-up (options cheapest first; undefined with fewer than two). */
export function marginOf(options: readonly Option[]): Margin | undefined {
  const [cheapest, runnerUp] = options;
  if (!cheapest || !runnerUp) return undefined;
  const usd = runnerUp.monthlyCost.total - cheapest.monthlyCost.total;
  return {
    usd,
    percent: cheapest.monthlyCost.total > 0 ? (usd / cheapest.monthlyCost.total) * 100 : null,
    negligible: closeInCost(cheapest, runnerUp),
    between: [cheapest.id, runnerUp.id],
  };
}

/** A ground on which one option beats another, in words ("… picks up at the failed step …"). */
export interface Ground {
  readonly winner: Option;
  readonly loser: Option;
  readonly sentence: string;
}

const nearLimits = (a: Option) => a.limits.filter((l) => l.status === 'near');

/**
 * The best of `close` (options of about the same cost, cheapest first) on the grounds other than
 * price, and the ground that decided it against the cheapest (undefined when the cheapest wins).
 */
export function decideOnOtherGrounds(close: readonly Option[], resumingMatters: boolean): { best: Option; ground: Ground | undefined } {
  const cheapest = close[0]!;
  const rank = (a: Option): readonly number[] => [
    isDoItYourself(a.id) ? 1 : 0,
    nearLimits(a).length,
    resumingMatters && ARCHITECTURES[a.id].identity.afterFailure === 'restarts' ? 1 : 0,
  ];
  let best = cheapest;
  for (const a of close.slice(1)) if (compare(rank(a), rank(best)) < 0) best = a;
  if (best === cheapest) return { best, ground: undefined };
  return { best, ground: groundAgainst(best, cheapest, resumingMatters) };
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Why `winner` beats `loser`, on the first of those grounds where it does (undefined: on none). */
export function groundAgainst(winner: Option, loser: Option, resumingMatters: boolean): Ground | undefined {
  const w = ARCHITECTURES[winner.id].identity;
  const l = ARCHITECTURES[loser.id].identity;
  if (w.management === 'managed' && l.management === 'do-it-yourself') {
    return { winner, loser, sentence: `${w.inSentence} is run by AWS, where ${l.inSentence} is orchestration you would build and run yourself` };
  }
  if (w.management !== l.management) return undefined;
  const wNear = nearLimits(winner).length;
  const lNear = nearLimits(loser).length;
  if (wNear < lNear) {
    const near = nearLimits(loser).map((limit) => `"${limit.label}"`);
    return {
      winner,
      loser,
      sentence:
        wNear === 0
          ? `${w.inSentence} stays clear of its limits, where ${l.inSentence} comes near ${near.join(' and ')}`
          : `${w.inSentence} comes near fewer of its limits (${wNear} against ${lNear})`,
    };
  }
  if (wNear > lNear) return undefined;
  if (resumingMatters && w.afterFailure === 'resumes' && l.afterFailure === 'restarts') {
    return { winner, loser, sentence: `after a failure ${w.inSentence} picks up at the failed step, where ${l.inSentence} starts the whole job again` };
  }
  return undefined;
}
