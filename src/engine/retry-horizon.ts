/**
 * How long a state may go on retrying before flowcost stops it (issue 14.3).
 *
 * A Retrier with `MaxAttempts: 99999999` and `BackoffRate: 2` waits 2^k seconds before its k-th
 * retry: without a bound the delays overflow to Infinity and one sample takes hours. No
 * architecture keeps an execution that long: Standard stops one at a year and a durable function
 * at 366 days (limits/quotas.ts). So a state's retries stop once the state has run longer than
 * the longest of them, each delay is capped there too, and every clock stays finite. A workload
 * whose retries can reach that far gets a note (retryHorizonNotes), and its durations read "at
 * least a year" against every limit.
 */
import { QUOTAS } from '../limits/quotas.js';
import { errorMatches, retryDelayMs, states, type Retrier, type StateGraph } from '../workload/graph.js';
import { localeNumber } from '../report/locale-number.js';

/** The longest any architecture lets an execution run (a durable function's 366 days). */
export const RETRY_HORIZON_MS = Math.max(QUOTAS['standard-execution-time'].value, QUOTAS['durable-execution-time'].value);

/**
 * The total delay of a Retrier's first `retries` retries without jitter (jitter only shortens
 * them), stopping once it passes the horizon: closed form for the part where the delay no longer
 * grows (MaxDelaySeconds reached, BackoffRate 1, or no interval).
 */
export function retryWaitMs(retrier: Retrier, retries: number): number {
  let total = 0;
  for (let k = 0; k < retries; k++) {
    const delay = Math.min(retryDelayMs(retrier, k), RETRY_HORIZON_MS);
    if (delay >= retrier.maxDelayMs || delay >= RETRY_HORIZON_MS || retrier.backoffRate <= 1 || delay === 0) {
      return Math.min(total + delay * (retries - k), Number.MAX_VALUE);
    }
    total += delay;
    if (total > RETRY_HORIZON_MS) return total;
  }
  return total;
}

/**
 * The retries a Retrier makes before its delays (on average: FULL jitter halves them) alone pass
 * the horizon, at most its MaxAttempts: the retries the simulation can make, for the work bound.
 */
export function retriesWithinHorizon(retrier: Retrier): number {
  const scale = retrier.fullJitter ? 0.5 : 1;
  let total = 0;
  for (let k = 0; k < retrier.maxAttempts; k++) {
    const delay = scale * Math.min(retryDelayMs(retrier, k), RETRY_HORIZON_MS);
    if (delay >= scale * retrier.maxDelayMs || retrier.backoffRate <= 1 || delay === 0) {
      // The delay is constant from here on: the retries that still fit, in closed form.
      const more = delay === 0 ? Infinity : Math.floor((RETRY_HORIZON_MS - total) / delay) + 1;
      return Math.min(retrier.maxAttempts, k + more);
    }
    total += delay;
    if (total > RETRY_HORIZON_MS) return k + 1;
  }
  return retrier.maxAttempts;
}

/** A note for each task whose failures can keep it retrying past the horizon. */
export function retryHorizonNotes(graph: StateGraph): string[] {
  const notes: string[] = [];
  for (const state of states(graph)) {
    if (state.kind !== 'task' || state.failureRate <= 0) continue;
    const retrier = state.retriers.find((r) => errorMatches(r.errorEquals, state.error));
    if (!retrier || retryWaitMs(retrier, retrier.maxAttempts) <= RETRY_HORIZON_MS) continue;
    notes.push(
      `"${state.name}" can go on retrying for longer than ${RETRY_HORIZON_MS / 86_400_000} days ` +
        `(${localeNumber(retrier.maxAttempts)} retries, back-off ×${retrier.backoffRate}` +
        `${Number.isFinite(retrier.maxDelayMs) ? `, at most ${retrier.maxDelayMs / 1000} s apart` : ', no MaxDelaySeconds'}): ` +
        `no architecture keeps an execution that long, so flowcost stops its retries there.`,
    );
  }
  return notes;
}
