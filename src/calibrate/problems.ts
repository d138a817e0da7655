/**
 * A problem with one calibration source (a history, a log file, a Power Tuning result): what is
 * wrong and what to do. The CLI adds the file it came from; nothing here knows about files.
 */
export class SourceProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly where: { readonly line?: number; readonly column?: number } = {},
  ) {
    super(message);
    this.name = 'SourceProblem';
  }
}

/** Text from a source, made safe to show: no control characters (terminal escapes, CI commands), bounded length. */
export function printable(text: string, maxLength = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
