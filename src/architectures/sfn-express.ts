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
import { code, listText, longWaitsText, quantileOf, splitLongTasks, waitingStates, type RemedyContext } from './remedies.js';
import { displayMonthlyTotal, formatDurationMs, formatUsd } from '../report/format.js';
import type { LimitResult } from '../report/model.js';

export const sfnExpressArchitecture: ArchitectureModel = {
  id: 'sfn-express',
  identity: { label: 'Step Functions Express', shortName: 'Express', inSentence: 'Step Functions Express', color: '#1b9e77', management: 'managed', afterFailure: 'restarts' },
  remedies: {
    'express-duration': expressDurationRemedy,
    'express-callback': (_limit, context) => [standardParentRemedy(context)],
    'express-sync': (_limit, context) => [standardParentRemedy(context)],
  },
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

/**
 * What would make Express fit (issue 15, remedies): what it cannot run (callbacks, `.sync` jobs) and
 * long waits go to a Standard parent, the short steps stay in Express children (the hybrid).
 */
function standardParentRemedy(context: RemedyContext): string {
  const waits = waitingStates(context.workload)
    .map((w) => ({ ...w, p50: quantileOf(w.duration, 0.5), p99: quantileOf(w.duration, 0.99) }))
    .filter((w) => (w.state.kind === 'task' && w.state.pattern !== 'request') || w.p99 >= 60_000)
    .sort((a, b) => b.p50 - a.p50 || a.name.localeCompare(b.name))
    .map((w) => {
      const kind = w.state.kind === 'task' ? (w.state.pattern === 'sync' ? '.sync job' : w.state.pattern === 'request' ? 'task' : 'callback') : 'wait';
      return `${code(w.name)} (${kind}, p50 ${formatDurationMs(w.p50)})`;
    });
  const what = waits.length > 0 ? `the wait${waits.length === 1 ? '' : 's'} ${listText(waits.slice(0, 3))}` : 'the long steps';
  const hybrid = context.architectures.find((a) => a.id === 'sfn-hybrid');
  const fits = hybrid?.feasible ? ` ${hybrid.label} does that and fits (${formatUsd(displayMonthlyTotal(hybrid.monthlyCost.lines))} a month).` : '';
  return `Move ${what} out of Express into a Standard parent, where waiting is free, and keep the short steps in Express children of under 5 minutes.${fits}`;
}

function expressDurationRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const { workload } = context;
  const hasWaits = longWaitsText(workload, 60_000) !== undefined || waitingStates(workload).some((w) => w.state.kind === 'task' && w.state.pattern !== 'request');
  if (hasWaits) return [standardParentRemedy(context)];
  const split = splitLongTasks(workload, QUOTAS['express-duration'].value);
  return [
    `Split the execution into Express children of under 5 minutes each, started from a Standard parent: it runs p99 ${formatDurationMs(limit.observedP99)}.`,
    ...split,
  ];
}
