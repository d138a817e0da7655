/**
 * The curated example reports in reports/: what `npm run reports` writes and what the staleness
 * test regenerates in memory. Fixed options, so the files change only when flowcost's answer does.
 */
import { analyze, type AnalyzeOptions } from '../analyze.js';
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Workload } from '../workload/types.js';
import { renderHtmlReport } from './html-report.js';
import { renderMarkdown } from './render-markdown.js';

export const CURATED_OPTIONS: AnalyzeOptions = { samples: 10_000, seed: 1, freeTier: false };

/** File name → content, for the example called `name`. */
export async function curatedReports(name: string, workload: Workload, catalog: PricingCatalog): Promise<Record<string, string>> {
  const report = analyze(workload, catalog, CURATED_OPTIONS);
  return {
    [`${name}.md`]: renderMarkdown(report),
    [`${name}.html`]: await renderHtmlReport(workload, catalog, report),
  };
}
