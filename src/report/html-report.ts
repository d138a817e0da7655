/**
 * The HTML report with every chart: the decision map, the volume curve and one traced execution
 * need the workload and prices.
 *
 * The decision map (issue 15, capability 4) is over executions per month × the workload's most
 * decisive duration (sweep/parameter.ts `decisiveDuration`: the step with the longest mean
 * duration, from a tenth of its median to ten times it). Its volume axis costs nothing: each of the
 * duration's MAP_ROWS values is simulated once (with at most MAP_SAMPLES executions) and priced at
 * every one of MAP_VOLUMES volumes.
 */
import { regionPrices, type AnalyzeOptions } from '../analyze.js';
import { prepareArchitectures } from '../engine/simulate.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import { decisionMap } from '../sweep/decision-map.js';
import { decisiveDuration, type VarySpec } from '../sweep/parameter.js';
import { MAX_EXECUTIONS_PER_MONTH } from '../workload/values.js';
import type { Workload } from '../workload/types.js';
import { formatCount } from './format.js';
import type { Report } from './model.js';
import { renderHtml, type ReportDecisionMap } from './render-html.js';
import { sampleTimeline } from './timeline.js';
import { volumeCurve } from './volume.js';

const MAP_VOLUMES = 21;
const MAP_ROWS = 7;
const MAP_SAMPLES = 5_000;

export async function renderHtmlReport(workload: Workload, catalog: PricingCatalog, report: Report): Promise<string> {
  const prices = regionPrices(catalog, report.pricing.region);
  const architectures = prepareArchitectures(workload, prices, report.architectures.map((a) => a.id));
  const map = reportDecisionMap(workload, catalog, report);
  return renderHtml(report, {
    ...(map ? { map } : {}),
    volume: volumeCurve(report, prices, architectures),
    timeline: sampleTimeline(workload, report.simulation.seed, architectures),
  });
}

/** Volume × the most decisive duration, with the report's own options (fewer samples per row). */
export function reportDecisionMap(workload: Workload, catalog: PricingCatalog, report: Report): ReportDecisionMap | undefined {
  const duration = decisiveDuration(workload);
  if (!duration) return undefined;
  const v = Math.max(1, workload.executionsPerMonth);
  const volume: VarySpec = {
    path: 'executionsPerMonth',
    parameter: { kind: 'executionsPerMonth' },
    from: Math.max(1, Math.round(v / 1000)),
    to: Math.min(MAX_EXECUTIONS_PER_MONTH, v * 100),
  };
  const samples = Math.min(MAP_SAMPLES, report.simulation.requestedSamples);
  const options: AnalyzeOptions = {
    samples,
    seed: report.simulation.seed,
    freeTier: report.pricing.freeTier,
    lambdaComputeDiscountPercent: report.pricing.lambdaComputeDiscountPercent,
    architectures: report.architectures.map((a) => a.id),
  };
  const varies = [volume, duration] as const;
  const result = decisionMap(workload, catalog, varies, { steps: [MAP_VOLUMES, MAP_ROWS], scales: ['log', 'log'], analyze: options });
  const why =
    `The map varies the volume and ${duration.path}: of this workload's steps, the one with the longest mean duration, so the one that ` +
    `moves an execution against the time limits (15 minutes for one function, 5 for Express) and the bills that grow with time the most; ` +
    `from a tenth of its median to ten times it. Each row is one simulation of ${formatCount(samples)} executions, priced at every volume.`;
  return { result, varies, why };
}
