/**
 * Issue 15, capability 4: the decision map. Every cell is what `analyze` answers there; along a
 * volume axis the map simulates once per row and the boundaries are bisected to where the answer
 * really changes; the CLI takes two --vary options.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { ARCHITECTURE_IDS } from '../../src/architectures/types.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { decisionMap } from '../../src/sweep/decision-map.js';
import { applyParameter, decisiveDuration, parseVary } from '../../src/sweep/parameter.js';
import { catalog, workload } from '../helpers.js';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');
const options = { samples: 600, seed: 1, freeTier: false };
const polling = loadWorkloadFile(join(root, 'examples', 'nightly-export-polling.yaml'));

describe('a map with a volume axis', () => {
  const varies = [parseVary('executionsPerMonth=1k..10M', polling), parseVary('steps.export-ready.duration=30s..1h', polling)] as const;
  const map = decisionMap(polling, catalog, varies, { steps: [9, 4], scales: ['log', 'log'], analyze: options });

  it('simulates once per value of the other axis, and each cell is the full analysis there', () => {
    expect(map.simulation.simulations).toBe(4);
    expect(map.grid).toHaveLength(36);
    for (const cell of map.grid.filter((_, i) => i % 5 === 0)) {
      const varied = applyParameter(applyParameter(polling, varies[0].parameter, cell.values[0]), varies[1].parameter, cell.values[1]);
      const report = analyze(varied, catalog, options);
      expect(cell.recommendation).toBe(report.recommendation.architecture);
      cell.architectures.forEach((a, i) => {
        expect(a.monthlyUsd).toBe(report.architectures[i]!.monthlyCost.total);
        expect(a.feasible).toBe(report.architectures[i]!.feasible);
      });
    }
  });

  it('locates each change along the volume by bisection: the answer differs just below and just above', () => {
    const exact = map.boundaries.filter((b) => b.exact);
    expect(exact.length).toBeGreaterThan(0);
    for (const b of exact) {
      expect(b.along).toBe(0);
      const at = (volume: number) =>
        analyze(applyParameter(applyParameter(polling, varies[0].parameter, volume), varies[1].parameter, b.values[1]), catalog, options).recommendation.architecture;
      expect(at(b.values[0] * 0.999)).toBe(b.below);
      expect(at(b.values[0] * 1.001)).toBe(b.above);
    }
  });

  it('regions cover the map; words say, row by row, which architecture wins up to where', () => {
    expect(map.regions.reduce((s, r) => s + r.cells, 0)).toBe(map.grid.length);
    expect(map.sentences.length).toBeGreaterThan(0);
    expect(map.sentences.join(' ')).toMatch(/With steps\.export-ready\.duration (at|from) .*: Lambda durable function/);
    expect(map.parameters[0].current).toBe(polling.executionsPerMonth);
  });

  it('is the same twice (deterministic)', () => {
    expect(JSON.stringify(decisionMap(polling, catalog, varies, { steps: [9, 4], scales: ['log', 'log'], analyze: options }))).toBe(JSON.stringify(map));
  });
});

describe('a map over two parameters that are not the volume', () => {
  const w = workload(
    'name: two\nregion: us-east-1\nexecutionsPerMonth: 1000000\nsteps:\n  - task: work\n    duration: 100ms\n  - wait: pause\n    duration: 10s\n',
  );
  const varies = [parseVary('steps.work.duration=100ms..20m', w), parseVary('steps.pause.duration=1s..10m', w)] as const;
  const map = decisionMap(w, catalog, varies, { steps: [3, 3], scales: ['linear', 'linear'], analyze: options });

  it('analyzes every cell, and draws the boundaries midway between cells', () => {
    expect(map.simulation.simulations).toBe(9);
    for (const cell of map.grid) {
      const report = analyze(applyParameter(applyParameter(w, varies[0].parameter, cell.values[0]), varies[1].parameter, cell.values[1]), catalog, options);
      expect(cell.recommendation).toBe(report.recommendation.architecture);
    }
    expect(map.boundaries.every((b) => !b.exact)).toBe(true);
    // A 20-minute task is past the 15 minutes a function may run: the answer changes across the map.
    expect(new Set(map.grid.map((c) => c.recommendation)).size).toBeGreaterThan(1);
  });
});

describe('the most decisive duration (the HTML report map)', () => {
  it('is the step with the longest mean duration, from a tenth to ten times its median', () => {
    const vary = decisiveDuration(polling)!;
    expect(vary.path).toBe('steps.export-ready.duration');
    const orders = decisiveDuration(loadWorkloadFile(join(root, 'examples', 'order-fulfilment.yaml')))!;
    expect(orders.path).toBe('steps.manager-approval.duration');
    expect(orders.from).toBeCloseTo(720_000, 6);
    expect(orders.to).toBeCloseTo(72_000_000, 6);
    const machine = decisiveDuration(loadWorkloadFile(join(root, 'examples', 'imported', 'scatter-gather.yaml')))!;
    expect(machine.path).toBe('states.Approve.callbackWait');
  });
});

describe('flowcost sweep --vary A --vary B', () => {
  const file = join(root, 'examples', 'api-backend.yaml');

  it('prints the map as JSON: grid cells with both values, the recommendation, every architecture', async () => {
    const { code, stdout } = await runCli(['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--vary', 'steps.authorize.duration=10ms..2s', '--steps', '4', '--samples', '300', '-f', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ sweepVersion: 1, kind: 'decision-map', parameters: [{ path: 'executionsPerMonth' }, { path: 'steps.authorize.duration' }] });
    expect(json.grid).toHaveLength(16);
    expect(json.grid[0]).toMatchObject({ values: [1000, 10], recommendation: expect.any(String) });
    expect(json.grid[0].architectures.map((a: { id: string }) => a.id)).toEqual([...ARCHITECTURE_IDS]);
    expect(json.grid[0].architectures[0]).toMatchObject({ monthlyUsd: expect.any(Number), feasible: expect.any(Boolean) });
  });

  it('table, markdown and html', async () => {
    const args = ['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--vary', 'steps.authorize.duration=10ms..2s', '--steps', '3', '--samples', '300'];
    expect((await runCli(args)).stdout).toContain('Where each architecture wins:');
    expect((await runCli([...args, '-f', 'markdown'])).stdout).toContain('## Where each architecture wins');
    expect((await runCli([...args, '-f', 'html'])).stdout).toMatch(/<svg[\s\S]*Where each architecture wins/);
  });

  it('three --vary, or one parameter twice: exit 2 with a hint', async () => {
    const three = await runCli(['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--vary', 'steps.authorize.duration=10ms..2s', '--vary', 'lambda.memoryMb=128..1024']);
    expect(three.code).toBe(2);
    expect(three.stderr).toContain('--vary is given 3 times');
    const twice = await runCli(['sweep', file, '--vary', 'executionsPerMonth=1k..1M', '--vary', 'executionsPerMonth=2k..3M']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--vary executionsPerMonth is given twice');
  });
});

describe('a hostile step name on the map', () => {
  const name = '<img src=x onerror=alert(1)>\u001b[31m##[error]';
  const w = workload(`name: hostile\nregion: us-east-1\nexecutionsPerMonth: 100000\nsteps:\n  - task: ${JSON.stringify(name)}\n    duration: 100ms\n`);
  const pair = [parseVary('executionsPerMonth=1k..1M', w), decisiveDuration(w)!] as const;
  const map = decisionMap(w, catalog, pair, { steps: [3, 2], scales: ['log', 'log'], analyze: options });

  it('is escaped in every format', async () => {
    const { renderMapHtml, renderMapMarkdown, renderMapTable, renderMapJson } = await import('../../src/sweep/render-map.js');
    const html = await renderMapHtml(map, pair);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\u001b');
    const table = renderMapTable(map, pair);
    expect(table).not.toContain('\u001b');
    expect(table).not.toContain('##[error]');
    expect(renderMapMarkdown(map, pair)).not.toMatch(/<img|\u001b/);
    expect(JSON.parse(renderMapJson(map)).parameters[1].path).toBe(`steps.${name}.duration`);
  });
});
