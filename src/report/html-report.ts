/** The HTML report with every chart: the volume curve and one traced execution need the workload and prices. */
import { regionPrices } from '../analyze.js';
import { prepareArchitectures } from '../engine/simulate.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import type { Report } from './model.js';
import { renderHtml } from './render-html.js';
import { sampleTimeline } from './timeline.js';
import { volumeCurve } from './volume.js';

export function renderHtmlReport(workload: Workload, catalog: PricingCatalog, report: Report): Promise<string> {
  const prices = regionPrices(catalog, report.pricing.region);
  const architectures = prepareArchitectures(workload, prices, report.architectures.map((a) => a.id));
  return renderHtml(report, {
    volume: volumeCurve(report, prices, architectures),
    timeline: sampleTimeline(workload, report.simulation.seed, architectures),
  });
}
