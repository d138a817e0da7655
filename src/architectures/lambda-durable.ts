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
import { code, FIT_QUANTILE, listText, splitLongTasks, timeoutFor, timeoutText, type RemedyContext } from './remedies.js';
import { formatCount, formatDurationMs, formatLimitValue } from '../report/format.js';
import type { LimitResult } from '../report/model.js';
import { states } from '../workload/graph.js';

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
    afterFailure: 'resumes',
  },
  remedies: {
    'durable-invocation': durableInvocationRemedy,
    'durable-operations': durableOperationsRemedy,
    'durable-data-written': (limit) => [
      `Keep large results in Amazon S3 and checkpoint their keys: checkpoints write p99 ${formatLimitValue(limit.observedP99, 'KB')} per execution, over 100 MB.`,
    ],
    'durable-execution-time': () => ['Split the work into executions of under 366 days each, the longest a durable execution may run.'],
  },
  prepare(workload) {
    const { memoryMb, architecture, timeoutMs } = workload.singleFunction;
    const gbSecondsPerMs = memoryMb / MB_PER_GB / MS_PER_S;
    const retentionDays = workload.lambdaDurable.retentionDays;
    // Read once here: a per-execution function that reads the workload sees a new object shape in
    // each cell of a sweep, and V8 throws away its optimized code each time (a map's warm-up).
    const inputKb = workload.input.kb;
    const payloadKb = workload.payloadKb;
    const writtenKb = (record: ExecutionRecord) => inputKb + payloadKb * (record.taskInvocations + record.waits);
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

/** What would make a durable function fit (issue 15, remedies). */
function durableInvocationRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const p999 = context.observed(FIT_QUANTILE);
  if (p999 <= QUOTAS['lambda-timeout'].value) {
    return [
      `Raise the function's timeout from ${timeoutText(limit.limit)} to ${timeoutText(timeoutFor(p999))}: 99.9% of the stretches of computing between two waits end within ${formatDurationMs(p999)}.`,
    ];
  }
  return [
    `Add a wait (a checkpoint) inside the longest stretch of computing, or split its steps: it runs p99 ${formatDurationMs(limit.observedP99)} between two waits, and one invocation stops at 15 minutes.`,
    ...splitLongTasks(context.workload),
  ];
}

function durableOperationsRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const operations = Math.round(limit.observedP99);
  const group = Math.max(2, Math.ceil(operations / (0.9 * QUOTAS['durable-operations'].value)));
  const maps = [...states(context.workload.graph)].filter((s) => s.kind === 'map').map((s) => code(s.name));
  return [
    maps.length > 0
      ? `Checkpoint the items of ${listText(maps.slice(0, 3))} in groups of ${group} rather than one by one: p99 ${formatCount(operations)} durable operations per execution, over 3,000.`
      : `Combine steps into ${group}× fewer durable steps: p99 ${formatCount(operations)} durable operations per execution (one per step, wait and retry), over 3,000.`,
  ];
}
