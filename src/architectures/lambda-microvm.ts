/**
 * `lambda-microvm`: the job inside a Lambda MicroVM (announced July 2026) launched for each
 * execution and terminated at its end — a Firecracker VM of its own, arm64 only, that runs for up to
 * 8 hours. Billed (https://aws.amazon.com/lambda/pricing/, "Lambda MicroVMs": "priced per
 * instance-second"): vCPU-seconds and GB-seconds of memory while it runs, per second, and the image
 * snapshot read at launch per GB. Suspending and resuming (snapshot writes, storage) is not modelled:
 * the job runs from launch to end, waits included, as in one function.
 * Sources: https://docs.aws.amazon.com/lambda/latest/dg/microvms-how-it-works.html (concepts) and
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (8 hours, 16 vCPU / 32 GB).
 */
import type { ExecutionRecord } from '../engine/execution.js';
import { QUOTAS } from '../limits/quotas.js';
import { someState, waits } from '../workload/graph.js';
import { constantValue, recordField } from './known-measures.js';
import { noTransitions } from './shared-limits.js';
import { MS_PER_S, taskCategory, type ArchitectureModel } from './types.js';
import { fitsAsItIs, longWaitsText, splitLongTasks, type RemedyContext } from './remedies.js';
import { formatDurationMs } from '../report/format.js';
import type { LimitResult } from '../report/model.js';

export const lambdaMicrovmArchitecture: ArchitectureModel = {
  id: 'lambda-microvm',
  identity: {
    label: 'Lambda MicroVM per execution',
    shortName: 'MicroVM',
    inSentence: 'a Lambda MicroVM per execution',
    color: '#66a61e',
    management: 'managed',
    // The job runs in one invocation: after a failure it starts again from the beginning.
    afterFailure: 'restarts',
  },
  remedies: { 'microvm-duration': microvmDurationRemedy },
  prepare(workload) {
    const { vcpus, memoryGb, snapshotGb } = workload.lambdaMicrovm;
    const limitMs = QUOTAS['microvm-duration'].value;
    // Billed per second while running; a job past 8 hours is stopped there.
    const billedSeconds = (record: ExecutionRecord) => Math.ceil(Math.min(record.lambdaWallMs, limitMs) / MS_PER_S);
    return {
      meters: [
        {
          id: 'microvm-vcpu',
          label: `MicroVM vCPU (${vcpus} vCPU, arm64, per second)`,
          unit: 'vCPU-seconds',
          priceKey: 'lambda.microvmVcpu',
          measure: (record) => billedSeconds(record) * vcpus,
        },
        {
          id: 'microvm-memory',
          label: `MicroVM memory (${memoryGb} GB, per second)`,
          unit: 'GB-seconds',
          priceKey: 'lambda.microvmMemory',
          measure: (record) => billedSeconds(record) * memoryGb,
        },
        {
          id: 'microvm-snapshot',
          label: `MicroVM snapshot read at launch (${snapshotGb} GB)`,
          unit: 'GB',
          priceKey: 'lambda.microvmSnapshotRead',
          measure: constantValue(snapshotGb),
        },
      ],
      limits: [
        {
          id: 'microvm-duration',
          label: QUOTAS['microvm-duration'].label,
          limit: limitMs,
          observe: recordField('lambdaWallMs'),
        },
      ],
      durationMs: recordField('lambdaWallMs'),
      transitions: noTransitions,
      // The MicroVM runs, and is billed, from launch to end: waits included.
      timeline: { clock: 'lambda', singleFunctionInit: false, category: (event) => taskCategory(event) ?? 'billedWait' },
      caveats: [
        'A MicroVM runs arm64 only, is reached through its own HTTPS endpoint rather than an invoke call, and has no retries or event sources of its own: your code launches, calls and terminates it.',
      ],
      stateHandling:
        'The job runs inside a VM of its own, launched from an image snapshot and terminated at the end: its memory and disk survive ' +
        'a suspend and resume, not a failure, and nothing retries it for you' +
        (someState(workload.graph, waits) ? '; waits are billed running time unless your code suspends the MicroVM' : '') +
        '.',
    };
  },
};

/** What would make a MicroVM fit its 8 hours. */
function microvmDurationRemedy(limit: LimitResult, context: RemedyContext): string[] {
  const { workload } = context;
  const waits = longWaitsText(workload, 60_000);
  if (waits) {
    return [
      `Take the waits out of the MicroVM, or suspend it through them: it runs, and is billed, through ${waits}, and the job takes p99 ` +
        `${formatDurationMs(limit.observedP99)}, past the 8 hours a MicroVM runs.${fitsAsItIs(context)}`,
    ];
  }
  return [
    `Split the job into runs of under 8 hours: it takes p99 ${formatDurationMs(limit.observedP99)}.${fitsAsItIs(context)}`,
    ...splitLongTasks(workload, QUOTAS['microvm-duration'].value),
  ];
}
