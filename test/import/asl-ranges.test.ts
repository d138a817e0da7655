/**
 * Values outside AWS's ranges are errors naming the state, the field and the range (issue 14,
 * item 7). Each case says who finds it: asl-validator's schema (its hint starts "asl-validator:")
 * or flowcost's own range check (asl-ranges.ts), for the part asl-validator's schema leaves out.
 */
import { describe, expect, it } from 'vitest';
import { readAsl } from '../../src/import/asl.js';
import type { SemanticProblem } from '../../src/workload/problems.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:f';

function task(fields: Record<string, unknown>) {
  return { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: FUNCTION, End: true, ...fields } } };
}
function retry(fields: Record<string, unknown>) {
  return task({ Retry: [{ ErrorEquals: ['States.ALL'], ...fields }] });
}
function wait(seconds: unknown) {
  return { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: seconds, End: true } } };
}
function distributedMap(fields: Record<string, unknown>) {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
        End: true,
        ...fields,
      },
    },
  };
}

function only(definition: unknown): SemanticProblem {
  const result = readAsl(definition);
  if (result.ok) throw new Error('expected problems');
  expect(result.problems, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
  return result.problems[0]!;
}

const byValidator = (problem: SemanticProblem) => problem.hint.startsWith('asl-validator:');

describe('numbers outside AWS ranges', () => {
  it.each([
    // [case, definition, path, message, expected range, found by asl-validator?]
    ['Wait.Seconds huge', wait(1e300), ['States', 'Pause', 'Seconds'], 'Wait "Pause": Seconds is 1e+300, above 99999999', 'an integer from 0 to 99999999', false],
    ['Wait.Seconds negative', wait(-1), ['States', 'Pause', 'Seconds'], 'Wait "Pause": Seconds -1 is not valid', 'an integer from 0 to 99999999', true],
    ['Wait.Seconds fractional', wait(1.5), ['States', 'Pause', 'Seconds'], 'Wait "Pause": Seconds is 1.5, not an integer', 'an integer from 0 to 99999999', false],
    ['MaxAttempts negative', retry({ MaxAttempts: -5 }), ['States', 'Call', 'Retry', 0, 'MaxAttempts'], 'Task "Call": Retry[0].MaxAttempts -5 is not valid', 'an integer from 0 to 99999999', true],
    ['MaxAttempts fractional', retry({ MaxAttempts: 1.5 }), ['States', 'Call', 'Retry', 0, 'MaxAttempts'], 'Task "Call": Retry[0].MaxAttempts is 1.5, not an integer', 'an integer from 0 to 99999999', false],
    ['MaxAttempts huge', retry({ MaxAttempts: 99999999999 }), ['States', 'Call', 'Retry', 0, 'MaxAttempts'], 'Task "Call": Retry[0].MaxAttempts is 99999999999, above 99999999', 'an integer from 0 to 99999999', false],
    ['BackoffRate as a string', retry({ BackoffRate: '2' }), ['States', 'Call', 'Retry', 0, 'BackoffRate'], 'Task "Call": Retry[0].BackoffRate "2" is not valid', 'a number of at least 1.0', true],
    ['BackoffRate 0', retry({ BackoffRate: 0 }), ['States', 'Call', 'Retry', 0, 'BackoffRate'], 'Task "Call": Retry[0].BackoffRate is 0, below 1', 'a number of at least 1.0', false],
    ['IntervalSeconds 1e30', retry({ IntervalSeconds: 1e30 }), ['States', 'Call', 'Retry', 0, 'IntervalSeconds'], 'Task "Call": Retry[0].IntervalSeconds is 1e+30, above 99999999', 'a positive integer up to 99999999', false],
    ['IntervalSeconds 0', retry({ IntervalSeconds: 0 }), ['States', 'Call', 'Retry', 0, 'IntervalSeconds'], 'Task "Call": Retry[0].IntervalSeconds is 0, below 1', 'a positive integer up to 99999999', false],
    ['MaxDelaySeconds over a year', retry({ MaxDelaySeconds: 31622401 }), ['States', 'Call', 'Retry', 0, 'MaxDelaySeconds'], 'Task "Call": Retry[0].MaxDelaySeconds is 31622401, above 31622400', 'a positive integer below 31622401', false],
    ['JitterStrategy unknown', retry({ JitterStrategy: 'SOME' }), ['States', 'Call', 'Retry', 0, 'JitterStrategy'], 'Task "Call": Retry[0].JitterStrategy is "SOME"', 'FULL | NONE', false],
    ['TimeoutSeconds fractional', task({ TimeoutSeconds: 1.5 }), ['States', 'Call', 'TimeoutSeconds'], 'Task "Call": TimeoutSeconds 1.5 is not valid', 'a positive integer up to 99999999', true],
    ['HeartbeatSeconds not below the timeout', task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 }), ['States', 'Call', 'HeartbeatSeconds'], 'Task "Call": HeartbeatSeconds 10 is not below TimeoutSeconds 10', 'below 10', false],
    ['ToleratedFailurePercentage 150', distributedMap({ ToleratedFailurePercentage: 150 }), ['States', 'Each', 'ToleratedFailurePercentage'], 'Map "Each": ToleratedFailurePercentage 150 is not valid', 'a number from 0 to 100', true],
    ['MaxItemsPerBatch 0', distributedMap({ ItemBatcher: { MaxItemsPerBatch: 0 } }), ['States', 'Each', 'ItemBatcher', 'MaxItemsPerBatch'], 'Map "Each": ItemBatcher.MaxItemsPerBatch is 0, below 1', 'a positive integer', false],
    ['MaxConcurrency fractional', distributedMap({ MaxConcurrency: 2.5 }), ['States', 'Each', 'MaxConcurrency'], 'Map "Each": MaxConcurrency is 2.5, not an integer', 'an integer, 0 or more (0: no limit)', false],
    ['machine TimeoutSeconds 0', { ...wait(1), TimeoutSeconds: 0 }, ['TimeoutSeconds'], "the state machine's TimeoutSeconds is 0, below 1", 'a positive integer up to 99999999', false],
  ])('%s', (_, definition, path, message, expected, validator) => {
    const problem = only(definition);
    expect(problem).toMatchObject({ path, message, expected });
    expect(byValidator(problem)).toBe(validator);
  });

  it('values in range pass, placeholders are not judged', () => {
    expect(readAsl(retry({ MaxAttempts: 99999999, IntervalSeconds: 99999999, BackoffRate: 1, MaxDelaySeconds: 31622400, JitterStrategy: 'FULL' })).ok).toBe(true);
    expect(readAsl(wait(0)).ok).toBe(true);
    expect(readAsl(wait('${ReminderTimeout}')).ok).toBe(true);
    expect(readAsl(distributedMap({ ToleratedFailurePercentage: 100, ItemBatcher: { MaxItemsPerBatch: 1 } })).ok).toBe(true);
  });

  it('a Map inside a Parallel inside a Map: the path names the nested state', () => {
    const nested = {
      StartAt: 'Outer',
      States: {
        Outer: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: FUNCTION, End: true, Retry: [{ ErrorEquals: ['X'], MaxAttempts: 2.5 }] } } }],
        },
      },
    };
    expect(only(nested)).toMatchObject({ path: ['States', 'Outer', 'Branches', 0, 'States', 'Inner', 'Retry', 0, 'MaxAttempts'], message: 'Task "Inner": Retry[0].MaxAttempts is 2.5, not an integer' });
  });
});

describe('structure: asl-validator decides, flowcost locates', () => {
  it('a Next that names no state points at the Next', () => {
    expect(only({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } })).toMatchObject({ path: ['States', 'A', 'Next'], message: 'state "A" goes to "B", which is not a state of the same scope' });
  });

  it('an unreachable state is refused, as Step Functions refuses it', () => {
    expect(only({ StartAt: 'A', States: { A: { Type: 'Succeed' }, B: { Type: 'Succeed' } } })).toMatchObject({ path: ['States', 'B'], message: 'state "B" is never entered: no StartAt, Next, Default or Catch names it' });
  });

  it('a Task without Resource says so', () => {
    expect(only({ StartAt: 'A', States: { A: { Type: 'Task', End: true } } })).toMatchObject({ path: ['States', 'A'], message: 'Task "A" has no Resource' });
  });

  it('a transition out of a Map ItemProcessor (asl-validator checks only Iterator): flowcost finds it', () => {
    const out = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Next: 'Z' } } }, Next: 'Z' }, Z: { Type: 'Succeed' } },
    };
    const result = readAsl(out);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.message)).toContain('state "I" goes to "Z", which is not a state of the same scope');
  });

  it('duplicate names point at the second one', () => {
    const dup = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }] } } };
    expect(only(dup)).toMatchObject({ path: ['States', 'P', 'Branches', 0, 'States', 'P'], message: 'state name "P" is used twice' });
  });

  it('a definition asl-validator cannot read is a problem, not a crash', () => {
    const result = readAsl({ StartAt: 'A', States: 'nonsense' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]!.message).toMatch(/^asl-validator cannot read this definition/);
  });
});
