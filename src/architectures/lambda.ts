/**
 * `lambda`: the whole job inside one function invocation. Waits and retry sleeps run inside the
 * invocation and are billed as compute; the invocation is billed by the ms (rounded up,
 * https://aws.amazon.com/lambda/pricing/) at the single function's memory, and killed at its
 * timeout, which it is then billed for in full.
 */
import { QUOTAS } from '../limits/quotas.js';
import { someStep } from '../workload/walk.js';
import { MB_PER_GB, MS_PER_S, type ArchitectureModel } from './types.js';

export const lambdaArchitecture: ArchitectureModel = {
  id: 'lambda',
  label: 'One Lambda function',
  prepare(workload) {
    const { memoryMb, architecture, timeoutMs } = workload.singleFunction;
    const gbPerMs = memoryMb / MB_PER_GB / MS_PER_S;
    const hasWaits = someStep(workload.steps, (step) => step.kind === 'wait');
    return {
      id: 'lambda',
      label: 'One Lambda function',
      meters: [
        { id: 'lambda-requests', label: 'Lambda requests', unit: 'requests', priceKey: 'lambda.requests' },
        {
          id: 'lambda-duration',
          label: `Lambda duration (${memoryMb} MB, ${architecture})`,
          unit: 'GB-seconds',
          priceKey: `lambda.duration.${architecture}`,
        },
      ],
      limits: [
        {
          id: 'lambda-timeout',
          label:
            timeoutMs === QUOTAS['lambda-timeout'].value
              ? QUOTAS['lambda-timeout'].label + ' (15 minutes)'
              : `Lambda function timeout (configured, quota 15 minutes)`,
          limit: timeoutMs,
          observe: (record) => record.lambdaWallMs,
        },
      ],
      measure(record, out) {
        out[0] = 1;
        out[1] = Math.min(Math.ceil(record.lambdaWallMs), timeoutMs) * gbPerMs;
        return record.lambdaWallMs;
      },
      transitions: () => 0,
      stateHandling:
        'State lives in the function’s memory for one invocation: nothing survives a crash or a timeout, ' +
        'so a failure re-runs the whole job from the start and every step must be safe to repeat. ' +
        (hasWaits
          ? 'Waits are held inside the running invocation and billed as compute. '
          : '') +
        'Retries and their sleeps happen in your code, billed as compute.',
    };
  },
};
