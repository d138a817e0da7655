/**
 * Retry delays as each clock can wait them (issue 15.10). The workload describes the job: a step
 * tree may retry after 500 ms, and one function does, in its own code. Step Functions waits whole
 * seconds between retries, at least one (ASL IntervalSeconds and MaxDelaySeconds are positive
 * integers: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html), so
 * on its clock a delay is rounded up to whole seconds, as `flowcost export --asl` writes it.
 */
import { retryDelayMs, type Retrier } from '../workload/graph.js';

/** A delay Step Functions can wait: whole seconds, at least 1 s. */
export function wholeSecondsMs(ms: number): number {
  return Math.max(1000, Math.ceil(ms / 1000) * 1000);
}

/** Whether Step Functions waits this retrier's delays exactly (an imported definition's always are). */
export function waitsExactly(retrier: Retrier): boolean {
  return retrier.intervalMs % 1000 === 0 && retrier.intervalMs >= 1000 && (!Number.isFinite(retrier.maxDelayMs) || retrier.maxDelayMs % 1000 === 0);
}

/** The delay before retry k + 1 on the Step Functions clock: the retrier with its interval and cap in whole seconds. */
export function stepFunctionsRetryDelayMs(retrier: Retrier, retriesSoFar: number): number {
  return retryDelayMs(waitsExactly(retrier) ? retrier : stepFunctionsRetrier(retrier), retriesSoFar);
}

/** The retrier as Step Functions runs it: its interval and cap in whole seconds. */
export function stepFunctionsRetrier(retrier: Retrier): Retrier {
  const maxDelayMs = Number.isFinite(retrier.maxDelayMs) ? wholeSecondsMs(retrier.maxDelayMs) : Infinity;
  return { ...retrier, intervalMs: wholeSecondsMs(retrier.intervalMs), maxDelayMs };
}
