/** The gate as Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY. */
import type { AssertionResult, GateResult } from './evaluate.js';
import type { GateVerdict } from './exit-code.js';
import { markdownText } from '../report/escape.js';
import { precisionSentence } from '../report/format.js';
import { actualText, deltaText, expectedText, statusText, usdOrDash, verdictText } from './format.js';

const ICON = { pass: '✅', FAIL: '❌', warn: '⚠️' } as const satisfies Record<ReturnType<typeof statusText>, string>;

export function renderGateMarkdown(gate: GateResult, verdict: GateVerdict): string {
  const out: string[] = [];
  const icon = verdict.passed ? (verdict.failedWarnings > 0 ? ICON.warn : ICON.pass) : ICON.FAIL;
  out.push(`### ${icon} flowcost gate ${verdictText(verdict)}`);
  out.push('');
  out.push(`Workload **${cell(gate.workload)}**, decision **\`${gate.decision}\`**${gate.preset ? ` (extends \`${gate.preset}\`)` : ''}.`);
  const samples = gate.simulation && precisionSentence(gate.simulation);
  if (samples) out.push('', samples);
  out.push('');
  if (gate.results.length > 0) {
    out.push('| | Assertion | Level | Expected | Actual |', '|---|---|---|---|---|');
    for (const r of gate.results) {
      out.push(`| ${ICON[statusText(r)]} | \`${r.id}\` | ${r.level} | ${cell(expectedText(r))} | ${cell(actualText(r))} |`);
    }
    out.push('');
    const failed = gate.results.filter((r) => !r.passed);
    const passed = gate.results.filter((r) => r.passed);
    if (failed.length > 0) out.push(...failed.map(item), '');
    if (passed.length > 0) out.push('<details><summary>Passed</summary>', '', ...passed.map(item), '', '</details>', '');
  }
  if (gate.baseline) {
    out.push(`#### Monthly cost against the baseline (${cell(gate.baseline.workload)})`, '');
    out.push('| Architecture | Baseline | This change | Change |', '|---|---:|---:|---:|');
    for (const d of gate.baseline.architectures) {
      const chosen = d.id === gate.decision ? ' (decision)' : '';
      out.push(`| \`${d.id}\`${chosen} | ${cell(usdOrDash(d.beforeUsd))} | ${cell(usdOrDash(d.afterUsd))} | ${cell(deltaText(d))} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function item(r: AssertionResult): string {
  return `- ${ICON[statusText(r)]} **${r.id}** (${r.level}): ${escapeMarkdown(r.message)}`;
}

/** A table cell: markdownText escapes `|` already. */
function cell(text: string): string {
  return escapeMarkdown(text);
}

/** As analyze's Markdown escapes text (escape.ts): names cannot add images, links or HTML; `$` cannot start maths. */
function escapeMarkdown(text: string): string {
  return markdownText(text);
}
