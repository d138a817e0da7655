/**
 * The gate's verdict, decided here and nowhere else (renderers only show it): exit 1 when an
 * `error` assertion failed, else 0; failed warnings never fail the build. Invalid input never gets
 * this far: it is a FlowcostError, which the CLI turns into exit 2.
 */
export const GATE_EXIT = { passed: 0, failed: 1 } as const;
export type GateExitCode = (typeof GATE_EXIT)[keyof typeof GATE_EXIT];

export interface GateVerdict {
  readonly exitCode: GateExitCode;
  readonly passed: boolean;
  readonly failedErrors: number;
  readonly failedWarnings: number;
  readonly checked: number;
}

export function gateVerdict(results: readonly { readonly level: 'warn' | 'error'; readonly passed: boolean }[]): GateVerdict {
  const failedErrors = results.filter((r) => !r.passed && r.level === 'error').length;
  const failedWarnings = results.filter((r) => !r.passed && r.level === 'warn').length;
  const exitCode = failedErrors > 0 ? GATE_EXIT.failed : GATE_EXIT.passed;
  return { exitCode, passed: exitCode === GATE_EXIT.passed, failedErrors, failedWarnings, checked: results.length };
}
