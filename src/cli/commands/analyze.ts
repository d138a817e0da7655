/** `flowcost analyze FILE`: load, simulate, report. */
import { analyze } from '../../analyze.js';
import { loadPricingCatalog, loadPricingOverride } from '../../io/load-pricing.js';
import type { PricingCatalog } from '../../pricing/catalog.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { writeOutputAtomically } from '../../io/write-output.js';
import { renderJson } from '../../report/render-json.js';
import { renderTable } from '../../report/render-table.js';
import { useColor, type CliIo } from '../io.js';
import { progressReporter } from '../progress.js';

export const ANALYZE_FORMATS = ['table', 'json'] as const;

export interface AnalyzeArgs {
  readonly file: string;
  readonly format: (typeof ANALYZE_FORMATS)[number];
  readonly samples: number;
  readonly seed: number;
  readonly freeTier: boolean;
  readonly discountPercent: number;
  readonly out: string | undefined;
  readonly pricingVersion: string | undefined;
  readonly pricingPath: string | undefined;
}

export function loadCatalog(version: string | undefined, path: string | undefined): PricingCatalog {
  const bundled = loadPricingCatalog(version);
  return path === undefined ? bundled : loadPricingOverride(bundled, path);
}

export function analyzeCommand(args: AnalyzeArgs, io: CliIo): number {
  const workload = loadWorkloadFile(args.file);
  const catalog = loadCatalog(args.pricingVersion, args.pricingPath);
  const onProgress = progressReporter(io, args.samples);
  const report = analyze(workload, catalog, {
    samples: args.samples,
    seed: args.seed,
    freeTier: args.freeTier,
    lambdaComputeDiscountPercent: args.discountPercent,
    ...(onProgress ? { onProgress } : {}),
  });
  const toFile = args.out !== undefined;
  const text =
    args.format === 'json' ? renderJson(report) : renderTable(report, { color: !toFile && useColor(io) });
  if (args.out !== undefined) {
    writeOutputAtomically(args.out, text);
    io.stderr(`flowcost: wrote ${args.out}\n`);
  } else {
    io.stdout(text);
  }
  return 0;
}
