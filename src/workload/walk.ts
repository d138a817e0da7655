/** Walks over the step tree of a normalized workload. */
import type { Step } from './types.js';

export function* allSteps(steps: readonly Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    switch (step.kind) {
      case 'parallel':
        for (const branch of step.branches) yield* allSteps(branch);
        break;
      case 'map':
        yield* allSteps(step.steps);
        break;
      case 'choice':
        for (const branch of step.branches) yield* allSteps(branch.steps);
        break;
      case 'wait':
        if (step.poll) yield step.poll.check;
        break;
      case 'task':
        break;
    }
  }
}

export function someStep(steps: readonly Step[], predicate: (step: Step) => boolean): boolean {
  for (const step of allSteps(steps)) if (predicate(step)) return true;
  return false;
}
