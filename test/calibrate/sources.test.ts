/**
 * Each source format, read from the fixtures written after AWS's documentation
 * (test/fixtures/calibrate/README.md lists the pages), and from the generator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistoryAnalyzer, historyEventKey, historyFieldKey, HistoryFileReader, type StateCatalog } from '../../src/calibrate/history.js';
import { JsonUnitReader, type JsonUnitHandler } from '../../src/calibrate/json-stream.js';
import { BoundSourceReader, boundFieldKey, LambdaLogStats, LineSplitter, logEventKey, MAX_BOUND_STRING, readLogLine } from '../../src/calibrate/lambda-logs.js';
import { powerTuningFrom } from '../../src/calibrate/power-tuning.js';
import { machineTargets, stepTargets } from '../../src/calibrate/targets.js';
import { loadDefinitionFile } from '../../src/io/load-definition.js';
import { parseYamlSource } from '../../src/io/yaml-source.js';
import { generateExecutions } from './generator.js';
import { KNOWN } from './known-workload.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'calibrate');
const root = join(import.meta.dirname, '..', '..');
const text = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function scatterCatalog(): StateCatalog {
  const data = parseYamlSource(text('scatter-gather.yaml'), 'scatter-gather.yaml').data;
  return machineTargets(data, loadDefinitionFile(join(root, 'examples', 'imported', 'scatter-gather.asl.json')).definition.root).catalog;
}

function readJson(handler: JsonUnitHandler, content: string, forHistories: boolean): void {
  const reader = new JsonUnitReader(
    handler,
    forHistories
      ? { eventKeys: historyEventKey, fieldKeys: historyFieldKey, maxStringLength: 4_096, maxItems: 100_000, maxDepth: 64 }
      : { eventKeys: logEventKey, fieldKeys: boundFieldKey, maxStringLength: MAX_BOUND_STRING, maxItems: 100_000, maxDepth: 64 },
  );
  reader.write(content);
  reader.end();
}

function analyze(catalog: StateCatalog, files: Record<string, string>): HistoryAnalyzer {
  const analyzer = new HistoryAnalyzer(catalog);
  for (const [name, content] of Object.entries(files)) {
    const reader = new HistoryFileReader(analyzer, name);
    readJson(reader, content, true);
    reader.end();
  }
  return analyzer;
}

describe('execution histories (get-execution-history JSON)', () => {
  const analyzer = analyze(scatterCatalog(), {
    'cli.json': text('scatter-gather-history-cli.json'),
    'api.json': text('scatter-gather-history-api.json'),
  });
  const states = analyzer.stats.states;

  it('reads both timestamp forms: ISO 8601 with an offset (CLI) and epoch seconds (API)', () => {
    expect(analyzer.stats.executions).toBe(2);
    expect(analyzer.stats.statuses.counts).toEqual(new Map([['Succeeded', 1], ['Failed', 1]]));
    // Both executions call Validate order for TaskStarted (+31 ms) → TaskSucceeded (+151 ms).
    const validate = states.get('Validate order')!;
    expect(validate.call.count).toBe(2);
    expect(validate.call.min).toBeCloseTo(120, 6);
    expect(validate.call.max).toBeCloseTo(120, 6);
    expect(analyzer.stats.lastStartMs - analyzer.stats.firstStartMs).toBeCloseTo(600_000, 3);
  });

  it('counts attempts, failures with their error, and retries per attempt', () => {
    const quote = states.get('Get quote')!;
    expect(quote.entered).toBe(4); // two Map iterations in each execution
    expect(quote.attempts).toBe(5); // one of them retried after States.Timeout
    expect(quote.failedAttempts).toBe(1);
    expect(quote.retries).toBe(1);
    expect(quote.errors.ranked()).toEqual([['States.Timeout', 1]]);
  });

  it('reads Map items (MapStateStarted.length) and iteration times of concurrent iterations', () => {
    const map = states.get('Get quotes')!;
    expect([map.items.min, map.items.max]).toEqual([2, 2]);
    expect(map.iteration.count).toBe(4);
  });

  it('tells a callback task\'s call from its wait for the token', () => {
    const approve = states.get('Approve')!;
    expect(approve.patterns.ranked()).toEqual([['callback', 2]]);
    expect(approve.call.max).toBeCloseTo(30, 6); // TaskStarted → TaskSubmitted
    expect(approve.callbackWait.quantile(0)).toBeCloseTo(2 * 3_600_000, 3);
    expect(approve.callbackWait.quantile(1)).toBeCloseTo(5 * 3_600_000, 3);
  });

  it('counts which state follows a Choice', () => {
    expect(states.get('Is valid?')!.next.counts).toEqual(new Map([['Ship', 1], ['Reject', 1]]));
    expect(states.get('Reject')!.entered).toBe(1);
  });

  it('the same executions give the same numbers in either timestamp form', () => {
    const catalog = stepTargets(parseYamlSource(KNOWN_YAML, 'known.yaml').data).catalog;
    const summary = (timestamps: 'iso' | 'epoch') => {
      const files = Object.fromEntries(
        generateExecutions(KNOWN, { executions: 40, seed: 3, timestamps, secret: 's' }).map((e, i) => [`${i}.json`, JSON.stringify(e.history)]),
      );
      const a = analyze(catalog, files);
      return [...a.stats.states.values()].map((s) => [s.name, s.entered, s.attempts, Math.round(s.call.sum), Math.round(s.duration.sum), s.items.sum]);
    };
    expect(summary('epoch')).toEqual(summary('iso'));
  });

  it('reads a poll wait\'s loop: Wait → check Task → Choice rounds', () => {
    const data = parseYamlSource(text('polling.yaml'), 'polling.yaml').data;
    const a = analyze(stepTargets(data).catalog, { 'poll.json': text('poll-histories.json') });
    const wait = a.stats.states.get('export-done')!;
    expect(wait.pollRounds.min).toBe(3);
    expect(wait.pollRounds.max).toBe(5);
    expect(wait.pollLoop.min).toBeCloseTo(3 * 30_164 - 1, 3);
    expect(a.stats.states.get('export-done (check)')!.call.count).toBe(8);
  });

  it('reads a bare list of events (--query events) and histories in a row (JSON Lines)', () => {
    const events = JSON.parse(text('scatter-gather-history-cli.json')).events;
    const bare = analyze(scatterCatalog(), { 'bare.json': JSON.stringify(events) });
    expect(bare.stats.executions).toBe(1);
    const lines = `${JSON.stringify({ events })}\n${JSON.stringify(JSON.parse(text('scatter-gather-history-api.json')))}\n`;
    expect(analyze(scatterCatalog(), { 'lines.json': lines }).stats.executions).toBe(2);
  });

  it('histories of another machine are "mixed" whichever comes first', () => {
    const foreignFirst = () => analyze(scatterCatalog(), { 'poll.json': text('poll-histories.json'), 'cli.json': text('scatter-gather-history-cli.json') });
    expect(foreignFirst).toThrow(/histories of two different state machines are mixed: poll\.json names/);
    const only = analyze(scatterCatalog(), { 'poll.json': text('poll-histories.json') }).finish();
    expect(only?.problem.message).toMatch(/the history's states are not in the workload's definition/);
  });

  it('keeps nothing of inputs, outputs, parameters or causes', () => {
    const kept: string[] = [];
    readJson({ event: (v) => kept.push(JSON.stringify(v)), unit: (f) => kept.push(JSON.stringify(f)) }, text('scatter-gather-history-cli.json'), true);
    expect(kept.join('')).not.toContain('SECRET');
    expect(kept.join('')).toContain('Validate order');
  });
});

const KNOWN_YAML = `name: orders
region: us-east-1
executionsPerMonth: 1
steps:
  - task: validate-order
    duration: 1ms
  - task: charge-card
    duration: 1ms
  - wait: manager-approval
    mode: callback
    duration: 1m
  - parallel: enrich
    branches:
      - [ { task: fraud-score, duration: 1ms } ]
      - [ { task: loyalty, duration: 1ms } ]
  - map: ship-items
    items: 1
    steps: [ { task: ship-one, duration: 1ms } ]
  - choice: route
    branches:
      - { probability: 0.5, steps: [ { task: standard-shipping, duration: 1ms } ] }
      - { probability: 0.5, steps: [ { task: express-shipping, duration: 1ms }, { wait: cool-off, duration: 1m } ] }
`;

describe('Lambda logs', () => {
  it('exported text: REPORT lines among START, END and application lines; timeouts', () => {
    const logs = new LambdaLogStats();
    const splitter = new LineSplitter((line) => readLogLine(line, logs, 'text'), () => logs.overlongLines++);
    splitter.write(text('get-quote-report.log'));
    splitter.end();
    expect(logs.reports).toBe(5);
    expect(logs.memorySizes.ranked()).toEqual([[256, 5]]);
    expect(logs.coldStarts).toBe(1);
    expect(logs.init.max).toBeCloseTo(166.62, 6);
    expect(logs.durationByMemory.get(256)!.quantile(0.5)).toBeCloseTo(301.77, 6);
    expect(logs.timeoutSeconds.ranked()).toEqual([[3, 1]]);
    expect(logs.failures).toBe(1); // "Status: timeout" and "Task timed out" are the same invocation
    expect(logs.everyReportHasStatus).toBe(false);
  });

  it('the JSON of aws logs filter-log-events', () => {
    const logs = new LambdaLogStats();
    readJson(new BoundSourceReader(logs), text('validate-order-filter-log-events.json'), false);
    expect(logs.reports).toBe(3);
    expect(logs.memorySizes.ranked()).toEqual([[512, 3]]);
    expect(logs.coldStarts).toBe(1);
    expect(logs.formats.ranked()).toEqual([['filter-log-events', 3]]);
  });

  it('JSON-format logs: platform.report records, each with a status', () => {
    const logs = new LambdaLogStats();
    readJson(new BoundSourceReader(logs), text('get-quote-json-format.log'), false);
    expect(logs.reports).toBe(3);
    expect(logs.everyReportHasStatus).toBe(true);
    expect(logs.failures).toBe(1);
    expect(logs.errorTypes.ranked()).toEqual([['Runtime.ExitError', 1]]);
    expect(logs.init.max).toBeCloseTo(463.512, 6);
  });

  it('a platform.report record behind a timestamp prefix, in a text export', () => {
    const logs = new LambdaLogStats();
    readLogLine('2026-03-02T09:00:00.000Z {"time":"2026-03-02T09:00:00.000Z","type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":12.5,"billedDurationMs":13,"memorySizeMB":128,"maxMemoryUsedMB":60},"status":"success"}}', logs, 'text');
    expect(logs.reports).toBe(1);
  });

  it('splits lines the same however the text is cut, and skips overlong lines (property)', () => {
    const content = `a\nbb\r\n${'x'.repeat(50)}\nccc\n\nlast`;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: content.length }), { maxLength: 8 }), (cuts) => {
        const lines: string[] = [];
        let overlong = 0;
        const splitter = new LineSplitter((l) => lines.push(l), () => overlong++, 20);
        let from = 0;
        for (const p of [...new Set(cuts)].sort((a, b) => a - b)) {
          splitter.write(content.slice(from, p));
          from = p;
        }
        splitter.write(content.slice(from));
        splitter.end();
        expect(lines).toEqual(['a', 'bb', 'ccc', '', 'last']);
        expect(overlong).toBe(1);
      }),
    );
  });
});

describe('AWS Lambda Power Tuning results', () => {
  it('reads the average duration per power value from results.stats', () => {
    const result = powerTuningFrom(JSON.parse(text('power-tuning-output.json')))!;
    expect(result.from).toBe('stats');
    expect(result.bestMemoryMb).toBe(1024);
    expect(result.points.map((p) => p.memoryMb)).toEqual([128, 256, 512, 1024, 1536, 3008]);
    expect(result.points[3]!.durationMs).toBe(160.41);
  });

  it('without stats (no includeOutputResults), decodes the visualization URL', () => {
    const result = powerTuningFrom(JSON.parse(text('power-tuning-output-no-stats.json')))!;
    expect(result.from).toBe('visualization');
    expect(result.points.map((p) => p.memoryMb)).toEqual([128, 256, 512, 1024, 1536, 3008]);
    // "execution time goes from 35s with 128MB to less than 3s with 1.5GB" (the tool's README about this URL)
    expect(result.points[0]!.durationMs).toBeGreaterThan(35_000);
    expect(result.points[4]!.durationMs).toBeLessThan(3_000);
  });

  it('accepts describe-execution output, whose output field holds the result as a string', () => {
    const wrapped = { executionArn: 'arn', status: 'SUCCEEDED', output: text('power-tuning-output.json') };
    expect(powerTuningFrom(JSON.parse(JSON.stringify(wrapped)))!.points).toHaveLength(6);
  });

  it('refuses a result with one power value: no curve', () => {
    expect(() => powerTuningFrom({ results: { power: '512', duration: 100, stats: [{ value: 512, averageDuration: 100, averagePrice: 1e-7 }] } })).toThrow(/one power value/);
  });
});
