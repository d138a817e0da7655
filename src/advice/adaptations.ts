/**
 * Where an architecture cannot express a value of the workload, flowcost models the closest value
 * it can and says so (issue 15.10). The workload describes the job, not one architecture.
 *
 * Retry delays: Step Functions waits whole seconds between retries, at least one (ASL
 * IntervalSeconds, MaxDelaySeconds); so does a durable function (NextAttemptDelaySeconds, an
 * integer from 1: https://docs.aws.amazon.com/lambda/latest/api/API_StepOptions.html), and a chain
 * re-queues a retry with an SQS delay in whole seconds (DelaySeconds). One function waits in its own code.
 */
import { wholeSecondsMs, waitsExactly } from '../engine/retry-delay.js';
import { formatDurationMs } from '../report/format.js';
import { states } from '../workload/graph.js';
import type { Workload } from '../workload/types.js';

export function adaptationNotes(workload: Workload): string[] {
  const notes: string[] = [];
  for (const state of states(workload.graph)) {
    if (state.kind !== 'task' && state.kind !== 'parallel' && state.kind !== 'map') continue;
    for (const retrier of state.retriers) {
      if (waitsExactly(retrier)) continue;
      const capped = Number.isFinite(retrier.maxDelayMs);
      const asWritten = `${formatDurationMs(retrier.intervalMs)}${capped ? ` (at most ${formatDurationMs(retrier.maxDelayMs)})` : ''}`;
      const rounded = `${formatDurationMs(wholeSecondsMs(retrier.intervalMs))}${capped ? ` (at most ${formatDurationMs(wholeSecondsMs(retrier.maxDelayMs))})` : ''}`;
      notes.push(
        `${state.name} retries after ${asWritten}: Step Functions waits only whole seconds between retries (IntervalSeconds, at least 1), ` +
          `so Standard, Express and the hybrid wait ${rounded}; one Lambda function waits ${asWritten}, in its own code. ` +
          `(A durable function's retries and a chain's re-queued messages wait whole seconds too, unbilled: their costs do not change.)`,
      );
    }
  }
  return notes;
}
