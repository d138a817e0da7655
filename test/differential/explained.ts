/**
 * Why a report differs from the reference engine's: each entry names the bug fixed (and the issue
 * that asked for it), the cases it touches and the report fields it changes. Keep entries narrow:
 * a field that changes for another reason must fail the differential test.
 */
export interface Explanation {
  readonly reason: string;
  readonly cases: RegExp;
  /** Narrower than `cases`: only workloads for which this holds. */
  readonly applies?: (workload: Workload) => boolean;
  readonly paths: readonly RegExp[];
}

import { branchesCanFail } from '../../src/engine/compile.js';
import { someState } from '../../src/workload/graph.js';
import type { Workload } from '../../src/workload/types.js';

/** Step-tree workloads (every case whose input is not an imported definition). */
const STEP_TREES = /^(examples\/[^/]+\.yaml|bench\/|test\/gate\/|fuzz\/)/;

/** Imported definitions. */
const DEFINITIONS = /^(examples\/imported\/|test\/fixtures\/asl\/|samples\/)/;

export const EXPLAINED: readonly Explanation[] = [
  {
    reason:
      'The report says when the single function runs a task as long as at the task’s own memory for want of a ' +
      'durationByMemory curve (issue 17: calibrate from Power Tuning results)',
    cases: /./,
    paths: [/^simulation\.notes\[\d+\]$/],
  },
  {
    reason:
      'Definitions are validated by asl-validator first (issue 16.5): a definition refused before is refused still, in its words',
    // Only the sample collection's refused definitions (../shared/samples: absent on a fresh machine).
    cases: /^samples\//,
    paths: [/^refused$/],
  },
  {
    reason:
      'History events are counted as Step Functions records them, per state type (issue 13.8): no new StateEntered/Exited ' +
      'for a retry, TaskSubmitted for .sync and callback tasks, ParallelState/MapState Started and Succeeded, MapIteration events ' +
      'per iteration but none per Parallel branch, FailStateEntered alone, no Exited event for a state whose error is not caught',
    cases: /./,
    paths: [/^architectures\[[a-z-]+\]\.limits\[standard-history-events\]\.(observedP99|exceedProbability|status)$/],
  },
  {
    reason:
      'Parallel and inline Map failure semantics (issue 13.6): when a branch or an iteration fails, the others stop (states not ' +
      'entered by then are never entered or billed, queued iterations never start) and the error is the first in time; branches ' +
      'that can fail now draw from streams of their own, so every figure of such a workload moves by sampling noise too',
    cases: DEFINITIONS,
    applies: (workload) => branchesCanFail(workload.graph),
    paths: [/^architectures\[/, /^simulation\.failureProbability$/, /^recommendation\./],
  },
  {
    reason:
      "A Distributed Map's EXPRESS children are billed as Express executions (issue 13.5): a request and their own duration " +
      '(100 ms steps, own memory in 64 MB chunks) in Standard and in the hybrid, each checked against 5 minutes',
    cases: DEFINITIONS,
    applies: (workload) => someState(workload.graph, (s) => s.kind === 'map' && s.distributed && s.childType === 'EXPRESS'),
    paths: [
      // …and the warning that they were not billed is gone.
      /^workload\.warnings\[\d+\]$/,
      /^architectures\[(sfn-standard|sfn-hybrid)\]\.(monthlyCost|costPerExecution)/,
      /^architectures\[(sfn-standard|sfn-hybrid)\]\.limits\[express-child-duration\]$/,
      /^recommendation\.reasons/,
    ],
  },
  {
    reason:
      'sfn-hybrid groups the states of an imported definition into Express children as it does for step trees (issue 13.3): ' +
      'before, an imported machine was always plain Standard in this architecture',
    cases: DEFINITIONS,
    paths: [/^architectures\[sfn-hybrid\]\./, /^recommendation\.(architecture|reasons)/],
  },
  {
    reason:
      'Express lists its .sync/activity limit only where the workload has such a task (it was listed for every imported definition, always at 0)',
    cases: DEFINITIONS,
    paths: [/^architectures\[sfn-express\]\.limits\[express-sync\]$/],
  },
  {
    reason:
      'The computing between two waits of an imported definition is measured as for step trees (consecutive Lambda tasks add up ' +
      'until a wait or a retry delay), not taken as its longest single task',
    cases: DEFINITIONS,
    paths: [/^architectures\[lambda-durable\]\.limits\[durable-invocation\]\.observedP99$/],
  },
  {
    reason:
      'Two more architectures, lambda-managed and lambda-microvm (issue 18: Lambda Managed Instances, Lambda MicroVMs), are in every ' +
      'report: their own entries, and where one of them is the cheapest that fits (a MicroVM runs jobs of up to 8 hours), the ' +
      'recommendation (their sentences among the reasons fall under issue 15’s entry on the reasons, which covers every case)',
    cases: /./,
    paths: [/^architectures\[lambda-(managed|microvm)\]$/, /^recommendation\.architecture$/],
  },
  {
    reason:
      'Step trees are checked against the 1 MB definition limit too (issue 13: one model, every feature on both inputs); ' +
      'their definition size is the estimate Express memory already used',
    cases: STEP_TREES,
    paths: [/^architectures\[(sfn-standard|sfn-express|sfn-hybrid)\]\.limits\[definition-size\]$/],
  },
  {
    reason:
      'A Map inside one function is no longer free parallelism (issue 14.9): the single function and the durable function run ' +
      'its items one after another (lambda.inProcessConcurrency, default 1), where they ran all at once or in waves of ' +
      'MaxConcurrency; their durations, compute, checkpoint retention and the limits and reasons that follow from them move',
    cases: /./,
    applies: (workload) => someState(workload.graph, (s) => s.kind === 'map'),
    paths: [
      /^architectures\[(lambda|lambda-durable)\]\.(durationMs|durationQuantiles|costPerExecution|monthlyCost)/,
      /^architectures\[(lambda|lambda-durable)\]\.limits\[(lambda-timeout|durable-invocation|durable-execution-time)\]\.(observedP99|exceedProbability|status)$/,
      /^architectures\[(lambda|lambda-durable)\]\.feasible$/,
      /^recommendation\./,
    ],
  },
  {
    reason:
      "An imported definition's service tasks (DynamoDB, SNS, Glue…) say that the service's own charge is left out of the " +
      'comparison, as a step tree’s do (issue 18.3)',
    cases: DEFINITIONS,
    applies: (workload) => someState(workload.graph, (s) => s.kind === 'task' && s.integration === 'service'),
    paths: [/^workload\.warnings(\[\d+\])?$/],
  },
  {
    reason:
      'Issue 19.4 (common random numbers): every execution draws from a stream of its own, started from its chunk’s seed and ' +
      'its index (executionSeed in simulate.ts), so that execution i of every sweep point or map cell draws the same numbers ' +
      'however many the executions before it drew; the simulated figures of every workload with random durations, failures ' +
      'or choices move by sampling noise (within their 95% intervals), as a new seed would move them',
    cases: /./,
    paths: [
      /^architectures\[[a-z-]+\]\.(durationQuantiles|durationMs|costPerExecution|monthlyCost|transitionsPerExecution)\b/,
      /^architectures\[[a-z-]+\]\.limits\[[a-z-]+\]\.(observedP99|exceedProbability|status)$/,
      /^simulation\.failureProbability$/,
    ],
  },
  {
    reason:
      'Issue 15 (confidence): every Monte Carlo figure carries its 95% interval, added to the report: Wilson for the share of ' +
      'executions over each limit, the standard error of the mean for the cost per execution and the monthly total',
    cases: /./,
    paths: [
      /^architectures\[[a-z-]+\]\.limits\[[a-z-]+\]\.exceedProbabilityInterval$/,
      /^architectures\[[a-z-]+\]\.costPerExecution\.meanInterval$/,
      /^architectures\[[a-z-]+\]\.monthlyCost\.interval$/,
    ],
  },
  {
    reason: 'Issue 15 (remedies): what would make each architecture that does not fit fit, added to the report (empty when it fits)',
    cases: /./,
    paths: [/^architectures\[[a-z-]+\]\.remedies$/],
  },
  {
    reason: 'Issue 15.7: how executions fail (after their retries, in a Fail state, running away) and how many a Catch saved, added to the report',
    cases: /./,
    paths: [/^simulation\.outcomes$/],
  },
  {
    reason: 'Issue 15 (margins): how far apart the two cheapest real options are, added to the report',
    cases: /./,
    paths: [/^recommendation\.margin$/],
  },
  {
    reason: 'Issue 15.8: the task-timeout limit is named plainly ("Lambda task timeout (each invocation)", its value "each task’s own timeout")',
    cases: /./,
    paths: [/^architectures\[[a-z-]+\]\.limits\[task-timeout\]\.label$/],
  },
  {
    reason:
      'Issue 15: the recommendation says more, and says it as it happens: margins and the grounds that decide within them, ' +
      'the uncertainty where it touches the decision, one sentence per ruled-out architecture, failures after retries, in a ' +
      'Fail state or running away told apart (15.7)',
    cases: /./,
    paths: [/^recommendation\.reasons\[\d+\]$/],
  },
  {
    reason:
      'In a chain, a step that calls another service (DynamoDB, SNS, Glue…) is a function that calls it and waits for the ' +
      'answer or the .sync job (issue 18.3): one more step invocation, DynamoDB state and SQS hand-over, its waiting billed ' +
      'as Lambda compute (priced with the tasks’ in the same tiers), and a limit on waiting past the function’s timeout',
    cases: /./,
    applies: (workload) =>
      someState(workload.graph, (s) => s.kind === 'task' && s.integration === 'service' && (s.pattern === 'request' || s.pattern === 'sync')),
    paths: [
      /^architectures\[lambda-chain\]\.(monthlyCost|costPerExecution|feasible|remedies)/,
      /^architectures\[lambda-chain\]\.limits\[service-wait\]$/,
      /^recommendation\./,
    ],
  },
];
