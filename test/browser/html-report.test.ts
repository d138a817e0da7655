/**
 * The HTML report in real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * the charts drew, the page asked for nothing but itself, logged no error, and works without
 * JavaScript. Skips, saying why, only when /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
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

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  it('draws every chart, requests nothing but the file, logs no error, needs no JavaScript', async () => {
    const workload = loadWorkloadFile(join(import.meta.dirname, '..', '..', 'examples', 'order-fulfilment.yaml'));
    const report = analyze(workload, catalog, { samples: 3000, seed: 1, freeTier: false });
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-browser-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await renderHtmlReport(workload, catalog, report));
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url, { waitUntil: 'load' });

      expect(await page.locator('h2').first().textContent()).toBe(report.architectures.find((a) => a.id === report.recommendation.architecture)!.label);
      for (const id of ['volume', 'breakdown', 'durations', 'timeline']) {
        const svg = page.locator(`#chart-${id} svg`);
        expect(await svg.count(), id).toBe(1);
        const box = await svg.boundingBox();
        expect(box && box.width > 300 && box.height > 100, `${id} has a size`).toBe(true);
      }
      expect(await page.locator('#chart-volume g.mark-line path').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#chart-breakdown g.mark-rect path').count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#chart-durations g.mark-tick path, #chart-durations g.mark-rect path').count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#chart-timeline g.mark-rect path').count()).toBeGreaterThanOrEqual(20);
      expect(await page.locator('#chart-timeline text', { hasText: 'manager-approval' }).count()).toBeGreaterThanOrEqual(3);

      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
