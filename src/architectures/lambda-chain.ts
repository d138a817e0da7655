/**
 * `lambda-chain`: the do-it-yourself alternative. Each step is its own Lambda function; the state
 * lives in a DynamoDB table (read at the start of each step, written at its end); steps hand over
 * through SQS messages (a wait of up to 15 minutes rides on the message's delay); longer waits are
 * EventBridge Scheduler one-time schedules; a callback resumes the chain through your own API
 * (one more function invocation; the API in front of it is not priced).
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { recordField } from './known-measures.js';
import { noTransitions, sfnDurationMs, taskLambdaMeters, taskTimeoutLimit } from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { optional, taskCategory, type ArchitectureModel } from './types.js';
import { formatLimitValue } from '../report/format.js';

/** DynamoDB: a write request unit per 1 KB, a (strongly consistent) read request unit per 4 KB. */
const WRITE_UNIT_KB = 1;
const READ_UNIT_KB = 4;
/** SendMessage, ReceiveMessage and DeleteMessage for each hand-over (a key, not the state: one 64 KB chunk). */
const SQS_REQUESTS_PER_HANDOVER = 3;

/** Step invocations plus the API handler that resumes each callback. */
const invocations = (record: ExecutionRecord): number => record.taskInvocations + record.callbackWaits;

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
    'dynamodb-item': (limit) => [
      `Keep the ${formatLimitValue(limit.observedP99, 'KB')} state in Amazon S3 and its key in the DynamoDB item, which holds at most 400 KB.`,
    ],
  },
  prepare(workload) {
    const writeUnits = Math.ceil(workload.payloadKb / WRITE_UNIT_KB);
    const readUnits = Math.ceil(workload.payloadKb / READ_UNIT_KB);
    const [requests, ...compute] = taskLambdaMeters(workload);
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
          measure: (record) =>
            SQS_REQUESTS_PER_HANDOVER * Math.max(0, record.taskInvocations - 1 - record.longWaits - record.callbackWaits),
        },
        {
          id: 'scheduler-invocations',
          label: 'EventBridge Scheduler (waits over 15 minutes)',
          unit: 'invocations',
          priceKey: 'supporting.schedulerInvocations',
          measure: recordField('longWaits'),
        },
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: invocations, platformKb: LAMBDA_PLATFORM_LOG_KB })), // issue 18
      ],
      limits: [
        taskTimeoutLimit,
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
      timeline: { clock: 'sfn', singleFunctionInit: false, category: (event) => taskCategory(event) ?? 'freeWait' },
      stateHandling:
        'Everything Step Functions would do is yours to build and run: state is written to DynamoDB after every step, so each ' +
        'step needs an idempotency key (SQS delivers at least once); retries, back-off and dead-letter queues, timeouts of ' +
        'stuck chains, resuming callbacks through your own API, and a view of where each execution stands.',
    };
  },
};
