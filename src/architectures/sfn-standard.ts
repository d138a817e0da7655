/**
 * `sfn-standard`: each step a state, each task its own Lambda invocation at its own memory.
 * Billed per state transition, every retry again (https://aws.amazon.com/step-functions/pricing/);
 * waiting is free. The Lambda functions behind the tasks are billed as usual.
 */
import { someState, waitsForToken } from '../workload/graph.js';
import {
  distributedExpressChildren,
  sfnDurationMs,
  sfnTransitions,
  standardLimits,
  stateMachineLimits,
  statePayloadLimit,
  taskInvocations,
  taskLambdaMeters,
  taskTimeoutLimit,
} from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { optional, taskCategory, type ArchitectureModel } from './types.js';

export const sfnStandardArchitecture: ArchitectureModel = {
  id: 'sfn-standard',
  identity: { label: 'Step Functions Standard', shortName: 'Standard', inSentence: 'Step Functions Standard', color: '#1f5fa8', management: 'managed', afterFailure: 'resumes' },
  prepare(workload) {
    const hasCallbacks = someState(workload.graph, waitsForToken);
    const mapChildren = distributedExpressChildren(workload);
    return {
      meters: [
        {
          id: 'sfn-transitions',
          label: 'Standard state transitions',
          unit: 'transitions',
          priceKey: 'stepFunctions.standardTransitions',
          measure: sfnTransitions,
        },
        ...mapChildren.meters,
        ...taskLambdaMeters(workload),
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: taskInvocations, platformKb: LAMBDA_PLATFORM_LOG_KB, stepFunctions: true })), // issue 18
      ],
      limits: [
        ...standardLimits,
        ...mapChildren.limits,
        statePayloadLimit(workload),
        taskTimeoutLimit,
        ...stateMachineLimits(workload),
      ],
      durationMs: sfnDurationMs,
      transitions: sfnTransitions,
      // Waiting (timers, callbacks, retry intervals, between polls) is free.
      timeline: { clock: 'sfn', singleFunctionInit: false, category: (event) => taskCategory(event) ?? 'freeWait' },
      stateHandling:
        'Step Functions keeps the state between steps (up to 256 KB per state) and runs each execution exactly once; ' +
        'history is kept for 90 days, retries are declared per state, and a failed execution can be redriven from the failed state within 14 days. ' +
        (hasCallbacks ? 'Callback waits hold a task token at no charge while waiting. ' : '') +
        'Waiting costs nothing.',
    };
  },
};
