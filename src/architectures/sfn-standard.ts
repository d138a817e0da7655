/**
 * `sfn-standard`: each step a state, each task its own Lambda invocation at its own memory.
 * Billed per state transition, every retry again (https://aws.amazon.com/step-functions/pricing/);
 * waiting is free. The Lambda functions behind the tasks are billed as usual.
 */
import { someWorkloadStep } from '../workload/walk.js';
import { sfnDurationMs, sfnTransitions, standardLimits, stateMachineLimits, statePayloadLimit, taskLambdaMeters, taskTimeoutLimit } from './shared-limits.js';
import type { ArchitectureModel } from './types.js';

export const sfnStandardArchitecture: ArchitectureModel = {
  id: 'sfn-standard',
  label: 'Step Functions Standard',
  prepare(workload) {
    const hasCallbacks = someWorkloadStep(workload, (step) => step.kind === 'wait' && step.mode === 'callback');
    return {
      id: 'sfn-standard',
      label: 'Step Functions Standard',
      meters: [
        {
          id: 'sfn-transitions',
          label: 'Standard state transitions',
          unit: 'transitions',
          priceKey: 'stepFunctions.standardTransitions',
          measure: sfnTransitions,
        },
        ...taskLambdaMeters(workload),
      ],
      limits: [
        ...standardLimits,
        statePayloadLimit(workload),
        taskTimeoutLimit,
        ...stateMachineLimits(workload),
      ],
      durationMs: sfnDurationMs,
      transitions: sfnTransitions,
      stateHandling:
        'Step Functions keeps the state between steps (up to 256 KB per state) and runs each execution exactly once; ' +
        'history is kept for 90 days, retries are declared per state, and a failed execution can be redriven from the failed state within 14 days. ' +
        (hasCallbacks ? 'Callback waits hold a task token at no charge while waiting. ' : '') +
        'Waiting costs nothing.',
    };
  },
};
