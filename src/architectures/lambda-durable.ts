/**
 * `lambda-durable`: AWS Lambda durable functions (re:Invent 2025). One function whose steps are
 * checkpointed and whose waits suspend it without compute charges
 * (https://aws.amazon.com/lambda/pricing/, "Lambda Durable Functions Pricing"):
 * - compute for the steps at the function's memory (each step rounded up to 1 ms; replays of the
 *   orchestration code between steps are not modelled);
 * - requests: the first invocation and one more per resume (after each wait and each retry delay);
 * - durable operations: the start, each step attempt (retries included) and each wait;
 * - data written: the input once, and the state (payloadKb) per checkpointed step or wait;
 * - data retained: GB-month while the execution runs and for the retention period afterwards.
 * AWS's own worked example (aws-facts.md G8) is reproduced to the cent in test/golden.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { recordField } from './known-measures.js';
import { noTransitions, singleFunctionDurationMs } from './shared-limits.js';
import { MB_PER_GB, MS_PER_S, taskCategory, type ArchitectureModel } from './types.js';

/** Decimal units, as AWS's example uses them (104 KB × 1M executions = 104 GB). */
const KB_PER_GB = 1_000_000;
const MS_PER_DAY = 86_400_000;
const DAYS_PER_MONTH = 30;
export const DEFAULT_RETENTION_DAYS = 14;

export const lambdaDurableArchitecture: ArchitectureModel = {
  id: 'lambda-durable',
  identity: {
    label: 'Lambda durable function',
    shortName: 'Durable',
    inSentence: 'a Lambda durable function',
    color: '#7570b3',
    management: 'managed',
  },
  prepare(workload) {
    const { memoryMb, architecture, timeoutMs } = workload.singleFunction;
    const gbSecondsPerMs = memoryMb / MB_PER_GB / MS_PER_S;
    const retentionDays = workload.lambdaDurable.retentionDays;
    const writtenKb = (record: ExecutionRecord) => workload.input.kb + workload.payloadKb * (record.taskInvocations + record.waits);
    return {
      meters: [
        {
          id: 'lambda-requests',
          label: 'Lambda requests (first invocation + one per resume)',
          unit: 'requests',
          priceKey: 'lambda.requests',
          measure: (record) => 1 + record.waits + record.retries,
        },
        {
          id: 'lambda-duration',
          label: `Lambda duration (steps, ${memoryMb} MB, ${architecture})`,
          unit: 'GB-seconds',
          priceKey: `lambda.duration.${architecture}`,
          measure: (record) => record.singleFunctionBilledMs * gbSecondsPerMs,
        },
        ...(workload.singleFunction.coldStart
          ? [
              {
                id: 'lambda-init' as const,
                label: `Lambda INIT phase (cold starts, ${architecture})`,
                unit: 'GB-seconds',
                priceKey: `lambda.duration.${architecture}` as const,
                measure: (record: ExecutionRecord) => record.singleInitMs * gbSecondsPerMs,
              },
            ]
          : []),
        {
          id: 'durable-operations',
          label: 'Durable operations (start, steps, waits, retries)',
          unit: 'operations',
          priceKey: 'lambda.durableOperations',
          measure: (record) => 1 + record.taskInvocations + record.waits,
        },
        {
          id: 'durable-data-written',
          label: 'Durable data written (input + checkpoints)',
          unit: 'GB',
          priceKey: 'lambda.durableDataWritten',
          measure: (record) => writtenKb(record) / KB_PER_GB,
        },
        {
          id: 'durable-data-retained',
          label: `Durable data retained (while running + ${retentionDays} days)`,
          unit: 'GB-months',
          priceKey: 'lambda.durableDataRetained',
          measure: (record) =>
            (writtenKb(record) / KB_PER_GB) * ((record.lambdaWallMs / MS_PER_DAY + retentionDays) / DAYS_PER_MONTH),
        },
      ],
      limits: [
        {
          id: 'durable-execution-time',
          label: QUOTAS['durable-execution-time'].label,
          limit: QUOTAS['durable-execution-time'].value,
          observe: singleFunctionDurationMs,
          shares: 'duration',
        },
        {
          id: 'durable-invocation',
          label: 'Computing between two waits in one invocation (function timeout)',
          limit: timeoutMs,
          observe: recordField('longestStretchMs'),
        },
        {
          id: 'durable-operations',
          label: QUOTAS['durable-operations'].label,
          limit: QUOTAS['durable-operations'].value,
          observe: (record) => 1 + record.taskInvocations + record.waits,
        },
        {
          id: 'durable-data-written',
          label: QUOTAS['durable-data-written'].label,
          limit: QUOTAS['durable-data-written'].value,
          observe: writtenKb,
        },
      ],
      durationMs: singleFunctionDurationMs,
      transitions: noTransitions,
      // Waits and retry delays suspend the function: no compute is billed while it waits.
      timeline: { clock: 'lambda', singleFunctionInit: true, category: (event) => taskCategory(event) ?? 'freeWait' },
      stateHandling:
        'Lambda checkpoints every step’s result: after a wait, a crash or a timeout the function replays from the start and skips ' +
        'the steps already done, so code outside steps must be deterministic. Waits suspend the function at no compute charge; ' +
        `checkpoints are kept while it runs and ${retentionDays} days after (configurable 1–90). Retries are declared per step.`,
    };
  },
};
