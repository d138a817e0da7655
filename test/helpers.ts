import { analyze, regionPrices, type AnalyzeOptions } from '../src/analyze.js';
import { prepareArchitectures } from '../src/engine/simulate.js';
import { sampleTimeline, type Timeline } from '../src/report/timeline.js';
import { loadPricingCatalog } from '../src/io/load-pricing.js';
import { parseWorkload } from '../src/io/load-workload.js';
import type { ArchitectureId } from '../src/architectures/types.js';
import type { CostLineId } from '../src/architectures/types.js';
import type { ArchitectureReport, Report } from '../src/report/model.js';
import type { Workload } from '../src/workload/types.js';

export const catalog = loadPricingCatalog();

export function workload(yaml: string): Workload {
  return parseWorkload(yaml, 'test.yaml');
}

export function analyzeYaml(yaml: string, options: Partial<AnalyzeOptions> = {}): Report {
  return analyze(workload(yaml), catalog, { samples: 2_000, seed: 1, freeTier: false, ...options });
}

export function arch(report: Report, id: ArchitectureId): ArchitectureReport {
  const found = report.architectures.find((a) => a.id === id);
  if (!found) throw new Error(`no ${id} in report`);
  return found;
}

export function line(report: Report, id: ArchitectureId, lineId: CostLineId): { quantity: number; usd: number; freeQuantity: number } {
  const found = arch(report, id).monthlyCost.lines.find((l) => l.id === lineId);
  if (!found) throw new Error(`no ${lineId} line in ${id}`);
  return found;
}

/** Cents, rounded as AWS's examples round each line. */
export function cents(usd: number): number {
  return Math.round(usd * 100 + 1e-9) / 100;
}

/** The typical execution of a workload in every architecture (its region's prices for the hybrid's grouping). */
export function timelineOf(w: Workload, seed: number): Timeline {
  return sampleTimeline(w, seed, prepareArchitectures(w, regionPrices(catalog, w.region)));
}
