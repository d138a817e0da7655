/**
 * Issue 14, items 4 and 5 (and issue 15, defect 13): a workload, step or state name is escaped for
 * every output it reaches. A name holding a line break cannot start a log line of its own (a GitHub
 * workflow command such as `::error file=README.md,line=1::injected`), control characters (ANSI
 * escapes, BEL, CR) never reach any output raw, Markdown cannot render an image or a link from a
 * name, HTML cannot take a tag from it, and `$` is escaped in every Markdown output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  htmlText,
  jsonText,
  markdownText,
  terminalText,
  visibleText,
  workflowData,
  workflowProperty,
} from '../../src/report/escape.js';
import { runCli } from '../helpers-cli.js';

/** YAML double-quoted escapes: \n, \r, \e (ESC), \a (BEL), \u202e (right-to-left override). */
export const HOSTILE_NAMES = [
  String.raw`x\n::error file=README.md,line=1::injected`,
  String.raw`\r::warning::carriage`,
  String.raw`\e[31mred\e[0m\a bell`,
  String.raw`##[error]legacy command`,
  String.raw`![p](https://evil.example/p.png) [Approve](https://evil.example/phish)`,
  String.raw`<script>alert(1)</script> $1,000 | cell`,
  String.raw`100%0A::error::percent \u202eright-to-left \x9b31m c1`,
];
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function hostileWorkload(dir: string, name: string, index: number): string {
  const file = join(dir, `w${index}.yaml`);
  writeFileSync(
    file,
    [
      `name: "${name}"`,
      'region: us-east-1',
      'executionsPerMonth: 1000000',
      'steps:',
      `  - task: "${name} task"`,
      '    duration: 10m',
      '  - wait: "approval"',
      '    mode: callback',
      '    duration: 1h',
      'policy:',
      '  decision: lambda',
      '  assertions:',
      '    decision-feasible: error',
      '    max-monthly-cost: [error, { usd: 1 }]',
      '    cheaper-alternative: [warn, { minSavingsPercent: 1 }]',
      '',
    ].join('\n'),
  );
  return file;
}

/** The log checks: no line of our own making starts with a workflow command, none holds "##[". */
function expectSafeLog(text: string, ours: RegExp = /^::(error|warning) (file=|title=)|^::stop-commands::flowcost-[0-9a-f]{32}$|^::flowcost-[0-9a-f]{32}::$/): void {
  expect(text).not.toMatch(RAW_CONTROL);
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('::')) expect(trimmed, line).toMatch(ours);
    expect(line).not.toContain('##[');
  }
}

describe('escape.ts', () => {
  it('shows control and invisible characters as escapes', () => {
    expect(visibleText('a\u001b[31mb\u0007c\r\n\td\u202ee\u009bf\u2028')).toBe('a\\u001b[31mb\\u0007c\\u000d\\u000a\\u0009d\\u202ee\\u009bf\\u2028');
    expect(terminalText('##[error]x')).toBe('#\\u0023[error]x');
  });

  it('workflow commands escape as GitHub toolkit does: data %, CR, LF; properties also : and ,', () => {
    expect(workflowData('100% done')).toBe('100%25 done');
    expect(workflowData('a\nb')).toBe('a\\u000ab');
    expect(workflowProperty('flowcost gate: a,b')).toBe('flowcost gate%3A a%2Cb');
  });

  it('Markdown escapes punctuation that makes links, images, HTML, tables and maths', () => {
    expect(markdownText('![p](u) [A](u) <b> | $5 & `c`')).toBe('\\!\\[p\\](u) \\[A\\](u) &lt;b&gt; \\| \\$5 &amp; \\`c\\`');
  });

  it('JSON keeps every value exactly, but writes invisible characters and "##[" as \\u escapes', () => {
    const values = ['##[error]x', 'a\u009bb\u202ec\u2028d', 'e\u001bf\ng', '\\##['];
    const text = jsonText(JSON.stringify({ values }, null, 2));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toContain('##[');
    expect(JSON.parse(text)).toEqual({ values });
  });

  it('HTML escapes metacharacters and shows control characters', () => {
    expect(htmlText('<a href="x">\u001b')).toBe('&#60;a href=&#34;x&#34;&#62;\\u001b');
  });
});

describe('hostile names in every output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-escape-'));
  const files = HOSTILE_NAMES.map((name, i) => hostileWorkload(dir, name, i));

  it.each(files.map((file, i) => [HOSTILE_NAMES[i]!, file]))('%s', async (name, file) => {
    const common = ['--samples', '200'];
    const table = await runCli(['analyze', file, ...common]);
    expect(table.code).toBe(0);
    expectSafeLog(table.stdout);
    expectSafeLog(table.stderr);

    const markdown = await runCli(['analyze', file, '-f', 'markdown', ...common]);
    expect(markdown.stdout).not.toMatch(RAW_CONTROL);
    expect(markdown.stdout).not.toMatch(/(^|[^\\])!\[p\]/);
    expect(markdown.stdout).not.toMatch(/(^|[^\\])\[Approve\]/);
    expect(markdown.stdout).not.toContain('<script');
    expect(markdown.stdout).not.toMatch(/(^|[^\\])\$\d/);

    // HTML (slow to draw: only for the names with control characters, a tag or a bidi override).
    if (/\\e|<script>|\\u202e/.test(name)) {
      const html = await runCli(['analyze', file, '-f', 'html', ...common]);
      expect(html.code).toBe(0);
      expect(html.stdout).not.toContain('<script>alert');
      expect(html.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
    }

    const json = await runCli(['analyze', file, '-f', 'json', ...common]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, json.stdout);

    for (const format of ['table', 'github', 'json'] as const) {
      const gate = await runCli(['gate', file, '--baseline', baseline, '-f', format, ...common]);
      expect(gate.code, gate.stderr).toBe(1);
      expectSafeLog(gate.stdout);
      expectSafeLog(gate.stderr);
    }
    const github = await runCli(['gate', file, '-f', 'github', ...common]);
    // Our annotations (one per failed assertion), then the log between stop-commands and its end token.
    const lines = github.stdout.split('\n');
    expect(lines.filter((l) => /^::(error|warning) /.test(l))).toHaveLength(3);
    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[start]!.slice('::stop-commands::'.length);
    expect(lines.at(-2)).toBe(`::${token}::`);
    expect(lines.slice(start + 1, -2).join('\n')).not.toContain(token);

    const gateMarkdown = await runCli(['gate', file, '--baseline', baseline, '-f', 'markdown', ...common]);
    expect(gateMarkdown.stdout).not.toMatch(RAW_CONTROL);
    expect(gateMarkdown.stdout).not.toMatch(/(^|[^\\])!\[p\]/);
    expect(gateMarkdown.stdout).not.toMatch(/(^|[^\\])\[Approve\]/);
    expect(gateMarkdown.stdout).not.toContain('<script');
    // Dollars are escaped (GitHub renders $…$ as maths), as in analyze's Markdown.
    expect(gateMarkdown.stdout).toMatch(/\\\$\d/);
    expect(gateMarkdown.stdout).not.toMatch(/(^|[^\\])\$\d/);

    const sweep = await runCli(['sweep', file, '--vary', `steps.${'x'}.duration=1s..2s`, ...common]);
    expectSafeLog(sweep.stderr);
    const sweepVolume = await runCli(['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--steps', '3', ...common]);
    expect(sweepVolume.code).toBe(0);
    expectSafeLog(sweepVolume.stdout);
    const sweepMarkdown = await runCli(['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--steps', '3', '-f', 'markdown', ...common]);
    expect(sweepMarkdown.stdout).not.toMatch(RAW_CONTROL);
    expect(sweepMarkdown.stdout).not.toMatch(/(^|[^\\])!\[p\]/);
  });

  it('error messages and warnings on stderr that quote a name are escaped too', async () => {
    const name = HOSTILE_NAMES[0]!;
    const duplicate = join(dir, 'duplicate.yaml');
    writeFileSync(duplicate, `name: w\nregion: us-east-1\nexecutionsPerMonth: 1\nsteps:\n  - task: "${name}"\n    duration: 1s\n  - task: "${name}"\n    duration: 1s\n`);
    const result = await runCli(['validate', duplicate]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is used twice');
    expectSafeLog(result.stderr);
    expectSafeLog(result.stdout);

    // An imported state machine: the warning about defaults lists the state names. (A name holding a
    // line break is refused by asl-validator already; one holding an escape sequence, "::" and "%" is not.)
    const machine = join(dir, 'machine.asl.json');
    const hostile = 'a ::error::state %0A \u001b[31m';
    writeFileSync(machine, JSON.stringify({ StartAt: hostile, States: { [hostile]: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', End: true } } }));
    const workload = join(dir, 'imported.yaml');
    writeFileSync(workload, 'name: w\nregion: us-east-1\nexecutionsPerMonth: 1\nstateMachine: { definition: machine.asl.json }\n');
    const analyzed = await runCli(['analyze', workload, '--samples', '100', '--root', dir]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.stderr).toContain('flowcost: warning:');
    expectSafeLog(analyzed.stderr);
    expectSafeLog(analyzed.stdout);
    void readFileSync;
  });
});
