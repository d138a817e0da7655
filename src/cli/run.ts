/**
 * The command line: parses argv, runs one command, returns the exit code. Nothing here calls
 * process.exit; main.ts is the only place that sets the exit code.
 *
 * Exit codes: 0 ok · 1 a gate failed · 2 invalid input or usage · 3 internal error.
 */
import yargs, { type Argv } from 'yargs';
import { FlowcostError } from '../errors/problem.js';
import { analyzeCommand, ANALYZE_FORMATS, loadCatalog } from './commands/analyze.js';
import { pricingListCommand, pricingShowCommand } from './commands/pricing.js';
import type { CliIo } from './io.js';
import { problemsAsJson, renderProblems } from './render-problems.js';

export const EXIT = { ok: 0, gateFailed: 1, invalidInput: 2, internal: 3 } as const;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const wantsJson = jsonRequested(argv);
  const debug = argv.includes('--debug');
  try {
    const parsed = await parseArguments(argv, io);
    if (parsed.kind === 'exit') return parsed.code;
    const args = parsed.args;
    const optional = (name: string) => (args[name] === undefined ? undefined : String(args[name]));
    switch (args._[0]) {
      case 'analyze':
        return analyzeCommand(
          {
            file: String(args['file']),
            format: args['format'] as (typeof ANALYZE_FORMATS)[number],
            samples: Number(args['samples']),
            seed: Number(args['seed']),
            freeTier: Boolean(args['free-tier']),
            discountPercent: Number(args['discount'] ?? 0),
            out: optional('out'),
            pricingVersion: optional('pricing-version'),
            pricingPath: optional('pricing'),
          },
          io,
        );
      case 'pricing': {
        const format = args['format'] === 'json' ? 'json' : 'table';
        if (args['action'] === 'list') return pricingListCommand(io, format);
        const catalog = loadCatalog(optional('pricing-version'), optional('pricing'));
        return pricingShowCommand(io, catalog, String(args['region']), format);
      }
      default:
        io.stderr(`flowcost: unknown command "${String(args._[0] ?? '')}"  (run "flowcost --help" for the commands)\n`);
        return EXIT.invalidInput;
    }
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

type Parsed = { kind: 'exit'; code: number } | { kind: 'run'; args: Record<string, unknown> & { _: (string | number)[] } };

async function parseArguments(argv: readonly string[], io: CliIo): Promise<Parsed> {
  let failure: string | undefined;
  const parser: Argv = yargs([...argv])
    .scriptName('flowcost')
    .usage('$0 <command> [options]\n\nOne Lambda function, or a Step Functions workflow? Simulate a workload in each architecture and compare cost, duration and limits.')
    .command('analyze <file>', 'Simulate a workload as one Lambda function, Step Functions Standard and Express; report cost, limits and a recommendation', (y) =>
      y
        .positional('file', { type: 'string', describe: 'Workload YAML file', demandOption: true })
        .option('format', { alias: 'f', choices: ANALYZE_FORMATS, default: 'table', describe: 'Output format' })
        .option('samples', { alias: 'n', type: 'number', default: 10_000, describe: 'Simulated executions' })
        .option('seed', { type: 'number', default: 1, describe: 'Random seed (same seed → same report)' })
        .option('free-tier', { type: 'boolean', default: false, describe: 'Apply the AWS free tier (per account; off by default)' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' })
        .option('pricing-version', { type: 'string', describe: 'Pricing catalog version (default: the newest)' })
        .option('pricing', { type: 'string', describe: 'Your own prices: a pricing file (replaces one service) or a directory like pricing/aws/<version>/' })
        .option('discount', { type: 'number', default: 0, describe: 'Percent off Lambda compute (duration and INIT), e.g. a Compute Savings Plan' })
        .example('$0 analyze workload.yaml --discount 17 --pricing my-rates.yaml', 'Negotiated rates and a Savings Plan')
        .example('$0 analyze examples/order-fulfilment.yaml', 'Terminal table with the recommendation')
        .example('$0 analyze examples/order-fulfilment.yaml --format json --out report.json', 'JSON report v1 to a file')
        .example('$0 analyze workload.yaml --samples 100000 --seed 7 --free-tier', 'More samples, another seed, free tier applied'),
    )
    .command('pricing <action>', 'Show the prices flowcost uses and their sources', (y) =>
      y
        .positional('action', { choices: ['list', 'show'] as const, describe: 'list: catalog versions and regions; show: every price of a region' })
        .option('region', { type: 'string', default: 'us-east-1', describe: 'Region to show' })
        .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table', describe: 'Output format' })
        .option('pricing-version', { type: 'string', describe: 'Pricing catalog version (default: the newest)' })
        .option('pricing', { type: 'string', describe: 'Your own pricing file or directory' })
        .example('$0 pricing list', 'Catalog versions and the regions each can price')
        .example('$0 pricing show --region eu-west-1', 'Every price used for eu-west-1, with its source'),
    )
    .option('debug', { type: 'boolean', describe: 'Show stack traces of internal errors', hidden: true })
    .demandCommand(1, 'Name a command: analyze or pricing')
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, io.stderrColumns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      failure = message ?? error?.message ?? 'invalid arguments';
    });

  let output = '';
  const args = (await parser.parseAsync([...argv], {}, (_error: unknown, _argv: unknown, text: string) => {
    output = text;
  })) as Record<string, unknown> & { _: (string | number)[] };

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
  for (const name of ['samples', 'seed'] as const) {
    const value = args[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= (name === 'samples' ? 1 : 0))) {
      io.stderr(`flowcost: --${name} must be a whole number${name === 'samples' ? ' of at least 1' : ' ≥ 0'} (got ${String(value)})\n`);
      return { kind: 'exit', code: EXIT.invalidInput };
    }
  }
  return { kind: 'run', args };
}

function jsonRequested(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--format=json' || arg === '-f=json') return true;
    if ((arg === '--format' || arg === '-f') && argv[i + 1] === 'json') return true;
  }
  return false;
}
