/**
 * `lambda-managed`: the job as one function, on Lambda Managed Instances (re:Invent 2025) — EC2
 * capacity in the account that Lambda provisions, patches and scales. Billed
 * (https://aws.amazon.com/lambda/pricing/, "Lambda Managed Instances"):
 * - the EC2 on-demand price of the instances provisioned, per instance-hour;
 * - a management fee of 15% of that on-demand price, per instance-hour;
 * - $0.20 per million requests; no duration charge.
 *
 * The fleet, like AWS's own LMI pricing calculator's (aws-samples/sample-aws-lambda-managed-instances,
 * tools/pricing-calculator/docs/CALCULATOR_METHODOLOGY.md): the concurrency the workload needs by
 * Little's law (start rate × mean simulated duration, at the peak rate when the workload gives one),
 * execution environments of 2 GB and 1 vCPU (the smallest; 2 GB per vCPU is the default ratio),
 * each serving `concurrencyPerVcpu` requests per vCPU, packed onto instances after 1 vCPU and 1 GB
 * kept for the system, times 1.5 for headroom while capacity scales (it scales asynchronously on CPU
 * use: "If your traffic more than doubles within 5 minutes, you may see throttles",
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-scaling.html), at least
 * `minInstances` (three by default, one per Availability Zone), kept all month (730 hours): it does
 * not scale to zero.
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { someState, waits } from '../workload/graph.js';
import type { ManagedInstanceType, Workload } from '../workload/types.js';
import { MANAGED_MAX_TIMEOUT_MS } from '../workload/values.js';
import { constantValue, recordField } from './known-measures.js';
import { asyncRequestsPerEvent } from './lambda.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { noTransitions } from './shared-limits.js';
import { MS_PER_S, taskCategory, type ArchitectureModel, type CapacityRule, type Meter } from './types.js';
import { FIT_QUANTILE, fitsAsItIs, longWaitsText, splitLongTasks, timeoutFor, timeoutText, type RemedyContext } from './remedies.js';
import { formatDurationMs } from '../report/format.js';
import type { LimitResult } from '../report/model.js';
import { localeNumber } from '../report/locale-number.js';

/** vCPUs and memory (GiB) of each instance type (https://aws.amazon.com/ec2/instance-types/). */
export const INSTANCE_SIZES = {
  'm7g.large': { vcpus: 2, memoryGib: 8 },
  'm7g.xlarge': { vcpus: 4, memoryGib: 16 },
  'm7g.2xlarge': { vcpus: 8, memoryGib: 32 },
  'c7g.large': { vcpus: 2, memoryGib: 4 },
  'c7g.xlarge': { vcpus: 4, memoryGib: 8 },
  'c7g.2xlarge': { vcpus: 8, memoryGib: 16 },
  'm7i.large': { vcpus: 2, memoryGib: 8 },
  'm7i.xlarge': { vcpus: 4, memoryGib: 16 },
  'm7i.2xlarge': { vcpus: 8, memoryGib: 32 },
  'c7i.large': { vcpus: 2, memoryGib: 4 },
  'c7i.xlarge': { vcpus: 4, memoryGib: 8 },
  'c7i.2xlarge': { vcpus: 8, memoryGib: 16 },
} as const satisfies Record<ManagedInstanceType, { vcpus: number; memoryGib: number }>;

/** AWS's convention for a month of EC2 (365 × 24 / 12), as its LMI calculator uses it. */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3_600;
/** The smallest execution environment: 2 GB (Lambda Managed Instances' minimum), 1 vCPU at 2 GB per vCPU. */
const ENVIRONMENT_MIN_MB = 2_048;
const MB_PER_ENVIRONMENT_VCPU = 2_048;
/** Kept on every instance for the system (AWS's LMI calculator). */
const RESERVED_VCPUS = 1;
const RESERVED_MEMORY_MB = 1_024;
/** Headroom while capacity scales asynchronously (AWS's LMI calculator's scaling buffer). */
export const SCALING_HEADROOM = 1.5;

/** How a fleet is sized, for the label of its cost lines and for tests. */
export interface Fleet {
  readonly instances: number;
  readonly concurrency: number;
  readonly ratePerSecond: number;
  readonly meanDurationS: number;
  readonly requestsPerInstance: number;
}

/**
 * The instances a month needs: `busySeconds` is the month's total of execution seconds, so the
 * mean duration is busySeconds / executions, and the concurrency rate × mean duration (Little's law).
 */
export function managedFleet(workload: Workload, busySeconds: number, executionsPerMonth: number): Fleet {
  const { instanceType, minInstances, concurrencyPerVcpu } = workload.lambdaManaged;
  const size = INSTANCE_SIZES[instanceType];
  const environmentMb = Math.max(ENVIRONMENT_MIN_MB, workload.singleFunction.memoryMb);
  const environmentVcpus = Math.ceil(environmentMb / MB_PER_ENVIRONMENT_VCPU);
  const environmentsPerInstance = Math.max(
    1,
    Math.min(
      Math.floor((size.vcpus - RESERVED_VCPUS) / environmentVcpus),
      Math.floor((size.memoryGib * 1_024 - RESERVED_MEMORY_MB) / environmentMb),
    ),
  );
  const perEnvironment = environmentVcpus * concurrencyPerVcpu;
  const meanDurationS = executionsPerMonth > 0 ? busySeconds / executionsPerMonth : 0;
  const ratePerSecond = Math.max(workload.peakExecutionsPerSecond ?? 0, executionsPerMonth / SECONDS_PER_MONTH);
  const concurrency = ratePerSecond * meanDurationS;
  const environments = Math.max(1, Math.ceil(concurrency / perEnvironment));
  const base = Math.ceil(environments / environmentsPerInstance);
  return {
    instances: Math.max(minInstances, Math.ceil(base * SCALING_HEADROOM)),
    concurrency,
    ratePerSecond,
    meanDurationS,
    requestsPerInstance: environmentsPerInstance * perEnvironment,
  };
}

export const lambdaManagedArchitecture: ArchitectureModel = {
  id: 'lambda-managed',
  identity: {
    label: 'Lambda Managed Instances',
    shortName: 'Managed',
    inSentence: 'Lambda on Managed Instances',
    color: '#e7298a',
    management: 'managed',
    // The job runs in one invocation: after a failure it starts again from the beginning.
    afterFailure: 'restarts',
  },
  remedies: { 'managed-timeout': managedTimeoutRemedy },
  prepare(workload) {
    const { instanceType, timeoutMs, minInstances, concurrencyPerVcpu } = workload.lambdaManaged;
    const requestsPerExecution = workload.input.invocation === 'async' ? asyncRequestsPerEvent(workload.input.kb) : 1;
    // An execution holds its requests' slot until it ends, or until the timeout stops it.
    const busySeconds = (record: ExecutionRecord) => Math.min(record.lambdaWallMs, timeoutMs) / MS_PER_S;
    const fleet = (busy: number, executions: number) => managedFleet(workload, busy, executions);
    const instanceHours: CapacityRule = {
      monthly: (busy, executions) => fleet(busy, executions).instances * HOURS_PER_MONTH,
      label: (busy, executions) => {
        const f = fleet(busy, executions);
        return (
          `EC2 instances (${f.instances} × ${instanceType} all month: ${round(f.ratePerSecond)}/s × ${round(f.meanDurationS)} s = ` +
          `${round(f.concurrency)} concurrent, ${f.requestsPerInstance} per instance, ×${SCALING_HEADROOM} headroom, at least ${minInstances})`
        );
      },
    };
    const meters: Meter[] = [
      {
        id: 'managed-instances',
        label: `EC2 instances (${instanceType}, on demand)`,
        unit: 'instance-hours',
        priceKey: `lambda.managedInstance.${instanceType}`,
        measure: busySeconds,
        capacity: instanceHours,
      },
      {
        id: 'managed-fee',
        label: `Managed Instances management fee (15% of the ${instanceType} on-demand price)`,
        unit: 'instance-hours',
        priceKey: `lambda.managedFee.${instanceType}`,
        measure: busySeconds,
        capacity: { monthly: instanceHours.monthly },
      },
      {
        id: 'lambda-requests',
        label: requestsPerExecution > 1 ? `Managed Instances requests (${requestsPerExecution} per ${workload.input.kb} KB async event)` : 'Managed Instances requests',
        unit: 'requests',
        priceKey: 'lambda.managedRequests',
        measure: constantValue(requestsPerExecution),
      },
    ];
    const logs = cloudWatchLogsMeter(workload, { lambdaInvocations: constantValue(1), platformKb: LAMBDA_PLATFORM_LOG_KB });
    if (logs) meters.push(logs);
    const payloadLimit = workload.input.invocation === 'async' ? 'lambda-payload-async' : 'lambda-payload-sync';
    return {
      meters,
      limits: [
        {
          id: 'managed-timeout',
          label:
            timeoutMs === MANAGED_MAX_TIMEOUT_MS[workload.input.invocation]
              ? `Managed Instances function timeout (${timeoutMs / 60_000} minutes, ${workload.input.invocation === 'async' ? 'asynchronous' : 'synchronous'} invocation)`
              : 'Managed Instances function timeout (configured)',
          limit: timeoutMs,
          observe: recordField('lambdaWallMs'),
        },
        {
          id: payloadLimit,
          label: QUOTAS[payloadLimit].label,
          limit: QUOTAS[payloadLimit].value,
          observe: () => workload.input.kb,
          shares: 'constant',
        },
      ],
      durationMs: recordField('lambdaWallMs'),
      transitions: noTransitions,
      // The instances run whether the function computes or waits: every span holds capacity.
      timeline: { clock: 'lambda', singleFunctionInit: false, category: (event) => taskCategory(event) ?? 'billedWait' },
      caveats: [
        `Each execution environment serves up to ${concurrencyPerVcpu} requests per vCPU at once: the function's code must be thread-safe.`,
        'Capacity does not scale to zero and grows asynchronously: traffic that more than doubles within 5 minutes is throttled until instances are added.',
      ],
      stateHandling:
        'As one function: state lives in the invocation’s memory, nothing survives a crash or a timeout, and a failure re-runs the whole job. ' +
        'The function runs on EC2 instances that Lambda manages in your VPC, many requests at once per execution environment' +
        (someState(workload.graph, waits) ? '; waits hold a request slot on instances you pay for by the hour' : '') +
        '; the instances are billed by the hour whether busy or idle.',
    };
  },
};

function round(value: number): string {
  return localeNumber(Number(value.toPrecision(3)));
}

/** What would make a Managed Instances function fit its timeout (15 minutes synchronous, 90 asynchronous). */
function managedTimeoutRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const { workload } = context;
  const p999 = context.observed(FIT_QUANTILE);
  const max = MANAGED_MAX_TIMEOUT_MS[workload.input.invocation];
  if (p999 <= max) {
    return [`Raise the function's timeout from ${timeoutText(limit.limit)} to ${timeoutText(timeoutFor(p999))}: 99.9% of executions finish within ${formatDurationMs(p999)}.`];
  }
  if (workload.input.invocation === 'sync' && p999 <= MANAGED_MAX_TIMEOUT_MS.async) {
    return [
      `Invoke it asynchronously (input.invocation: async): Managed Instances then run it for up to 90 minutes, and 99.9% of executions finish within ${formatDurationMs(p999)}.`,
    ];
  }
  const waits = longWaitsText(workload, 60_000);
  if (waits) {
    return [
      `Take the waits out of the function: it holds a request slot through ${waits}, the job takes p99 ${formatDurationMs(limit.observedP99)}, ` +
        `and no invocation runs past ${timeoutText(max)}.${fitsAsItIs(context)}`,
    ];
  }
  return [
    `Run the steps in invocations of their own: the job runs p99 ${formatDurationMs(limit.observedP99)}, and no invocation runs past ${timeoutText(max)}.${fitsAsItIs(context)}`,
    ...splitLongTasks(workload, max),
  ];
}
