/** Walks over the steps of a normalized workload: its step tree, or the leaf steps of its state machine. */
import { machineStates } from './state-machine.js';
import type { Step, Workload } from './types.js';

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

/**
 * Every step of a workload, whichever form it has. A state machine is seen through its leaves, as
 * the step kinds architectures ask about: a Task that invokes Lambda is a `task` (its memory, cold
 * starts, storage); a callback or activity Task is a `callback` wait; a `.sync` job and a Wait
 * state are `timer` waits.
 */
export function* workloadSteps(workload: Pick<Workload, 'steps' | 'stateMachine'>): Generator<Step> {
  yield* allSteps(workload.steps);
  if (!workload.stateMachine) return;
  for (const state of machineStates(workload.stateMachine)) {
    if (state.kind === 'wait') yield { kind: 'wait', name: state.name, mode: 'timer', duration: state.duration, poll: undefined };
    if (state.kind !== 'task') continue;
    if (state.integration === 'lambda') {
      yield { kind: 'task', name: state.name, duration: state.duration, lambda: state.lambda, failureRate: state.failureRate, retry: undefined };
    }
    if (state.wait) {
      yield { kind: 'wait', name: state.name, mode: state.pattern === 'sync' ? 'timer' : 'callback', duration: state.wait, poll: undefined };
    } else if (state.pattern === 'sync') {
      yield { kind: 'wait', name: state.name, mode: 'timer', duration: state.duration, poll: undefined };
    }
  }
}

export function someWorkloadStep(workload: Pick<Workload, 'steps' | 'stateMachine'>, predicate: (step: Step) => boolean): boolean {
  for (const step of workloadSteps(workload)) if (predicate(step)) return true;
  return false;
}
