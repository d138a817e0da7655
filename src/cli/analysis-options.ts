/** Options every command that runs an analysis shares (analyze, sweep, gate), and how to read them. */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { ARCHITECTURE_IDS, type ArchitectureId } from '../architectures/types.js';
import { closest, FlowcostError } from '../errors/problem.js';
import type { AnalyzeOptions } from '../analyze.js';
import { loadPricingCatalog, loadPricingOverride } from '../io/load-pricing.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import { optionalString, type ParsedArgs } from './command.js';
import { withRootOption } from './project-root.js';

export function withAnalysisOptions(y: Argv): Argv {
  return withRootOption(y)
    .option('samples', { alias: 'n', type: 'number', default: 10_000, describe: 'Simulated executions' })
    .option('seed', { type: 'number', default: 1, describe: 'Random seed (same seed → same report)' })
    .option('free-tier', { type: 'boolean', default: false, describe: 'Apply the AWS free tier (per account; off by default)' })
    .option('pricing-version', { type: 'string', describe: 'Pricing catalog version (default: the newest)' })
    .option('pricing', { type: 'string', describe: 'Your own prices: a pricing file (replaces one service) or a directory like pricing/aws/<version>/' })
    .option('discount', { type: 'number', default: 0, describe: 'Percent off Lambda compute (duration and INIT), e.g. a Compute Savings Plan' })
    .option('threads', { type: 'number', describe: 'Threads for runs of 131,072 samples or more, this one included (default: the CPU cores; the result does not depend on it)' })
    .option('architectures', {
      alias: 'a',
      type: 'string',
      describe: `Comma-separated architectures to compare (default: all: ${ARCHITECTURE_IDS.join(',')})`,
    });
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

/** Threads to simulate on: --threads, else every core this process may use. */
export function threadsFrom(args: ParsedArgs): number {
  const threads = args['threads'];
  return typeof threads === 'number' && Number.isSafeInteger(threads) && threads >= 1 ? Math.min(threads, 64) : availableParallelism();
}

/** The analysis options from parsed arguments (already range-checked by run.ts). */
export function analysisOptionsFrom(args: ParsedArgs): AnalyzeOptions {
  return {
    samples: Number(args['samples']),
    seed: Number(args['seed']),
    freeTier: Boolean(args['free-tier']),
    lambdaComputeDiscountPercent: Number(args['discount'] ?? 0),
    ...(architecturesFrom(args) ? { architectures: architecturesFrom(args)! } : {}),
  };
}

export function catalogFrom(args: ParsedArgs): PricingCatalog {
  const bundled = loadPricingCatalog(optionalString(args, 'pricing-version'));
  const path = optionalString(args, 'pricing');
  return path === undefined ? bundled : loadPricingOverride(bundled, path);
}
