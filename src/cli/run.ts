/**
 * The command line: parses argv, runs one command, returns the exit code. Nothing here calls
 * process.exit; main.ts is the only place that sets the exit code.
 *
 * Exit codes: 0 ok · 1 a gate failed · 2 invalid input or usage · 3 internal error.
 */
import yargs, { type Argv } from 'yargs';
import { MAX_SAMPLES } from '../analyze.js';
import { ARCHITECTURE_IDS } from '../architectures/index.js';
import { FlowcostError } from '../errors/problem.js';
import { startInputTracking } from '../io/input-files.js';
import { flowcostVersion } from '../io/package-files.js';
import type { ParsedArgs } from './command.js';
import { COMMANDS } from './commands/index.js';
import type { CliIo } from './io.js';
import { problemsAsJson, renderProblems } from './render-problems.js';
import { localeNumber } from '../report/locale-number.js';

export const EXIT = { ok: 0, gateFailed: 1, invalidInput: 2, internal: 3 } as const;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const wantsJson = jsonRequested(argv);
  const debug = argv.includes('--debug');
  startInputTracking();
  try {
    if (!namesCommand(argv)) {
      // No command: the help (what a newcomer needs), as a usage error.
      await parseArguments(['--help'], { ...io, stdout: (text) => io.stderr(text) });
      io.stderr(`flowcost: name a command: ${COMMANDS.map((c) => c.command.split(' ')[0]).join(', ')}\n`);
      return EXIT.invalidInput;
    }
    const parsed = await parseArguments(argv, io);
    if (parsed.kind === 'exit') return parsed.code;
    const name = String(parsed.args._[0] ?? '');
    const command = COMMANDS.find((c) => c.command.split(' ')[0] === name);
    if (!command) {
      io.stderr(`flowcost: unknown command "${name}"  (run "flowcost --help" for the commands)\n`);
      return EXIT.invalidInput;
    }
    return await command.run(parsed.args, io);
  } catch (error) {
    if (error instanceof FlowcostError) {
      if (wantsJson) io.stdout(problemsAsJson(error.problems));
      io.stderr(renderProblems(error.problems));
      return EXIT.invalidInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `flowcost: internal error: ${message}\n` +
        `This is a bug in flowcost. Please report it with the command and input that caused it.\n` +
        (debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Run again with --debug to see the stack trace.\n'),
    );
    return EXIT.internal;
  }
}

type Parsed = { kind: 'exit'; code: number } | { kind: 'run'; args: ParsedArgs };

async function parseArguments(argv: readonly string[], io: CliIo): Promise<Parsed> {
  let failure: string | undefined;
  let parser: Argv = yargs([...argv])
    .scriptName('flowcost')
    .usage(
      `$0 <command> [options]\n\nOne Lambda function, or a Step Functions workflow? Simulate a workload in each of ${ARCHITECTURE_IDS.length} architectures ` +
        `(${ARCHITECTURE_IDS.join(', ')}) and compare cost, duration and limits; get a recommendation, how sure it is, and what would make the others fit.`,
    )
  for (const command of COMMANDS) parser = parser.command(command.command, command.describe, (y) => command.builder(y));
  parser = parser
    .option('debug', { type: 'boolean', describe: 'Show stack traces of internal errors', hidden: true })
    .demandCommand(1, `Name a command: ${COMMANDS.map((c) => c.command.split(' ')[0]).join(', ')}`)
    .strict()
    .help()
    .alias('help', 'h')
    // flowcost's own version (its package.json), not that of the project it is installed in.
    .version(flowcostVersion())
    .wrap(Math.min(110, io.stderrColumns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      failure = message ?? error?.message ?? 'invalid arguments';
    });

  skipEagerHelpCache(parser);
  let output = '';
  const args = (await parser.parseAsync([...argv], {}, (_error: unknown, _argv: unknown, text: string) => {
    output = text;
  })) as ParsedArgs;

  if (failure !== undefined) {
    io.stderr(`${output ? output + '\n\n' : ''}flowcost: ${failure}\n`);
    return { kind: 'exit', code: EXIT.invalidInput };
  }
  if (output) {
    io.stdout(output + '\n');
    return { kind: 'exit', code: EXIT.ok };
  }
  const discount = args['discount'];
  if (discount !== undefined && !(typeof discount === 'number' && discount >= 0 && discount < 100)) {
    io.stderr(`flowcost: --discount must be a percentage from 0 to below 100 (got ${String(discount)})\n`);
    return { kind: 'exit', code: EXIT.invalidInput };
  }
  const ranges = { samples: [1, MAX_SAMPLES], seed: [0, 2 ** 32 - 1], threads: [1, 1024] } as const;
  for (const [name, [min, max]] of Object.entries(ranges)) {
    const value = args[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max)) {
      io.stderr(
        `flowcost: --${name} must be a whole number from ${localeNumber(min)} to ${localeNumber(max)} (got ${String(value)})\n`,
      );
      return { kind: 'exit', code: EXIT.invalidInput };
    }
  }
  return { kind: 'run', args };
}

/** Whether argv names a command, or asks for the help or the version. */
function namesCommand(argv: readonly string[]): boolean {
  return argv.some((arg) => !arg.startsWith('-') || ['--help', '-h', '--version'].includes(arg));
}

function jsonRequested(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--format=json' || arg === '-f=json') return true;
    if ((arg === '--format' || arg === '-f') && argv[i + 1] === 'json') return true;
  }
  return false;
}

/**
 * yargs formats the whole help text whenever a command runs, in case it is shown later (about
 * 50 ms, a third of Node's own start-up). flowcost never shows help after running a command, so
 * that cache is skipped; --help and usage errors format help as usual.
 */
function skipEagerHelpCache(parser: Argv): void {
  const internal = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } })
    .getInternalMethods?.()
    .getUsageInstance?.();
  if (internal && typeof internal.cacheHelpMessage === 'function') internal.cacheHelpMessage = () => {};
}
