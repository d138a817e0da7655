/** Options every command that runs an analysis shares (analyze, sweep, gate), and how to read them. */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { ARCHITECTURE_IDS, type ArchitectureId } from '../architectures/types.js';
import { closest, FlowcostError } from '../errors/problem.js';
import type { AnalyzeOptions } from '../analyze.js';
import { DEFAULT_PRECISION_CAP, parsePrecision } from '../advice/precision.js';
import { ENGINES } from '../engine/simulate.js';
import { loadPricingCatalog, loadPricingOverride } from '../io/load-pricing.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Report } from '../report/model.js';
import { terminalText } from '../report/escape.js';
import type { CliIo } from './io.js';
import { optionalString, type ParsedArgs } from './command.js';
import { withRootOption } from './project-root.js';

export function withAnalysisOptions(y: Argv): Argv {
  return withRootOption(y)
    .option('samples', {
      alias: 'n',
      type: 'number',
      describe: `Simulated executions (default: ${DEFAULT_SAMPLES.toLocaleString('en-US')}); with --precision, the most to simulate (default: ${DEFAULT_PRECISION_CAP.toLocaleString('en-US')})`,
    })
    .option('precision', {
      type: 'string',
      describe:
        'Simulate until every monthly cost is within ± this share (95% interval) and every limit is clearly on one side of 0.1% of executions, ' +
        'in blocks of 2,048 samples, at least 8,192: e.g. 0.01 or 1%',
    })
    .option('seed', { type: 'number', default: 1, describe: 'Random seed (same seed → same report)' })
    .option('free-tier', { type: 'boolean', default: false, describe: 'Apply the AWS free tier (per account; off by default)' })
    .option('pricing-version', { type: 'string', describe: 'Pricing catalog version (default: the newest)' })
    .option('pricing', { type: 'string', describe: 'Your own prices: a pricing file (replaces one service) or a directory like pricing/aws/<version>/' })
    .option('discount', { type: 'number', default: 0, describe: 'Percent off Lambda compute (duration and INIT), e.g. a Compute Savings Plan' })
    .option('threads', { type: 'number', describe: 'Threads for runs of 131,072 samples or more (a decision map: its cells\' samples in all), this one included (default: the CPU cores; the result does not depend on it)' })
    .option('engine', {
      choices: ENGINES,
      default: 'compiled',
      describe: 'compiled: the simulation as generated code where the workload allows it; interpreted: the reference interpreter (the same report, byte for byte)',
    })
    .option('architectures', {
      alias: 'a',
      type: 'string',
      describe: `Comma-separated architectures to compare (default: all: ${ARCHITECTURE_IDS.join(',')})`,
    });
}

/** Samples of a run without --precision. */
export const DEFAULT_SAMPLES = 10_000;

/** --precision as a share (0.01 for "0.01" or "1%"); a usage error when it is not one in (0, 1). */
export function precisionFrom(args: ParsedArgs): number | undefined {
  const text = args['precision'];
  if (text === undefined) return undefined;
  const precision = parsePrecision(String(text));
  if (precision !== undefined) return precision;
  throw new FlowcostError([
    {
      code: 'usage',
      message: `--precision must be a number between 0 and 1, or a percentage (got ${JSON.stringify(String(text))})`,
      expected: 'e.g. 0.01 or 1% (a 95% interval within ±1% of every monthly cost)',
      hint: 'the smaller the share, the more samples (4 times as many for half the share); --samples sets the cap',
    },
  ]);
}

/** The --architectures list, checked: unknown ids are a usage error with a "did you mean". */
export function architecturesFrom(args: ParsedArgs): readonly ArchitectureId[] | undefined {
  const text = optionalString(args, 'architectures');
  if (text === undefined) return undefined;
  const ids = text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.filter((id) => !(ARCHITECTURE_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    const suggestion = unknown[0] === undefined ? undefined : closest(unknown[0], ARCHITECTURE_IDS);
    throw new FlowcostError([
      {
        code: 'usage',
        message: ids.length === 0 ? '--architectures names no architecture' : `unknown architecture "${unknown.join('", "')}"`,
        expected: `a comma-separated list of ${ARCHITECTURE_IDS.join(', ')}`,
        hint: suggestion ? `did you mean ${suggestion}?` : `e.g. --architectures lambda,sfn-standard`,
      },
    ]);
  }
  return ARCHITECTURE_IDS.filter((id) => ids.includes(id));
}

/**
 * Threads to simulate on: --threads (a whole number from 1, checked by run.ts), at most the cores
 * this process may use (more only share the same cores: slower and larger), else every core.
 */
export function threadsFrom(args: ParsedArgs, io?: CliIo): number {
  const threads = args['threads'];
  const cores = availableParallelism();
  if (typeof threads !== 'number') return cores;
  if (threads > cores) {
    io?.stderr(`flowcost: --threads ${threads} is more than the ${cores} core${cores === 1 ? '' : 's'} this process may use: running on ${cores}\n`);
    return cores;
  }
  return threads;
}

/** The analysis options from parsed arguments (already range-checked by run.ts). */
export function analysisOptionsFrom(args: ParsedArgs): AnalyzeOptions {
  const precision = precisionFrom(args);
  const samples = args['samples'] === undefined ? (precision === undefined ? DEFAULT_SAMPLES : DEFAULT_PRECISION_CAP) : Number(args['samples']);
  return {
    samples,
    ...(precision === undefined ? {} : { precision }),
    seed: Number(args['seed']),
    freeTier: Boolean(args['free-tier']),
    lambdaComputeDiscountPercent: Number(args['discount'] ?? 0),
    ...(architecturesFrom(args) ? { architectures: architecturesFrom(args)! } : {}),
    engine: args['engine'] === 'interpreted' ? 'interpreted' : 'compiled',
  };
}

const SERVICE_NAMES: Readonly<Record<string, string>> = { lambda: 'Lambda', 'step-functions': 'Step Functions', 'supporting-services': 'supporting-service' };

/**
 * A --pricing file replaces one service's prices in the regions it lists; any other region keeps
 * the list prices. When the workload's region is not in it, say so (stderr, and the report's
 * pricing notes): a negotiated rate that silently does not apply is worse than none.
 */
export function pricingNotes(catalog: PricingCatalog, region: string): string[] {
  const override = catalog.override;
  if (!override || override.regions.includes(region)) return [];
  const service = SERVICE_NAMES[override.service] ?? override.service;
  return [
    `--pricing ${override.file} has no ${service} prices for ${region} (it prices ${override.regions.join(', ') || 'no region'}): ` +
      `the list ${service} prices are used for ${region}`,
  ];
}

/** Prints the pricing notes as warnings; returns them. */
export function warnAboutPricing(io: CliIo, catalog: PricingCatalog, region: string): string[] {
  const notes = pricingNotes(catalog, region);
  for (const note of notes) io.stderr(`flowcost: warning: ${terminalText(note)}\n`);
  return notes;
}

/** The report with the pricing notes in its pricing section (an optional field of report v1). */
export function withPricingNotes(report: Report, notes: readonly string[]): Report {
  return notes.length === 0 ? report : { ...report, pricing: { ...report.pricing, notes: [...(report.pricing.notes ?? []), ...notes] } };
}

export function catalogFrom(args: ParsedArgs): PricingCatalog {
  const bundled = loadPricingCatalog(optionalString(args, 'pricing-version'));
  const path = optionalString(args, 'pricing');
  return path === undefined ? bundled : loadPricingOverride(bundled, path);
}
