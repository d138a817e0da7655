/**
 * AWS service quotas that decide whether an architecture can run a workload at all.
 * Each value with the page it comes from (see ../shared/aws-facts.md §4).
 */
export const QUOTAS = {
  'lambda-timeout': {
    label: 'Lambda function timeout',
    value: 900_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'standard-execution-time': {
    label: 'Standard execution time (1 year)',
    value: 365 * 86_400_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'standard-history-events': {
    label: 'Standard execution history (25,000 events)',
    value: 25_000,
    unit: 'events',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'express-duration': {
    label: 'Express execution time (5 minutes)',
    value: 300_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'express-callback': {
    label: 'Express does not support .waitForTaskToken callbacks',
    value: 0,
    unit: 'callbacks',
    source: 'https://aws.amazon.com/blogs/compute/building-cost-effective-aws-step-functions-workflows/',
  },
  'state-payload': {
    label: 'Step Functions state payload (256 KB)',
    value: 256,
    unit: 'KB',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'lambda-payload-sync': {
    label: 'Lambda synchronous invocation payload (6 MB)',
    value: 6 * 1024,
    unit: 'KB',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'lambda-payload-async': {
    label: 'Lambda asynchronous event (1 MB)',
    value: 1024,
    unit: 'KB',
    source: 'https://aws.amazon.com/about-aws/whats-new/2025/10/aws-lambda-payload-size-256-kb-1-mb-invocations/',
  },
  'task-timeout': {
    label: 'Lambda task timeout (each invocation)',
    value: 1,
    unit: 'ratio',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'state-timeout': {
    label: 'TimeoutSeconds of a state or of the state machine (from the definition)',
    value: 1,
    unit: 'ratio',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html',
  },
  'task-heartbeat': {
    label: 'HeartbeatSeconds of a task (from the definition): longer tasks must send heartbeats',
    value: 1,
    unit: 'ratio',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html',
  },
  'definition-size': {
    label: 'State machine definition size (1 MB)',
    value: 1_048.576,
    unit: 'KB',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'express-sync': {
    label: 'Express does not support .sync jobs (run a job and wait for it)',
    value: 0,
    unit: 'callbacks',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html',
  },
  'durable-execution-time': {
    label: 'Durable execution time (366 days)',
    value: 366 * 86_400_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-durableconfig.html',
  },
  'durable-invocation': {
    label: 'Durable invocation between waits (function timeout, at most 15 minutes)',
    value: 900_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'durable-operations': {
    label: 'Durable operations per execution (3,000)',
    value: 3_000,
    unit: 'operations',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'durable-data-written': {
    label: 'Durable data written per execution (100 MB)',
    value: 100_000,
    unit: 'KB',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'dynamodb-item': {
    label: 'DynamoDB item size (400 KB)',
    value: 400,
    unit: 'KB',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
  },
  'express-child-duration': {
    label: 'Express child execution of a Distributed Map (5 minutes)',
    value: 300_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'hybrid-child-duration': {
    label: 'Express child execution time (5 minutes)',
    value: 300_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html',
  },
  'managed-timeout': {
    label: 'Managed Instances function timeout (15 minutes synchronous, 90 asynchronous)',
    // "up to 90 minutes for Lambda Managed Instances functions invoked asynchronously or through any
    // event source mapping except Amazon MQ and Amazon DocumentDB"; 15 minutes otherwise.
    value: 5_400_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  // issue 18.3: in a chain, the step that calls a service waits for it in a Lambda function.
  'service-wait': {
    label: 'A chain step’s function waiting for a service call or job (its timeout, at most 15 minutes)',
    value: 1,
    unit: 'ratio',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  'microvm-duration': {
    label: 'Lambda MicroVM running time (8 hours)',
    value: 8 * 3_600_000,
    unit: 'ms',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
} as const satisfies Record<string, { label: string; value: number; unit: string; source: string }>;

export type LimitId = keyof typeof QUOTAS;
export type LimitUnit = (typeof QUOTAS)[LimitId]['unit'];

/** A limit is `exceeded` when at least this share of executions breaks it ("material"). */
export const MATERIAL_EXCEED_PROBABILITY = 0.001;
/** A limit is `near` when p99 passes this share of it. */
export const NEAR_RATIO = 0.8;
