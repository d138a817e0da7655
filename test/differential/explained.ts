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

export const EXPLAINED: readonly Explanation[] = [];
