/**
 * `sfn-hybrid`: a Standard parent that keeps the waits, callbacks and long steps, with each run of
 * short consecutive top-level blocks (steps of a step tree, stretches of a definition) moved into
 * an Express child started with `states:startExecution.sync` (grouping chosen in hybrid-grouping.ts). Billed: the parent's transitions (one Task state per
 * child instead of the child's states), each child's Express request and duration (100 ms, 64 MB
 * chunks, per child execution), and the Lambda functions as in Standard. A child is bound by
 * Express's 5-minute limit; the parent by Standard's.
 */
import { QUOTAS } from '../limits/quotas.js';
import { someState, waitsForToken } from '../workload/graph.js';
import { blocksOf } from '../workload/graph-structure.js';
import { chooseExpressChildren, type ExpressChild } from './hybrid-grouping.js';
import { expressGbHours } from '../pricing/express-billing.js';
import {
  distributedExpressChildren,
  historyEventsLimit,
  sfnDurationMs,
  standardExecutionTimeLimit,
  stateMachineLimits,
  statePayloadLimit,
  taskInvocations,
  taskLambdaMeters,
  taskTimeoutLimit,
} from './shared-limits.js';
import { cloudWatchLogsMeter, LAMBDA_PLATFORM_LOG_KB } from './logs.js';
import { optional, taskCategory, type ArchitectureModel } from './types.js';
import { formatDurationMs } from '../report/format.js';
import type { ExecutionRecord } from '../engine/execution.js';

/**
 * The parent's Task state that starts a child with `states:startExecution.sync` writes TaskStateEntered,
 * TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded and TaskStateExited into the parent's history;
 * the child's own states write nothing there: Express keeps no execution history
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html).
 */
const PARENT_EVENTS_PER_CHILD = 6;

export const sfnHybridArchitecture: ArchitectureModel = {
  id: 'sfn-hybrid',
  identity: {
    label: 'Standard + Express children',
    shortName: 'Hybrid',
    inSentence: 'Standard with Express children',
    color: '#66a61e',
    management: 'managed',
    afterFailure: 'resumes',
  },
  remedies: {
    'hybrid-child-duration': (limit) => [
      `Keep the longest steps of the Express child that runs p99 ${formatDurationMs(limit.observedP99)} in the Standard parent: an Express child stops at 5 minutes.`,
    ],
  },
  prepare(workload, prices) {
    const blocks = blocksOf(workload.graph.root);
    const children: readonly ExpressChild[] = chooseExpressChildren(
      workload.graph,
      blocks,
      prices,
      workload.stepFunctions.transitionOverheadMs,
      workload.payloadKb,
    );
    const inChild = new Int8Array(blocks.heads.length);
    for (const child of children) for (let b = child.first; b <= child.last; b++) inChild[b] = 1;
    const ran = (record: ExecutionRecord, child: ExpressChild) => record.blockTransitions[child.first]! > 0;
    const childMs = (record: ExecutionRecord, child: ExpressChild) => {
      let ms = 0;
      for (let i = child.first; i <= child.last; i++) ms += record.blockSfnMs[i]!;
      return ms;
    };
    const childTransitions = (record: ExecutionRecord, child: ExpressChild) => {
      let n = 0;
      for (let i = child.first; i <= child.last; i++) n += record.blockTransitions[i]!;
      return n;
    };
    // The five figures the children change, derived in one pass over them per execution (the
    // meters and limits below read them; the same arithmetic, in the same order, as one pass each).
    const figures = { transitions: 0, historyEvents: 0, expressRequests: 0, expressGbHours: 0, longestChildMs: 0 };
    let figuresOf: ExecutionRecord | undefined;
    let figuresExecution = -1;
    const childFigures = (record: ExecutionRecord) => {
      if (record === figuresOf && record.execution === figuresExecution) return figures;
      let transitions = record.transitions;
      let historyEvents = record.historyEvents;
      let expressRequests = record.childExpressRequests;
      let gbHours = record.childExpressGbHours;
      let longest = 0;
      for (const child of children) {
        const ms = childMs(record, child);
        longest = Math.max(longest, ms);
        if (!ran(record, child)) continue;
        transitions += 1 - childTransitions(record, child);
        for (let i = child.first; i <= child.last; i++) historyEvents -= record.blockHistoryEvents[i]!;
        historyEvents += PARENT_EVENTS_PER_CHILD;
        expressRequests++;
        gbHours += expressGbHours(ms, child.memoryMb);
      }
      figures.transitions = transitions;
      figures.historyEvents = historyEvents;
      figures.expressRequests = expressRequests;
      figures.expressGbHours = gbHours;
      figures.longestChildMs = longest;
      figuresOf = record;
      figuresExecution = record.execution;
      return figures;
    };
    const parentTransitions = (record: ExecutionRecord) => childFigures(record).transitions;
    const parentHistoryEvents = (record: ExecutionRecord) => childFigures(record).historyEvents;
    const mapChildren = distributedExpressChildren(workload);
    const hasCallbacks = someState(workload.graph, waitsForToken);
    const notes =
      children.length === 0
        ? [
            'No run of short steps is worth an Express child here (each child costs a request, a parent transition and 100 ms of Express time at least): this is plain Standard.',
          ]
        : children.map(
            (child, i) =>
              `Express child ${i + 1}: ${child.names.join(' → ')} (${child.memoryMb} MB; about ${formatSaving(child.savingUsd)} saved per execution)`,
          );
    return {
      meters: [
        {
          id: 'sfn-transitions',
          label: 'Standard state transitions (parent)',
          unit: 'transitions',
          priceKey: 'stepFunctions.standardTransitions',
          measure: parentTransitions,
        },
        {
          id: 'express-requests',
          label: 'Express requests (children)',
          unit: 'requests',
          priceKey: 'stepFunctions.expressRequests',
          measure: (record) => childFigures(record).expressRequests,
        },
        {
          id: 'express-duration',
          label: 'Express duration (children)',
          unit: 'GB-hours',
          priceKey: 'stepFunctions.expressDuration',
          measure: (record) => childFigures(record).expressGbHours,
        },
        ...taskLambdaMeters(workload),
        ...optional(cloudWatchLogsMeter(workload, { lambdaInvocations: taskInvocations, platformKb: LAMBDA_PLATFORM_LOG_KB, stepFunctions: true })), // issue 18
      ],
      limits: [
        standardExecutionTimeLimit,
        historyEventsLimit(parentHistoryEvents),
        ...(children.length > 0
          ? [
              {
                id: 'hybrid-child-duration' as const,
                label: QUOTAS['hybrid-child-duration'].label,
                limit: QUOTAS['hybrid-child-duration'].value,
                observe: (record: ExecutionRecord) => childFigures(record).longestChildMs,
              },
            ]
          : []),
        ...mapChildren.limits,
        statePayloadLimit(workload),
        taskTimeoutLimit,
        ...stateMachineLimits(workload),
      ],
      durationMs: sfnDurationMs,
      transitions: parentTransitions,
      // Waiting in the parent is free; inside an Express child every millisecond is billed.
      timeline: {
        clock: 'sfn',
        singleFunctionInit: false,
        category: (event) => taskCategory(event) ?? (event.block >= 0 && inChild[event.block] === 1 ? 'billedWait' : 'freeWait'),
      },
      notes,
      stateHandling:
        'The Standard parent keeps the state between steps and runs exactly once (90-day history, redrive); each Express child ' +
        'runs its short steps in one go and is retried as a whole, so the steps inside a child must be idempotent. ' +
        (hasCallbacks ? 'Callbacks and waits stay in the parent, where waiting is free.' : 'Waits stay in the parent, where waiting is free.'),
    };
  },
};

function formatSaving(usd: number): string {
  return `$${Number(usd.toPrecision(2))}`;
}
