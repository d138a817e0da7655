/**
 * `lambda`: the whole job inside one function invocation. Waits and retry sleeps run inside the
 * invocation and are billed as compute; the invocation is billed by the ms, INIT + INVOKE rounded
 * up as one figure (https://aws.amazon.com/lambda/pricing/; INIT billed since 1 Aug 2025), at the
 * single function's memory, and killed at its timeout, which it is then billed for in full.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { someState, waits } from '../workload/graph.js';
import { constantValue, recordField } from './known-measures.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { noTransitions, singleFunctionDurationMs } from './shared-limits.js';
import { MB_PER_GB, MS_PER_S, taskCategory, type ArchitectureModel, type Meter } from './types.js';
import { FIT_QUANTILE, fitsAsItIs, longWaitsText, splitLongTasks, timeoutFor, timeoutText, type RemedyContext } from './remedies.js';
import type { LimitResult } from '../report/model.js';
import { formatDurationMs } from '../report/format.js';

/** An asynchronous event above 256 KB is billed one more request per 64 KB (https://aws.amazon.com/lambda/pricing/). */
const ASYNC_FREE_EVENT_KB = 256;
const ASYNC_CHUNK_KB = 64;

export function asyncRequestsPerEvent(eventKb: number): number {
  return 1 + Math.max(0, Math.ceil((eventKb - ASYNC_FREE_EVENT_KB) / ASYNC_CHUNK_KB));
}

export const lambdaArchitecture: ArchitectureModel = {
  id: 'lambda',
  identity: { label: 'One Lambda function', shortName: 'Lambda', inSentence: 'one Lambda function', color: '#d95f02', management: 'managed', afterFailure: 'restarts' },
  remedies: { 'lambda-timeout': lambdaTimeoutRemedy },
  prepare(workload) {
    const { memoryMb, architecture, timeoutMs, ephemeralStorageMb, coldStart } = workload.singleFunction;
    const gbSecondsPerMs = memoryMb / MB_PER_GB / MS_PER_S;
    const extraStorageGbSecondsPerMs = Math.max(0, ephemeralStorageMb - 512) / MB_PER_GB / MS_PER_S;
    const requestsPerExecution = workload.input.invocation === 'async' ? asyncRequestsPerEvent(workload.input.kb) : 1;
    const billedMs = (record: ExecutionRecord) => Math.ceil(record.singleInitMs + Math.min(record.lambdaWallMs, timeoutMs));
    const hasWaits = someState(workload.graph, waits);

    const meters: Meter[] = [
      {
        id: 'lambda-requests',
        label: requestsPerExecution > 1 ? `Lambda requests (${requestsPerExecution} per ${workload.input.kb} KB async event)` : 'Lambda requests',
        unit: 'requests',
        priceKey: 'lambda.requests',
        measure: constantValue(requestsPerExecution),
      },
      {
        id: 'lambda-duration',
        label: `Lambda duration (${memoryMb} MB, ${architecture})`,
        unit: 'GB-seconds',
        priceKey: `lambda.duration.${architecture}`,
        measure: (record) => (billedMs(record) - record.singleInitMs) * gbSecondsPerMs,
      },
    ];
    if (coldStart) {
      meters.push({
        id: 'lambda-init',
        label: `Lambda INIT phase (cold starts, ${architecture})`,
        unit: 'GB-seconds',
        priceKey: `lambda.duration.${architecture}`,
        measure: (record) => record.singleInitMs * gbSecondsPerMs,
      });
    }
    if (extraStorageGbSecondsPerMs > 0) {
      meters.push({
        id: 'lambda-ephemeral-storage',
        label: `Lambda ephemeral storage (${ephemeralStorageMb - 512} MB above 512 MB)`,
        unit: 'GB-seconds',
        priceKey: 'lambda.ephemeralStorage',
        measure: (record) => billedMs(record) * extraStorageGbSecondsPerMs,
      });
    }
    const logs = cloudWatchLogsMeter(workload, { lambdaInvocations: constantValue(1), platformKb: LAMBDA_PLATFORM_LOG_KB }); // issue 18
    if (logs) meters.push(logs);
    const payloadLimitKb = workload.input.invocation === 'async' ? QUOTAS['lambda-payload-async'].value : QUOTAS['lambda-payload-sync'].value;
    return {
      meters,
      limits: [
        {
          id: 'lambda-timeout',
          label:
            timeoutMs === QUOTAS['lambda-timeout'].value
              ? `${QUOTAS['lambda-timeout'].label} (15 minutes)`
              : 'Lambda function timeout (configured; quota 15 minutes)',
          limit: timeoutMs,
          observe: recordField('lambdaWallMs'),
        },
        {
          id: workload.input.invocation === 'async' ? 'lambda-payload-async' : 'lambda-payload-sync',
          label: QUOTAS[workload.input.invocation === 'async' ? 'lambda-payload-async' : 'lambda-payload-sync'].label,
          limit: payloadLimitKb,
          observe: () => workload.input.kb,
          shares: 'constant',
        },
      ],
      durationMs: singleFunctionDurationMs,
      transitions: noTransitions,
      // Everything happens inside the running invocation: waits and retry sleeps are billed compute.
      timeline: { clock: 'lambda', singleFunctionInit: true, category: (event) => taskCategory(event) ?? 'billedWait' },
      stateHandling:
        'State lives in the function’s memory for one invocation: nothing survives a crash or a timeout, ' +
        'so a failure re-runs the whole job from the start and every step must be safe to repeat. ' +
        (hasWaits ? 'Waits are held inside the running invocation and billed as compute. ' : '') +
        'Retries and their sleeps happen in your code, billed as compute.',
    };
  },
};

/** What would make one function fit its timeout (issue 15, remedies). */
function lambdaTimeoutRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const { workload } = context;
  const p999 = context.observed(FIT_QUANTILE);
  if (p999 <= QUOTAS['lambda-timeout'].value) {
    return [
      `Raise the function's timeout from ${timeoutText(limit.limit)} to ${timeoutText(timeoutFor(p999))}: 99.9% of executions finish within ${formatDurationMs(p999)}.`,
    ];
  }
  const waits = longWaitsText(workload, 60_000);
  if (waits) {
    return [
      `Take the waits out of the function: it stays running, and billed, through ${waits}, the job takes p99 ${formatDurationMs(limit.observedP99)}, ` +
        `and no function runs past 15 minutes.${fitsAsItIs(context)}`,
    ];
  }
  return [
    `Run the steps in invocations of their own: the job computes for p99 ${formatDurationMs(limit.observedP99)}, and no invocation runs past 15 minutes.${fitsAsItIs(context)}`,
    ...splitLongTasks(workload),
  ];
}
