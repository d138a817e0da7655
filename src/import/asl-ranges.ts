/**
 * AWS's ranges for the numbers of a definition, and which part of each flowcost checks itself
 * because asl-validator's schemas do not (validate-asl.ts). A value outside its range is an error
 * naming the state, the field and the range: an unchecked `Wait.Seconds: 1e300` or
 * `MaxAttempts: 99999999999` would otherwise flow into durations and costs.
 *
 * Sources: https://states-language.net/spec.html (Retry, Wait, Task, Map fields);
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (retrier fields:
 * IntervalSeconds and MaxAttempts at most 99999999, BackoffRate at least 1.0, MaxDelaySeconds below
 * 31622401, JitterStrategy FULL or NONE); https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 * (Seconds an integer from 0 to 99999999); https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 * (TimeoutSeconds and HeartbeatSeconds positive integers, heartbeat below the timeout);
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html (MaxItemsPerBatch
 * a positive integer, MaxInputBytesPerBatch up to 256 KiB);
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html (MaxItems up to 100,000,000).
 */
import type { AslStateType } from './asl.js';

/** The largest number of seconds (and attempts) Step Functions accepts in these fields. */
export const ASL_MAX_SECONDS = 99_999_999;

export interface RangeRule {
  /** AWS's range, as the error message states it. */
  readonly range: string;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** What asl-validator 4.0.0's schema checks of this field ("—" when nothing). */
  readonly aslValidator: string;
  /** What flowcost checks on top. */
  readonly flowcost: string;
}

const rule = (range: string, integer: boolean, min: number, max: number, aslValidator: string, flowcost: string): RangeRule => ({
  range,
  integer,
  min,
  max,
  aslValidator,
  flowcost,
});

/** Field (array indexes dropped, e.g. "Retry.MaxAttempts") → AWS's range, per state type ('' = the machine). */
export const RANGE_RULES: Readonly<Record<AslStateType | '', Readonly<Record<string, RangeRule>>>> = {
  '': {
    TimeoutSeconds: rule(`a positive integer up to ${ASL_MAX_SECONDS}`, true, 1, ASL_MAX_SECONDS, 'integer ≥ 0', 'at least 1, at most the maximum'),
  },
  Task: {
    TimeoutSeconds: rule(`a positive integer up to ${ASL_MAX_SECONDS}`, true, 1, ASL_MAX_SECONDS, 'integer ≥ 1', 'at most the maximum'),
    HeartbeatSeconds: rule(`a positive integer up to ${ASL_MAX_SECONDS}, below TimeoutSeconds`, true, 1, ASL_MAX_SECONDS, 'integer ≥ 1', 'at most the maximum; below TimeoutSeconds'),
    ...retryRules(),
  },
  Parallel: retryRules(),
  Map: {
    ...retryRules(),
    MaxConcurrency: rule('an integer, 0 or more (0: no limit)', true, 0, Number.MAX_SAFE_INTEGER, 'number ≥ 0', 'an integer'),
    ToleratedFailurePercentage: rule('a number from 0 to 100', false, 0, 100, 'integer from 0 to 100', '—'),
    ToleratedFailureCount: rule('an integer, 0 or more', true, 0, Number.MAX_SAFE_INTEGER, 'integer ≥ 0', '—'),
    'ItemBatcher.MaxItemsPerBatch': rule('a positive integer', true, 1, Number.MAX_SAFE_INTEGER, 'integer ≥ 0', 'at least 1'),
    'ItemBatcher.MaxInputBytesPerBatch': rule('a positive integer up to 262144 (256 KiB)', true, 1, 262_144, 'integer from 0 to 262144', 'at least 1'),
    'ItemReader.ReaderConfig.MaxItems': rule('a positive integer up to 100000000', true, 1, 100_000_000, 'integer ≥ 1', 'at most 100000000'),
  },
  Wait: {
    Seconds: rule(`an integer from 0 to ${ASL_MAX_SECONDS}`, true, 0, ASL_MAX_SECONDS, 'number ≥ 0', 'an integer, at most the maximum'),
  },
  Pass: {},
  Choice: {},
  Succeed: {},
  Fail: {},
};

function retryRules(): Record<string, RangeRule> {
  return {
    'Retry.IntervalSeconds': rule(`a positive integer up to ${ASL_MAX_SECONDS}`, true, 1, ASL_MAX_SECONDS, 'number ≥ 0', 'an integer from 1 to the maximum'),
    'Retry.MaxAttempts': rule(`an integer from 0 to ${ASL_MAX_SECONDS}`, true, 0, ASL_MAX_SECONDS, 'number ≥ 0', 'an integer, at most the maximum'),
    'Retry.BackoffRate': rule('a number of at least 1.0', false, 1, Number.MAX_VALUE, 'number ≥ 0', 'at least 1.0'),
    'Retry.MaxDelaySeconds': rule('a positive integer below 31622401', true, 1, 31_622_400, '—', 'all of it'),
  };
}

/** Retrier JitterStrategy values (asl-validator 4.0.0 does not check them). */
export const JITTER_STRATEGIES = ['FULL', 'NONE'] as const;

/** Why `value` is outside `rule`, or undefined when it is inside. Strings (placeholders, JSONata) are not judged here. */
export function outOfRange(value: unknown, rule: RangeRule): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (!Number.isFinite(value)) return 'not a finite number';
  if (rule.integer && !Number.isInteger(value)) return 'not an integer';
  if (value < rule.min) return rule.min === 1 && rule.integer ? 'below 1' : `below ${rule.min}`;
  if (value > rule.max) return `above ${rule.max}`;
  return undefined;
}
