/**
 * `lambda-chain`: the do-it-yourself alternative. Each step is its own Lambda function; the state
 * lives in a DynamoDB table (read at the start of each step, written at its end); steps hand over
 * through SQS messages (a wait of up to 15 minutes rides on the message's delay); longer waits are
 * EventBridge Scheduler one-time schedules; a callback resumes the chain through your own API
 * (one more function invocation; the API in front of it is not priced). A step that calls another
 * service (DynamoDB, Glue…) is a function that calls it and waits for the answer, or for the whole
 * `.sync` job: billed, and stopped at its timeout (issue 18.3).
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { recordField } from './known-measures.js';
import { noTransitions, sfnDurationMs, taskLambdaMeters, taskTimeoutLimit } from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { optional, taskCategory, type ArchitectureModel } from './types.js';
import { code, quantileOf } from './remedies.js';
import { formatDurationMs, formatLimitValue } from '../report/format.js';
import type { LimitResult } from '../report/model.js';
import { someState, states, type TaskState } from '../workload/graph.js';
import type { Workload } from '../workload/types.js';

/** DynamoDB: a write request unit per 1 KB, a (strongly consistent) read request unit per 4 KB. */
const WRITE_UNIT_KB = 1;
const READ_UNIT_KB = 4;
/** SendMessage, ReceiveMessage and DeleteMessage for each hand-over (a key, not the state: one 64 KB chunk). */
const SQS_REQUESTS_PER_HANDOVER = 3;

/**
 * Step invocations (a task's function, or the function that calls a service and waits for it:
 * issue 18.3) plus the API handler that resumes each callback.
 */
const steps = (record: ExecutionRecord): number => record.taskInvocations + record.serviceCalls;
const invocations = (record: ExecutionRecord): number => steps(record) + record.callbackWaits;
const MB_MS_PER_GB_S = 1024 * 1000;

export const lambdaChainArchitecture: ArchitectureModel = {
  id: 'lambda-chain',
  identity: {
    label: 'Chain of Lambda functions',
    shortName: 'Chain',
    inSentence: 'a chain of Lambda functions',
    color: '#a6761d',
    management: 'do-it-yourself',
    afterFailure: 'resumes',
  },
  remedies: {
    'service-wait': (limit, { workload }) => serviceWaitRemedies(limit, workload),
    'dynamodb-item': (limit) => [
      `Keep the ${formatLimitValue(limit.observedP99, 'KB')} state in Amazon S3 and its key in the DynamoDB item, which holds at most 400 KB.`,
    ],
  },
  prepare(workload) {
    const writeUnits = Math.ceil(workload.payloadKb / WRITE_UNIT_KB);
    const readUnits = Math.ceil(workload.payloadKb / READ_UNIT_KB);
    const [requests, ...compute] = taskLambdaMeters(workload);
    // issue 18.3: a step that calls another service (DynamoDB, Glue…) is a function that calls it and waits.
    const callsServices = someState(workload.graph, (s) => s.kind === 'task' && s.integration === 'service' && (s.pattern === 'request' || s.pattern === 'sync'));
    return {
      meters: [
        { ...requests!, label: 'Lambda requests (steps and callback resumes)', measure: invocations },
        ...compute,
        {
          id: 'dynamodb-writes',
          label: `DynamoDB writes (state after each step, ${writeUnits} WRU each)`,
          unit: 'write request units',
          priceKey: 'supporting.dynamodbWrites',
          measure: (record) => invocations(record) * writeUnits,
        },
        {
          id: 'dynamodb-reads',
          label: `DynamoDB reads (state before each step, ${readUnits} RRU each)`,
          unit: 'read request units',
          priceKey: 'supporting.dynamodbReads',
          measure: (record) => invocations(record) * readUnits,
        },
        {
          id: 'sqs-requests',
          label: 'SQS requests (hand-overs, short waits, retries)',
          unit: 'requests',
          priceKey: 'supporting.sqsRequests',
          // Every step after the first starts from a message, except those a schedule or a callback starts.
          measure: (record) => SQS_REQUESTS_PER_HANDOVER * Math.max(0, steps(record) - 1 - record.longWaits - record.callbackWaits),
        },
        {
          id: 'scheduler-invocations',
          label: 'EventBridge Scheduler (waits over 15 minutes)',
          unit: 'invocations',
          priceKey: 'supporting.schedulerInvocations',
          measure: recordField('longWaits'),
        },
        ...(callsServices
          ? [
              {
                id: 'lambda-service-wait' as const,
                label: `Lambda duration (steps that call a service and wait for it, ${workload.singleFunction.architecture})`,
                unit: 'GB-seconds',
                priceKey: `lambda.duration.${workload.singleFunction.architecture}` as const,
                measure: recordField('serviceCallMbMs', MB_MS_PER_GB_S),
              },
            ]
          : []),
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: invocations, platformKb: LAMBDA_PLATFORM_LOG_KB })), // issue 18
      ],
      limits: [
        taskTimeoutLimit,
        ...(callsServices
          ? [{ id: 'service-wait' as const, label: QUOTAS['service-wait'].label, limit: QUOTAS['service-wait'].value, observe: recordField('serviceCallTimeoutRatio') }]
          : []),
        {
          id: 'dynamodb-item',
          label: QUOTAS['dynamodb-item'].label,
          limit: QUOTAS['dynamodb-item'].value,
          observe: () => workload.payloadKb,
          shares: 'constant',
        },
      ],
      durationMs: sfnDurationMs,
      transitions: noTransitions,
      // Between steps nothing runs: a message waits in SQS, a schedule in EventBridge Scheduler.
      // A service's work is a step's function waiting for it: billed compute.
      timeline: { clock: 'sfn', singleFunctionInit: false, category: (event) => (event.kind === 'service' ? 'billedWait' : (taskCategory(event) ?? 'freeWait')) },
      stateHandling:
        'Everything Step Functions would do is yours to build and run: state is written to DynamoDB after every step, so each ' +
        'step needs an idempotency key (SQS delivers at least once); retries, back-off and dead-letter queues, timeouts of ' +
        'stuck chains, resuming callbacks through your own API, and a view of where each execution stands.',
    };
  },
};

/** A chain step that would wait for a service past 15 minutes: resume the chain from the job's end instead (issue 18.3). */
function serviceWaitRemedies(limit: LimitResult, workload: Workload): string[] {
  const long = [...states(workload.graph)]
    .filter((s): s is TaskState => s.kind === 'task' && s.integration === 'service' && (s.pattern === 'request' || s.pattern === 'sync'))
    .map((s) => ({ name: s.name, p99: quantileOf(s.duration, 0.99), timeoutMs: s.lambda.timeoutMs }))
    .filter((s) => s.p99 > s.timeoutMs * 0.8 || limit.exceedProbability > 0)
    .sort((a, b) => b.p99 - a.p99)
    .slice(0, 3);
  return long.map(
    (s) =>
      `Do not wait in a function for ${code(s.name)} (p99 ${formatDurationMs(s.p99)}): start it and resume the chain when it ends ` +
      `(an EventBridge rule on the job's state change, as a callback), so no function waits past ${formatDurationMs(s.timeoutMs)}.`,
  );
}
