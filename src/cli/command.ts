/**
 * A CLI command: its yargs definition and what it does. Commands are listed in commands/index.ts;
 * adding one touches that list and its own file only.
 */
import type { Argv } from 'yargs';
import type { CliIo } from './io.js';

export type ParsedArgs = Record<string, unknown> & { readonly _: readonly (string | number)[] };

export interface CommandModule {
  /** yargs command string, e.g. "analyze <file>". Its first word is the command's name. */
  readonly command: string;
  readonly describe: string;
  builder(yargs: Argv): Argv;
  /** Returns the exit code; throws FlowcostError for bad input (exit 2). */
  run(args: ParsedArgs, io: CliIo): number | Promise<number>;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args[name];
  return value === undefined ? undefined : String(value);
}
