/**
 * Why a report differs from the reference engine's: each entry names the bug fixed (and the issue
 * that asked for it), the cases it touches and the report fields it changes. Keep entries narrow:
 * a field that changes for another reason must fail the differential test.
 */
export interface Explanation {
  readonly reason: string;
  readonly cases: RegExp;
  readonly paths: readonly RegExp[];
}

/** Step-tree workloads (every case whose input is not an imported definition). */
const STEP_TREES = /^(examples\/[^/]+\.yaml|bench\/|test\/gate\/|fuzz\/)/;

/** Imported definitions. */
const DEFINITIONS = /^(examples\/imported\/|test\/fixtures\/asl\/|samples\/)/;

export const EXPLAINED: readonly Explanation[] = [
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
      'Step trees are checked against the 1 MB definition limit too (issue 13: one model, every feature on both inputs); ' +
      'their definition size is the estimate Express memory already used',
    cases: STEP_TREES,
    paths: [/^architectures\[(sfn-standard|sfn-express|sfn-hybrid)\]\.limits\[definition-size\]$/],
  },
];
