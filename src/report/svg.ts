/**
 * Vega-Lite spec → static SVG, in Node (no browser, no network, no fonts: text widths are
 * estimated, so the output is the same on every machine). vega and vega-lite load on first use
 * only, so commands that draw no chart do not pay for them.
 */
import type { LoggerInterface } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { visibleText } from './escape.js';

/**
 * `warnings` collects what Vega-Lite would have printed about the spec (tests require none); they
 * are never printed on the user's terminal.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string, warnings: string[] = []): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec, { logger: collecting(warnings) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Labels are names from the workload: their control characters are shown as escapes (escape.ts).
    return visibleText(prefixIds(svg, idPrefix));
  } finally {
    view.finalize();
  }
}

/** Several SVGs share one page: make their ids (clip paths, gradients) unique to each. */
function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

function collecting(warnings: string[]): LoggerInterface {
  const note = (args: unknown[]) => warnings.push(args.map(String).join(' '));
  return {
    level(_level?: number) {
      return this;
    },
    error(...args: unknown[]) {
      note(args);
      return this;
    },
    warn(...args: unknown[]) {
      note(args);
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
}
