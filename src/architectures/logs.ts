/**
 * CloudWatch Logs, when a workload asks for them (`logs:`), priced as ingestion per GB
 * (https://aws.amazon.com/cloudwatch/pricing/): one `cloudwatch-logs` line per architecture.
 *
 * - Lambda writes its platform lines on every invocation — START, END and REPORT
 *   (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html): about 70, 50 and
 *   160 bytes with a request id, plus 26 bytes per event as CloudWatch Logs counts an event's size
 *   (PutLogEvents), 0.36 KB in all (an estimate) — and the application's own log per invocation.
 * - Step Functions at level ALL writes one log event per execution history event (the record's
 *   historyEvents, counted as AWS records them; an Express execution logs the same events and keeps no
 *   other history); at ERROR only the error events, counted here as the failed attempts that were
 *   retried plus TaskFailed and ExecutionFailed of an execution that failed (errors a Catch handles
 *   are not counted); at OFF none (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
import type { ExecutionRecord } from '../engine/execution.js';
import type { Workload } from '../workload/types.js';
import type { Meter } from './types.js';

export const LAMBDA_PLATFORM_LOG_KB = 0.36;
/** Decimal units, as flowcost uses them for data elsewhere (durable functions). */
const KB_PER_GB = 1_000_000;

export interface LogSources {
  /** Lambda invocations in one execution (each writes platform lines and the application's log). */
  readonly lambdaInvocations: (record: ExecutionRecord) => number;
  /** Lambda's platform lines per invocation, in KB. */
  readonly platformKb: number;
  /** Whether the architecture runs a Step Functions execution that logs at the workload's level. */
  readonly stepFunctions?: boolean;
}

/** The architecture's `cloudwatch-logs` meter, or undefined when the workload has no `logs`. */
export function cloudWatchLogsMeter(workload: Workload, sources: LogSources): Meter | undefined {
  const logs = workload.logs;
  if (!logs) return undefined;
  const lambdaKb = sources.platformKb + logs.lambdaKbPerInvocation;
  const { level, kbPerEvent } = logs.stepFunctions;
  const sfnLevel = sources.stepFunctions ? level : 'OFF';
  const events =
    sfnLevel === 'ALL'
      ? (record: ExecutionRecord) => record.historyEvents
      : sfnLevel === 'ERROR'
        ? (record: ExecutionRecord) => record.retries + 2 * record.failed
        : () => 0;
  const { lambdaInvocations } = sources;
  const parts = [`Lambda ${round(lambdaKb)} KB per invocation`, ...(sfnLevel === 'OFF' ? [] : [`Step Functions ${sfnLevel} at ${round(kbPerEvent)} KB per event`])];
  return {
    id: 'cloudwatch-logs',
    label: `CloudWatch Logs ingestion (${parts.join(', ')})`,
    unit: 'GB',
    priceKey: 'supporting.cloudwatchLogs',
    measure: (record) => (lambdaInvocations(record) * lambdaKb + events(record) * kbPerEvent) / KB_PER_GB,
  };
}

function round(kb: number): string {
  return String(Number(kb.toPrecision(3)));
}
