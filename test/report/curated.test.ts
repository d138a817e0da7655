import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { curatedReports } from '../../src/report/curated.js';
import { catalog } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();

describe('reports/ (curated examples)', () => {
  it('has a Markdown and an HTML report for every example, and nothing else', () => {
    const expected = examples.flatMap((f) => [`${basename(f, '.yaml')}.html`, `${basename(f, '.yaml')}.md`]).sort();
    expect(readdirSync(join(root, 'reports')).sort()).toEqual(expected);
  });

  it.each(examples)('%s: reports/ is up to date (run `npm run reports` when this fails)', async (file) => {
    const name = basename(file, '.yaml');
    const files = await curatedReports(name, loadWorkloadFile(join(root, 'examples', file)), catalog);
    for (const [target, content] of Object.entries(files)) {
      const onDisk = readFileSync(join(root, 'reports', target), 'utf8');
      expect(onDisk === content, `reports/${target} is stale: run \`npm run reports\``).toBe(true);
      if (target.endsWith('.html')) expect(Buffer.byteLength(content)).toBeLessThan(3_000_000);
    }
  });
});
