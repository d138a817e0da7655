import { localeNumber } from '../report/locale-number.js';
/**
 * One error model for everything a user can get wrong: a coded record with where it is, what was
 * expected, what was found and what to do next. Problems are collected, not thrown one at a time.
 */
export const PROBLEM_CODES = {
  'yaml-syntax': 'The file is not valid YAML',
  'yaml-limits': 'The file is too large or too deeply nested to read safely',
  'hcl-syntax': 'The file is not valid Terraform (HCL)',
  'schema': 'The file does not match its schema',
  'unknown-key': 'Unknown key',
  'semantic': 'The values do not make sense together',
  'unknown-region': 'No prices for this region',
  'file-read': 'The file cannot be read',
  'file-write': 'The output file cannot or may not be written',
  'usage': 'The command line is not valid',
  'pricing': 'The pricing catalog is not valid',
  'baseline': 'The baseline report cannot be used',
  'too-much-work': 'The workload needs more simulation than flowcost does in one run',
  'forbidden-key': 'A key that could alter objects is not allowed',
  'limits': 'A value is outside what flowcost can price meaningfully',
  'calibration-source': 'A calibration source (execution history, Lambda log, Power Tuning result) cannot be used',
} as const satisfies Record<string, string>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  /** Where in the document, e.g. "steps[2].retry.maxAttempts". */
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly hint?: string;
}

/** Thrown when input is wrong; the CLI prints its problems and exits 2. */
export class FlowcostError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'FlowcostError';
    this.problems = problems;
  }
}

/** "steps[2].retry.maxAttempts" from ["steps", 2, "retry", "maxAttempts"]. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The candidate closest to `input`, when it is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** More problems than this in one file are summed up in one last problem: they share a cause, and the output stays bounded. */
export const MAX_PROBLEMS_PER_FILE = 100;

/** The first MAX_PROBLEMS_PER_FILE problems, then one that counts the rest (`total`: all of them, when `problems` holds only the first). */
export function capProblems(problems: readonly Problem[], file: string, total = problems.length): Problem[] {
  if (total <= MAX_PROBLEMS_PER_FILE) return [...problems];
  const rest = total - MAX_PROBLEMS_PER_FILE;
  return [
    ...problems.slice(0, MAX_PROBLEMS_PER_FILE),
    {
      code: problems[MAX_PROBLEMS_PER_FILE]!.code,
      file,
      message: `and ${localeNumber(rest)} more problem${rest === 1 ? '' : 's'} in this file (${localeNumber(total)} in all)`,
      hint: 'fix the ones above first: they often share a cause',
    },
  ];
}
