/**
 * The HTML report, the sweep page and the decision map in real headless Chromium (Debian's
 * `chromium`, driven by playwright-core), at 1280 px and at 390 px (a phone): every chart drew,
 * at its own size on a wide screen with legible text; the page never scrolls sideways; the big
 * numbers do not wrap; the page asked for nothing but itself, logged no error, and needs no
 * JavaScript. Screenshots (PNG) are written next to the pages, to look at. Skips, saying why,
 * only when /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { decisionMap } from '../../src/sweep/decision-map.js';
import { parseVary } from '../../src/sweep/parameter.js';
import { renderMapHtml } from '../../src/sweep/render-map.js';
import { renderSweepHtml } from '../../src/sweep/render-html.js';
import { sweep } from '../../src/sweep/sweep.js';
import { catalog } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/browser: skipped — ${CHROMIUM} is missing (apt-get install -y chromium)`);

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'flowcost-browser-'));
const WIDTHS = [1280, 390] as const;

/** Opens `file` at `width`; returns the page, what it requested and what it logged. */
async function open(browser: Browser, file: string, width: number) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors, url: pathToFileURL(file).href };
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Each chart: its SVG's own width, the width it is drawn at, and its smallest text as drawn (px). */
function charts(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('section.chart')].map((section) => {
      const svg = section.querySelector('svg')!;
      const drawn = svg.getBoundingClientRect().width;
      const own = Number(svg.getAttribute('width'));
      const sizes = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => Number.parseFloat(t.getAttribute('font-size') ?? getComputedStyle(t).fontSize));
      return { id: section.id, own, drawn, smallestText: (Math.min(...sizes) * drawn) / own };
    }),
  );
}

describe.skipIf(!hasChromium)('HTML pages in headless Chromium', () => {
  let browser: Browser;
  const workload = loadWorkloadFile(join(root, 'examples', 'order-fulfilment.yaml'));
  const report = analyze(workload, catalog, { samples: 3000, seed: 1, freeTier: false });
  const files: Record<string, string> = {};

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    files['report'] = join(dir, 'report.html');
    writeFileSync(files['report'], await renderHtmlReport(workload, catalog, report));
    const polling = loadWorkloadFile(join(root, 'examples', 'nightly-export-polling.yaml'));
    const options = { samples: 1000, seed: 1, freeTier: false };
    const one = parseVary('steps.export-ready.duration=30s..1h', polling);
    files['sweep'] = join(dir, 'sweep.html');
    writeFileSync(files['sweep'], await renderSweepHtml(sweep(polling, catalog, one, { steps: 8, scale: 'log', analyze: options }), one.parameter));
    const varies = [parseVary('executionsPerMonth=1k..10M', polling), one] as const;
    files['map'] = join(dir, 'map.html');
    writeFileSync(files['map'], await renderMapHtml(decisionMap(polling, catalog, varies, { steps: [15, 6], scales: ['log', 'log'], analyze: options }), varies));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the report draws every chart, requests nothing but the file, logs no error, needs no JavaScript', async () => {
    const { page, requests, errors, url } = await open(browser, files['report']!, 1280);
    expect(await page.locator('h2').first().textContent()).toBe(report.architectures.find((a) => a.id === report.recommendation.architecture)!.label);
    for (const id of ['map', 'volume', 'breakdown', 'durations', 'timeline']) {
      const svg = page.locator(`#chart-${id} svg`);
      expect(await svg.count(), id).toBe(1);
      const box = await svg.boundingBox();
      expect(box && box.width > 300 && box.height > 100, `${id} has a size`).toBe(true);
    }
    expect(await page.locator('#chart-map g.mark-rect path').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('#chart-volume g.mark-line path').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#chart-breakdown g.mark-rect path').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#chart-durations g.mark-tick path, #chart-durations g.mark-rect path').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#chart-timeline g.mark-rect path').count()).toBeGreaterThanOrEqual(20);
    expect(await page.locator('#chart-timeline text', { hasText: 'manager-approval' }).count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('section.remedies li').count()).toBeGreaterThanOrEqual(2);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });

  it.each(WIDTHS)('the report at %i px: no sideways scroll, charts at their own size (or scrolling in their card), big numbers on one line', async (width) => {
    const { page } = await open(browser, files['report']!, width);
    await page.screenshot({ path: join(dir, `report-${width}.png`), fullPage: true });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
    for (const chart of await charts(page)) {
      // On a wide screen nothing is shrunk; on a phone a chart keeps at least 70% of its size (it scrolls in its card).
      expect(chart.drawn / chart.own, `${chart.id} drawn at ${chart.drawn} of ${chart.own} px`).toBeGreaterThanOrEqual(width >= 1280 ? 0.999 : 0.6);
      expect(chart.smallestText, `${chart.id}: smallest text ${chart.smallestText.toFixed(1)} px`).toBeGreaterThanOrEqual(width >= 1280 ? 11 : 6.5);
    }
    const money = await page.locator('.card .money').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(n).fontSize)));
    for (const lines of money) expect(lines, 'a monthly total on one line').toBeLessThan(1.8);
  });

  it.each(WIDTHS)('the sweep page and the decision map at %i px: no sideways scroll, the table in its card, axes in units', async (width) => {
    for (const name of ['sweep', 'map'] as const) {
      const { page, requests, errors, url } = await open(browser, files[name]!, width);
      await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
      expect(await scrollWidth(page), name).toBeLessThanOrEqual(width);
      const spill = await page.evaluate(() =>
        [...document.querySelectorAll('table')].filter((t) => t.closest('.scroll') === null && t.getBoundingClientRect().right > t.closest('section')!.getBoundingClientRect().right + 1).length,
      );
      expect(spill, `${name}: tables past their card`).toBe(0);
      const labels = await page.locator('svg g.role-axis-label text').allTextContents();
      expect(labels.some((l) => /^\d{4,}$/.test(l.trim())), `${name}: raw numbers on an axis: ${labels.join(', ')}`).toBe(false);
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
    }
  });
});
