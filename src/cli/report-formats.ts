/** The Markdown and HTML reports for the CLI; the HTML code (and vega) loads only when asked for. */
import type { PricingCatalog } from '../pricing/catalog.js';
import type { Report } from '../report/model.js';
import { renderMarkdown } from '../report/render-markdown.js';
import type { Workload } from '../workload/types.js';

export async function richReport(format: 'markdown' | 'html', workload: Workload, catalog: PricingCatalog, report: Report): Promise<string> {
  if (format === 'markdown') return renderMarkdown(report);
  const { renderHtmlReport } = await import('../report/html-report.js');
  return renderHtmlReport(workload, catalog, report);
}
