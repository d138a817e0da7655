/**
 * The page shell shared by the HTML report and the HTML sweep: one self-contained file, no script,
 * no external resource (a Content-Security-Policy forbids any), styles inline, system fonts.
 */

import { htmlText } from './escape.js';

/** Text or attribute value safe inside HTML (escape.ts). */
export const escapeHtml = htmlText;

const CSS = `
:root { --ink: #1d2125; --muted: #5b636b; --line: #d8dde2; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; overflow-wrap: break-word; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { margin: 0; font-size: 28px; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
.meta { margin: 4px 0 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin-top: 18px; }
h2 { font-size: 19px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.verdict { border-left: 6px solid var(--ok); }
.verdict.none { border-left-color: var(--bad); }
.verdict .label { margin: 0; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
.verdict h2 { font-size: 26px; margin: 2px 0 6px; }
.verdict .lead { font-size: 17px; margin: 0 0 8px; }
.verdict ul { margin: 0; padding-left: 20px; color: var(--ink); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; border-top: 5px solid var(--c, #888); }
.card.chosen { box-shadow: 0 0 0 2px var(--ok); }
.card .name { font-weight: 600; }
.card .money { font-size: 24px; font-weight: 650; margin: 2px 0; white-space: nowrap; }
.card .per { color: var(--muted); font-size: 13px; }
.badge { white-space: nowrap; display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #dafbe1; color: var(--ok); }
.badge.near { background: #fff8c5; color: var(--warn); }
.badge.exceeded { background: #ffebe9; color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 650; border-bottom: none; }
.remedies { border-left: 6px solid var(--warn); }
.remedies > ul { padding-left: 18px; margin: 0; }
.remedies li { margin: 4px 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.chart .frame { overflow-x: auto; max-width: 100%; }
.chart svg { max-width: 100%; height: auto; display: block; }
table.map { width: auto; font-size: 12px; }
table.compact { font-size: 13px; }
table.compact th, table.compact td { padding: 4px 6px; }
table.map td, table.map th { padding: 2px 6px; white-space: nowrap; text-align: center; }
details { margin-top: 10px; }
summary { cursor: pointer; color: var(--accent); }
.note { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
code { white-space: nowrap; font-size: 13px; }
code.name { white-space: normal; background: #eef1f4; padding: 0 3px; border-radius: 3px; }
.nowrap { white-space: nowrap; }
.note.phone { display: none; }
footer { color: var(--muted); font-size: 13px; margin-top: 18px; }
@media (max-width: 640px) {
  main { padding: 16px 10px 32px; }
  section { padding: 14px 12px; }
  header h1 { font-size: 22px; }
  .verdict h2 { font-size: 21px; }
  .verdict .lead { font-size: 15px; }
  /* Charts keep a legible size and scroll inside their card. */
  .chart svg { max-width: none; width: 600px; }
  .note.phone { display: block; }
}
@media print { body { background: #fff; } section { break-inside: avoid; } }
`;

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
