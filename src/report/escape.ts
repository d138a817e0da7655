/**
 * Every text that comes from an input file (a workload, step or state name, a message that quotes
 * one) is escaped for the output it goes to, here and nowhere else:
 *
 *  - a terminal or a CI log (tables, warnings and errors on stderr): `terminalText`;
 *  - GitHub Actions workflow commands: `workflowData`, `workflowProperty`;
 *  - Markdown (pull-request comments, $GITHUB_STEP_SUMMARY): `markdownText`;
 *  - HTML: `htmlText`.
 *
 * In all of them control characters (C0 such as ESC, BEL, CR and LF, DEL, C1) and the invisible
 * characters that reorder or break lines (bidirectional overrides and isolates, the line and
 * paragraph separators) are shown as escapes (`\u001b`), so a name can neither colour or move
 * the cursor of a terminal, nor start a line of its own in a log, nor hide text.
 */

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Control and invisible characters as `\uXXXX`; everything else as it is. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text for a terminal or a CI log. Besides control characters: GitHub's runner also reads the
 * older `##[command]` form anywhere in a line (its ActionCommand parser looks for "##["), so that
 * sequence is broken up. `::` commands count only at the start of a line, which no input text
 * can reach once line breaks are escaped.
 */
export function terminalText(text: string): string {
  return visibleText(text).replace(/##\[/g, '#\\u0023[');
}

/**
 * The message of a workflow command (`::error …::message`), as GitHub's toolkit escapes it
 * (actions/toolkit, packages/core/src/command.ts, escapeData): % → %25, CR → %0D, LF → %0A.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
export function workflowData(text: string): string {
  return terminalText(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property of a workflow command (`file=…,title=…`): as data, and also : → %3A and , → %2C (toolkit's escapeProperty). */
export function workflowProperty(text: string): string {
  return workflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Text safe inside Markdown and inside a table cell: HTML metacharacters as entities, Markdown
 * punctuation backslash-escaped (`$` too: GitHub renders `$…$` as maths), no line breaks.
 */
export function markdownText(text: string): string {
  return visibleText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]{}|#~$!]/g, (c) => `\\${c}`);
}

/** Text or attribute value safe inside HTML. */
export function htmlText(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON text from JSON.stringify, with the same values but no raw invisible character (JSON.stringify
 * escapes only those below U+0020) and no "##[" in a string: both written as `\u` escapes, which a
 * JSON parser reads back to the very same text. For JSON printed into a CI log.
 */
export function jsonText(json: string): string {
  return json
    .replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[');
}
