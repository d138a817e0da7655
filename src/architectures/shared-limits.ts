/** Meters and limits that several architectures share. */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import type { LambdaArchitecture, Workload } from '../workload/types.js';
import { lambdaFunctions, someState, states } from '../workload/graph.js';
import { constantValue, recordField } from './known-measures.js';
import { MB_PER_GB, MS_PER_S, type LimitCheck, type Meter } from './types.js';

const MB_MS_PER_GB_S = MB_PER_GB * MS_PER_S;

/**
 * Observations the Step Functions architectures share. One function object each, so the simulation
 * computes and sketches them once per execution for all of them.
 */
export const sfnDurationMs = recordField('sfnWallMs');
export const sfnTransitions = recordField('transitions');
export const noTransitions = constantValue(0);
/** The job as one function sees it: INIT (when cold) and the whole run. */
export const singleFunctionDurationMs = (record: ExecutionRecord): number => record.singleInitMs + record.lambdaWallMs;
export const historyEvents = recordField('historyEvents');

export const standardExecutionTimeLimit: LimitCheck = {
  id: 'standard-execution-time',
  label: QUOTAS['standard-execution-time'].label,
  limit: QUOTAS['standard-execution-time'].value,
  observe: sfnDurationMs,
  shares: 'duration',
};

/** Standard's 25,000 history events, counted by `observe` (the hybrid's parent counts fewer). */
export function historyEventsLimit(observe: (record: ExecutionRecord) => number): LimitCheck {
  return { id: 'standard-history-events', label: QUOTAS['standard-history-events'].label, limit: QUOTAS['standard-history-events'].value, observe };
}

/** A Standard execution's own limits: one year, 25,000 history events. */
export const standardLimits: readonly LimitCheck[] = [standardExecutionTimeLimit, historyEventsLimit(historyEvents)];

/**
 * A Distributed Map with `ExecutionType: EXPRESS` starts Express child executions: each is billed as
 * Express (a request, and its duration rounded up to 100 ms at its own memory in 64 MB chunks;
 * https://aws.amazon.com/step-functions/pricing/) besides the parent's one transition per child, and
 * each stops at Express's 5 minutes. The meters for a Standard parent, and the limit for any parent.
 */
export function distributedExpressChildren(workload: Workload): { meters: Meter[]; limits: LimitCheck[] } {
  if (!someState(workload.graph, (s) => s.kind === 'map' && s.distributed && s.childType === 'EXPRESS')) return { meters: [], limits: [] };
  return {
    meters: [
      {
        id: 'express-requests',
        label: 'Express requests (Distributed Map children)',
        unit: 'requests',
        priceKey: 'stepFunctions.expressRequests',
        measure: recordField('childExpressRequests'),
      },
      {
        id: 'express-duration',
        label: 'Express duration (Distributed Map children)',
        unit: 'GB-hours',
        priceKey: 'stepFunctions.expressDuration',
        measure: recordField('childExpressGbHours'),
      },
    ],
    limits: [
      {
        id: 'express-child-duration',
        label: QUOTAS['express-child-duration'].label,
        limit: QUOTAS['express-child-duration'].value,
        observe: recordField('childExpressMaxMs'),
      },
    ],
  };
}

export function statePayloadLimit(workload: Workload): LimitCheck {
  const largestKb = Math.max(workload.payloadKb, workload.input.kb);
  return {
    id: 'state-payload',
    label: QUOTAS['state-payload'].label,
    limit: QUOTAS['state-payload'].value,
    observe: () => largestKb,
    shares: 'constant',
  };
}

export const taskTimeoutLimit: LimitCheck = {
  id: 'task-timeout',
  label: QUOTAS['task-timeout'].label, // issue 15.8: said plainly (the Value column says "each task’s own timeout")
  limit: QUOTAS['task-timeout'].value,
  observe: recordField('taskTimeoutRatio'),
};

/** Task-invocation quantities (every architecture with task states shares them). */
export const taskInvocations = recordField('taskInvocations');
const taskGbSeconds = recordField('taskMbMs', MB_MS_PER_GB_S);
const taskInitGbSeconds = recordField('taskInitMbMs', MB_MS_PER_GB_S);
const taskStorageGbSeconds = recordField('taskStorageMbMs', MB_MS_PER_GB_S);

/**
 * The Lambda functions behind task states: one request per invocation (Step Functions invokes
 * them synchronously), GB-s per invocation, INIT and ephemeral storage lines when the workload has them.
 */
export function taskLambdaMeters(workload: Workload): Meter[] {
  const architecture: LambdaArchitecture = workload.singleFunction.architecture;
  const meters: Meter[] = [
    {
      id: 'lambda-requests',
      label: 'Lambda requests (task invocations)',
      unit: 'requests',
      priceKey: 'lambda.requests',
      measure: taskInvocations,
    },
    {
      id: 'lambda-duration',
      label: `Lambda duration (tasks, ${architecture})`,
      unit: 'GB-seconds',
      priceKey: `lambda.duration.${architecture}`,
      measure: taskGbSeconds,
    },
  ];
  const functions = [...lambdaFunctions(workload.graph)];
  if (functions.some((lambda) => lambda.coldStart !== undefined)) {
    meters.push({
      id: 'lambda-init',
      label: `Lambda INIT phase (task cold starts, ${architecture})`,
      unit: 'GB-seconds',
      priceKey: `lambda.duration.${architecture}`,
      measure: taskInitGbSeconds,
    });
  }
  if (functions.some((lambda) => lambda.ephemeralStorageMb > 512)) {
    meters.push({
      id: 'lambda-ephemeral-storage',
      label: 'Lambda ephemeral storage above 512 MB (tasks)',
      unit: 'GB-seconds',
      priceKey: 'lambda.ephemeralStorage',
      measure: taskStorageGbSeconds,
    });
  }
  return meters;
}

/**
 * Limits of the state machine itself: its definition size (1 MB; measured for an imported
 * definition, estimated for a step tree), TimeoutSeconds of states and of the machine, and
 * HeartbeatSeconds of tasks (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html).
 */
export function stateMachineLimits(workload: Workload): LimitCheck[] {
  const graph = workload.graph;
  const all = [...states(graph)];
  const definitionKb = workload.stepFunctions.definitionKb;
  const limits: LimitCheck[] = [
    { id: 'definition-size', label: QUOTAS['definition-size'].label, limit: QUOTAS['definition-size'].value, observe: () => definitionKb, shares: 'constant' },
  ];
  if (Number.isFinite(graph.timeoutMs) || all.some((s) => Number.isFinite(s.timeoutMs))) {
    limits.push({ id: 'state-timeout', label: QUOTAS['state-timeout'].label, limit: 1, observe: recordField('stateTimeoutRatio') });
  }
  if (all.some((s) => s.kind === 'task' && Number.isFinite(s.heartbeatMs))) {
    limits.push({ id: 'task-heartbeat', label: QUOTAS['task-heartbeat'].label, limit: 1, observe: recordField('heartbeatRatio') });
  }
  return limits;
}
