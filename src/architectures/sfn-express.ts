/**
 * `sfn-express`: billed per request and per GB-second of workflow duration, rounded up to 100 ms,
 * at the execution's memory in 64 MB chunks (https://aws.amazon.com/step-functions/pricing/; the
 * rules in src/pricing/express-billing.ts). Express runs at least once (asynchronous) and has no
 * callbacks.
 */
import { QUOTAS } from '../limits/quotas.js';
import { sfnDurationMs, sfnTransitions, stateMachineLimits, statePayloadLimit, taskInvocations, taskLambdaMeters, taskTimeoutLimit } from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { constantValue, recordField } from './known-measures.js';
import { someState } from '../workload/graph.js';
import { expressBilledMemoryMb, expressGbHours } from '../pricing/express-billing.js';
import { optional, taskCategory, type ArchitectureModel } from './types.js';

export const sfnExpressArchitecture: ArchitectureModel = {
  id: 'sfn-express',
  identity: { label: 'Step Functions Express', shortName: 'Express', inSentence: 'Step Functions Express', color: '#1b9e77', management: 'managed' },
  prepare(workload) {
    const { definitionKb } = workload.stepFunctions;
    const { payloadKb } = workload;
    return {
      meters: [
        {
          id: 'express-requests',
          label: 'Express requests',
          unit: 'requests',
          priceKey: 'stepFunctions.expressRequests',
          measure: constantValue(1),
        },
        {
          id: 'express-duration',
          label: 'Express duration',
          unit: 'GB-hours',
          priceKey: 'stepFunctions.expressDuration',
          // An execution past the 5-minute limit is stopped there (and billed up to it).
          measure: (record) => expressGbHours(record.sfnWallMs, expressBilledMemoryMb(definitionKb, payloadKb, record.mapParallelUnits)),
        },
        ...taskLambdaMeters(workload),
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: taskInvocations, platformKb: LAMBDA_PLATFORM_LOG_KB, stepFunctions: true })), // issue 18
      ],
      limits: [
        {
          id: 'express-duration',
          label: QUOTAS['express-duration'].label,
          limit: QUOTAS['express-duration'].value,
          observe: sfnDurationMs,
          shares: 'duration',
        },
        {
          id: 'express-callback',
          label: QUOTAS['express-callback'].label,
          limit: QUOTAS['express-callback'].value,
          observe: recordField('callbackWaits'),
        },
        statePayloadLimit(workload),
        taskTimeoutLimit,
        ...stateMachineLimits(workload),
        ...(someState(workload.graph, (state) => state.kind === 'task' && (state.pattern === 'sync' || state.pattern === 'activity'))
          ? [{ id: 'express-sync' as const, label: QUOTAS['express-sync'].label, limit: QUOTAS['express-sync'].value, observe: recordField('syncJobs') }]
          : []),
      ],
      durationMs: sfnDurationMs,
      transitions: sfnTransitions,
      // The whole workflow duration is billed, waiting included.
      timeline: { clock: 'sfn', singleFunctionInit: false, category: (event) => taskCategory(event) ?? 'billedWait' },
      caveats: ['Asynchronous Express runs at least once: make every step idempotent.'],
      stateHandling:
        'State lives only inside the running execution (up to 256 KB per state). Asynchronous Express runs at least once, ' +
        'so every step must be idempotent; history goes only to CloudWatch Logs, and a failed execution starts again from the beginning.',
    };
  },
};
