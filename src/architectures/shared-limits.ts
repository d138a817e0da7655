/** Limits and meters that every Step Functions architecture shares. */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import type { LambdaArchitecture, Workload } from '../workload/types.js';
import { MB_PER_GB, MS_PER_S, type LimitCheck, type Meter } from './types.js';

export function statePayloadLimit(workload: Workload): LimitCheck {
  return {
    id: 'state-payload',
    label: QUOTAS['state-payload'].label,
    limit: QUOTAS['state-payload'].value,
    observe: () => workload.payloadKb,
  };
}

export const taskTimeoutLimit: LimitCheck = {
  id: 'task-timeout',
  label: 'Longest Lambda task invocation ÷ its timeout',
  limit: QUOTAS['task-timeout'].value,
  observe: (record: ExecutionRecord) => record.taskTimeoutRatio,
};

/** The Lambda functions behind task states: one request per invocation, GB-s per invocation. */
export function taskLambdaMeters(architecture: LambdaArchitecture): readonly Meter[] {
  return [
    { id: 'lambda-requests', label: 'Lambda requests (task invocations)', unit: 'requests', priceKey: 'lambda.requests' },
    {
      id: 'lambda-duration',
      label: `Lambda duration (tasks, ${architecture})`,
      unit: 'GB-seconds',
      priceKey: `lambda.duration.${architecture}`,
    },
  ];
}

export function taskGbSeconds(record: ExecutionRecord): number {
  return record.taskMbMs / MB_PER_GB / MS_PER_S;
}
