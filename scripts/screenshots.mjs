#!/usr/bin/env node
// `node scripts/screenshots.mjs OUT_DIR FILE.html…`: full-page PNGs of HTML pages in headless
// Chromium (Debian's /usr/bin/chromium, playwright-core) at 1280 and 390 px wide, to look at them
// (issue 15.14), and one PNG per <section> (…-1280-s3.png) to look at each chart at its real size.
// Prints each PNG with the page's width and whether it scrolls sideways.
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [out = '/tmp/flowcost-screenshots', ...files] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND'],
});
try {
  for (const file of files) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      const png = join(out, `${basename(file, '.html')}-${width}.png`);
      await page.screenshot({ path: png, fullPage: true });
      console.log(`${png}  page ${scrollWidth}px wide${scrollWidth > width ? ' — SCROLLS SIDEWAYS' : ''}`);
      const sections = page.locator('main > section');
      for (let i = 0; i < (await sections.count()); i++) {
        await sections.nth(i).screenshot({ path: join(out, `${basename(file, '.html')}-${width}-s${i}.png`) });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
