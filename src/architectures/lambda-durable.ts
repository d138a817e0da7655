/**
 * `lambda-durable`: AWS Lambda durable functions (re:Invent 2025). One function whose steps are
 * checkpointed and whose waits suspend it without compute charges
 * (https://aws.amazon.com/lambda/pricing/, "Lambda Durable Functions Pricing"):
 * - compute for the steps at the function's memory (each step rounded up to 1 ms), and on every
 *   resume the replay of the code outside steps ("Existing Lambda compute charges apply, including
 *   for sub-invocations from replays": `lambdaDurable.replayMs`, default 0);
 * - requests: the first invocation and one more per resume (after each wait and each retry delay);
 * - INIT: a resume after a wait longer than the environment stays warm (`lambdaDurable.keepWarm`,
 *   default 15 minutes; AWS publishes no figure) starts cold, and its INIT (the mean of
 *   `lambda.coldStarts.init`) is billed as on-demand INIT is since 1 August 2025;
 * - durable operations: the start, each step attempt (retries included) and each wait;
 * - data written: the input once, and the state (payloadKb) per checkpointed step or wait;
 * - data retained: GB-month while the execution runs and for the retention period afterwards.
 * AWS's own worked example (aws-facts.md G8) is reproduced to the cent in test/golden.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { distributionMean } from '../workload/distributions.js';
import { recordField } from './known-measures.js';
import { noTransitions, singleFunctionDurationMs } from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { MB_PER_GB, MS_PER_S, optional, taskCategory, type ArchitectureModel } from './types.js';

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
    const { replayMs } = workload.lambdaDurable;
    const invocations = (record: ExecutionRecord) => 1 + record.waits + record.retries;
    const coldStart = workload.singleFunction.coldStart;
    // INIT of a cold resume: the mean of the function's INIT distribution (no draw: the runs of the
    // other architectures keep their random numbers).
    const resumeInitMs = coldStart ? distributionMean(coldStart.init) : 0;
    return {
      meters: [
        {
          id: 'lambda-requests',
          label: 'Lambda requests (first invocation + one per resume)',
          unit: 'requests',
          priceKey: 'lambda.requests',
          measure: invocations,
        },
        {
          id: 'lambda-duration',
          label: replayMs > 0 ? `Lambda duration (steps + ${replayMs} ms replay per resume, ${memoryMb} MB, ${architecture})` : `Lambda duration (steps, ${memoryMb} MB, ${architecture})`,
          unit: 'GB-seconds',
          priceKey: `lambda.duration.${architecture}`,
          measure:
            replayMs > 0
              ? (record) => (record.singleFunctionBilledMs + Math.ceil(replayMs) * (record.waits + record.retries)) * gbSecondsPerMs
              : (record) => record.singleFunctionBilledMs * gbSecondsPerMs,
        },
        ...(coldStart
          ? [
              {
                id: 'lambda-init' as const,
                label: `Lambda INIT phase (cold starts, ${architecture})`,
                unit: 'GB-seconds',
                priceKey: `lambda.duration.${architecture}` as const,
                measure: (record: ExecutionRecord) => (record.singleInitMs + record.coldResumes * resumeInitMs) * gbSecondsPerMs,
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
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: invocations, platformKb: LAMBDA_PLATFORM_LOG_KB })), // issue 18
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
