import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayMonthlyTotal, formatUsd } from '../../src/report/format.js';
import { md, renderMarkdown } from '../../src/report/render-markdown.js';
import { analyzeYaml, arch } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => readFileSync(join(root, 'examples', `${name}.yaml`), 'utf8');

describe('renderMarkdown', () => {
  const report = analyzeYaml(example('order-fulfilment'));
  const text = renderMarkdown(report);

  it('leads with the recommendation and every reason', () => {
    expect(text.split('\n')[0]).toBe('# flowcost · order-fulfilment');
    expect(text).toContain('## Recommendation: Standard + Express children (`sfn-hybrid`)');
    for (const reason of report.recommendation.reasons) expect(text).toContain(`- ${md(reason)}`);
  });

  it('has a summary row per architecture, with the month rounded per line like the table', () => {
    for (const a of report.architectures) {
      const row = text.split('\n').find((l) => l.includes(`(\`${a.id}\`)`) && l.startsWith('| '));
      expect(row, a.id).toBeDefined();
      expect(row).toContain(md(formatUsd(displayMonthlyTotal(a.monthlyCost.lines))));
      expect(row).toContain(a.feasible ? '✅ yes' : '❌ no');
    }
    expect(text).toMatch(/\| ▶ \*\*Standard \+ Express children \(`sfn-hybrid`\)\*\* \| ✅ yes \|/);
  });

  it('marks limits ✅ / ⚠️ / ❌ and totals each cost table', () => {
    expect(text).toMatch(/\| One Lambda function \| Lambda function timeout \(15 minutes\) \| 15m 00s \| .* \| ❌ exceeded \|/);
    expect(text).toMatch(/\| Step Functions Standard \| Step Functions state payload \(256 KB\) \| 256 KB \| 12 KB \| 0% \| ✅ ok \|/);
    const lambdaTotal = md(formatUsd(displayMonthlyTotal(arch(report, 'lambda').monthlyCost.lines)));
    expect(text).toContain(`| **Total** |  |  | **${lambdaTotal}** |`);
    // GitHub renders $…$ as math: every dollar sign is escaped.
    expect(text).not.toMatch(/(^|[^\\])\$/m);
  });

  it('lists estimated prices', () => {
    const tokyo = renderMarkdown(analyzeYaml(example('api-backend').replace('region: us-east-1', 'region: ap-northeast-1')));
    expect(tokyo).toMatch(/\\\* estimated price — /);
  });

  it('escapes names so they cannot inject Markdown or HTML', () => {
    const evil = renderMarkdown(analyzeYaml('name: "evil | <img src=x onerror=alert(1)> *b* [l](http://x)"\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: t\n    duration: 10ms\n'));
    expect(evil).not.toContain('<img');
    expect(evil).toContain('# flowcost · evil \\| &lt;img src=x onerror=alert(1)&gt; \\*b\\* \\[l\\](http://x)');
  });
});
