/**
 * The round trip (issue 17): simulate a known workload with the generator, write its executions as
 * AWS-format histories and REPORT lines, calibrate an unannotated skeleton of it, and get back
 * its durations, failure rates, probabilities and item counts within stated tolerances — and its
 * monthly costs within 3% when the real analysis runs on both. Once as a step tree (histories with
 * ISO 8601 timestamps, as the AWS CLI prints them), once as an imported state machine (histories
 * with epoch seconds, as the API returns them).
 *
 * Tolerances, for 2,000 executions: about three standard errors of each estimate.
 *  - duration p50 and p95 within three standard errors of a sample quantile of n observations
 *    (for a log-normal of shape σ: 1.25·σ/√n for the median, √(0.95·0.05/n)·σ/φ(1.645) for p95),
 *    and never tighter than 5% / 10% (n is what calibrate reports it used);
 *  - failure rate within 0.015 absolute (p = 0.05 over ≈ 2,100 attempts: SE 0.0048);
 *  - Choice probability within 0.03 (SE 0.0097); cold-start probability within 0.015;
 *  - mean Map items within 5% (Poisson mean 4: SE 1%);
 *  - executions per month within 0.5% (evenly spaced starts);
 *  - monthly cost of each architecture within 3% (the simulation's own noise at 20,000 samples is under 1%).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { parseDurationMs } from '../../src/workload/units.js';
import type { Workload } from '../../src/workload/types.js';
import { catalog } from '../helpers.js';
import { runCli } from '../helpers-cli.js';
import { aslDefinition, generateExecutions, machineYaml, reportLog, stepTreeYaml, type GenNode } from './generator.js';
import { KNOWN, SECRET } from './known-workload.js';

// The checks read the calibrated YAML (the workload format), not the engine's model, and run the
// real analysis through its public entry points.

const EXECUTIONS = 2_000;

function genNodes(nodes: readonly GenNode[]): GenNode[] {
  return nodes.flatMap((n) => [
    n,
    ...(n.kind === 'choice' ? n.branches.flatMap((b) => genNodes(b.steps)) : []),
    ...(n.kind === 'map' ? genNodes(n.steps) : []),
    ...(n.kind === 'parallel' ? n.branches.flatMap((b) => genNodes(b)) : []),
  ]);
}

const Z = { 0.5: 0, 0.95: 1.6448536269514722 } as const;
type Written = string | number | { p50?: string | number; p95?: string | number; samples?: number[]; mean?: number };

const ms = (v: string | number) => (typeof v === 'number' ? v : parseDurationMs(v)!);

/** A quantile of a duration as calibrate writes it: a fixed value, { p50, p95 } (log-normal) or { samples }. */
function quantile(value: Written, p: 0.5 | 0.95): number {
  if (typeof value !== 'object') return ms(value);
  if (value.samples) {
    const v = [...value.samples].sort((a, b) => a - b);
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo]! + (h - lo) * (v[Math.min(v.length - 1, lo + 1)]! - v[lo]!);
  }
  const p50 = ms(value.p50!);
  const sigma = Math.log(ms(value.p95!) / p50) / Z[0.95];
  return p50 * Math.exp(sigma * Z[p]);
}

/** The mean of an item count as written: a number, { samples }, { mean } or { p50, p95 } (log-normal). */
function meanCount(value: Written): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') throw new Error('items are numbers');
  if (value.samples) return value.samples.reduce((a, b) => a + b, 0) / value.samples.length;
  if (value.mean !== undefined) return value.mean;
  const p50 = Number(value.p50);
  const sigma = Math.log(Number(value.p95) / p50) / Z[0.95];
  return p50 * Math.exp((sigma * sigma) / 2);
}

type Raw = Record<string, unknown>;

/** The step named `name` anywhere in a step tree as written. */
function stepOf(data: Raw, name: string): Raw {
  const visit = (steps: unknown): Raw | undefined => {
    for (const s of (steps ?? []) as Raw[]) {
      if ([s['task'], s['wait'], s['parallel'], s['map'], s['choice']].includes(name)) return s;
      const inner =
        visit(s['steps']) ??
        ((s['branches'] ?? []) as unknown[]).map((b) => visit(Array.isArray(b) ? b : (b as Raw)['steps'])).find((x) => x !== undefined);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = visit(data['steps']);
  if (!found) throw new Error(`no step ${name}`);
  return found;
}

/** Three standard errors of the sample median and p95 of n log-normal observations, as shares. */
function quantileTolerance(spread: { p50: number; p95: number }, n: number): { p50: number; p95: number } {
  const sigma = Math.log(spread.p95 / spread.p50) / Z[0.95];
  const phi95 = Math.exp(-(Z[0.95] ** 2) / 2) / Math.sqrt(2 * Math.PI);
  return {
    p50: Math.max(0.05, (3 * 1.2533 * sigma) / Math.sqrt(n)),
    p95: Math.max(0.1, (3 * Math.sqrt((0.95 * 0.05) / n) * sigma) / phi95),
  };
}

/** How many observations calibrate says each value rests on (its --format json summary). */
function observationsByField(stdout: string): Map<string, number> {
  const summary = JSON.parse(stdout) as { calibrated: { field: string; observations: number }[] };
  return new Map(summary.calibrated.map((c) => [c.field, c.observations]));
}

function within(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected) / expected, `${actual} vs ${expected}`).toBeLessThanOrEqual(relative);
}

function costs(workload: Workload): Map<string, number> {
  const report = analyze(workload, catalog, { samples: 20_000, seed: 1, freeTier: false });
  return new Map(report.architectures.map((a) => [a.id, a.monthlyCost.total]));
}

function writeSources(dir: string, timestamps: 'iso' | 'epoch'): void {
  const executions = generateExecutions(KNOWN, { executions: EXECUTIONS, seed: 17, timestamps, secret: SECRET });
  mkdirSync(join(dir, 'histories'));
  executions.forEach((e, i) => writeFileSync(join(dir, 'histories', `execution-${String(i).padStart(5, '0')}.json`), JSON.stringify(e.history, null, 4)));
  const charges = executions.flatMap((e) => e.invocations.filter((inv) => inv.task === 'charge-card'));
  writeFileSync(join(dir, 'charge-card.log'), reportLog(charges, SECRET));
}

describe('round trip: a step tree calibrated from histories (ISO timestamps) and REPORT lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-roundtrip-steps-'));
  let result: { code: number; stdout: string; stderr: string };
  let written: Raw;

  beforeAll(async () => {
    writeSources(dir, 'iso');
    writeFileSync(join(dir, 'known.yaml'), stepTreeYaml(KNOWN));
    writeFileSync(join(dir, 'skeleton.yaml'), stepTreeYaml(KNOWN, true, ['charge-card']));
    result = await runCli([
      'calibrate',
      join(dir, 'skeleton.yaml'),
      '--from',
      join(dir, 'histories'),
      '--from',
      `charge-card=${join(dir, 'charge-card.log')}`,
      '--volume-from-history',
      '--format',
      'json',
      '--out',
      join(dir, 'calibrated.yaml'),
      '--root',
      dir,
    ]);
    written = parse(readFileSync(join(dir, 'calibrated.yaml'), 'utf8')) as Raw;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and writes the calibrated workload', () => {
    expect(result.stderr).toContain('flowcost: wrote');
    expect(result.code).toBe(0);
  });

  it('recovers every duration: p50 and p95 within three standard errors', () => {
    const n = observationsByField(result.stdout);
    for (const node of genNodes(KNOWN.steps)) {
      if (node.kind !== 'task' && node.kind !== 'wait' && node.kind !== 'callback') continue;
      const duration = stepOf(written, node.name)['duration'] as Written;
      const tolerance = quantileTolerance(node.duration, n.get(`steps.${node.name}.duration`)!);
      within(quantile(duration, 0.5), node.duration.p50, tolerance.p50);
      within(quantile(duration, 0.95), node.duration.p95, tolerance.p95);
    }
  });

  it('recovers the failure rate per attempt (retries counted as attempts)', () => {
    const s = stepOf(written, 'charge-card');
    expect(Math.abs((s['failureRate'] as number) - 0.05)).toBeLessThan(0.015);
    expect(s['retry']).toEqual({ maxAttempts: 2, interval: '1s', backoffRate: 2 });
  });

  it('recovers cold starts and memory from the REPORT lines', () => {
    const s = stepOf(written, 'charge-card');
    expect(s['memoryMb']).toBe(512);
    const cold = s['coldStarts'] as { probability: number; init: Written };
    expect(Math.abs(cold.probability - 0.05)).toBeLessThan(0.015);
    within(quantile(cold.init, 0.5), 300, 0.1);
  });

  it('recovers the Choice probabilities and the Map item counts', () => {
    const branches = stepOf(written, 'route')['branches'] as { probability: number }[];
    expect(Math.abs(branches[0]!.probability - 0.75)).toBeLessThan(0.03);
    expect(branches[0]!.probability + branches[1]!.probability).toBeCloseTo(1, 9);
    within(meanCount(stepOf(written, 'ship-items')['items'] as Written), 4, 0.05);
  });

  it('recovers the volume from when the executions started', () => {
    within(written['executionsPerMonth'] as number, KNOWN.executionsPerMonth, 0.005);
  });

  it('gives monthly costs within 3% of the known workload in every architecture', () => {
    const want = costs(loadWorkloadFile(join(dir, 'known.yaml'), { root: dir }));
    const got = costs(loadWorkloadFile(join(dir, 'calibrated.yaml'), { root: dir }));
    for (const [id, usd] of want) within(got.get(id)!, usd, 0.03);
  });

  it('copies no payload, cause or log message anywhere', () => {
    const out = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    for (const text of [out, result.stdout, result.stderr]) expect(text).not.toContain('SECRET');
    expect(readFileSync(join(dir, 'histories', 'execution-00000.json'), 'utf8')).toContain(SECRET);
    expect(readFileSync(join(dir, 'charge-card.log'), 'utf8')).toContain(SECRET);
  });
});

describe('round trip: an imported state machine calibrated from histories (epoch timestamps)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-roundtrip-machine-'));
  let result: { code: number; stdout: string; stderr: string };
  let states: Record<string, Raw>;

  beforeAll(async () => {
    writeSources(dir, 'epoch');
    writeFileSync(join(dir, 'orders.asl.json'), JSON.stringify(aslDefinition(KNOWN), null, 2));
    writeFileSync(join(dir, 'known.yaml'), machineYaml(KNOWN, './orders.asl.json'));
    writeFileSync(join(dir, 'skeleton.yaml'), machineYaml(KNOWN, './orders.asl.json', true, ['charge-card']));
    result = await runCli([
      'calibrate',
      join(dir, 'skeleton.yaml'),
      '--from',
      join(dir, 'histories'),
      '--from',
      `charge-card=${join(dir, 'charge-card.log')}`,
      '--volume-from-history',
      '--format',
      'json',
      '--out',
      join(dir, 'calibrated.yaml'),
      '--root',
      dir,
    ]);
    states = (parse(readFileSync(join(dir, 'calibrated.yaml'), 'utf8')) as { states: Record<string, Raw> }).states;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and writes the annotations', () => {
    expect(result.stderr).toContain('flowcost: wrote');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'calibrated.yaml'), 'utf8')).toMatch(/^states:\n {2}"validate-order":\n {4}memoryMb: 256\n {4}# calibrated from 2,000 attempts/m);
  });

  it('recovers durations, callback waits, failures and their error', () => {
    const n = observationsByField(result.stdout);
    for (const node of genNodes(KNOWN.steps)) {
      if (node.kind === 'task') {
        const tolerance = quantileTolerance(node.duration, n.get(`states.${node.name}.duration`)!);
        within(quantile(states[node.name]!['duration'] as Written, 0.5), node.duration.p50, tolerance.p50);
        within(quantile(states[node.name]!['duration'] as Written, 0.95), node.duration.p95, tolerance.p95);
      }
      if (node.kind === 'callback') {
        const tolerance = quantileTolerance(node.duration, n.get(`states.${node.name}.callbackWait`)!);
        within(quantile(states[node.name]!['callbackWait'] as Written, 0.5), node.duration.p50, tolerance.p50);
      }
      if (node.kind === 'wait') {
        const tolerance = quantileTolerance(node.duration, n.get(`states.${node.name}.duration`)!);
        within(quantile(states[node.name]!['duration'] as Written, 0.5), node.duration.p50, tolerance.p50);
      }
    }
    expect(Math.abs((states['charge-card']!['failureRate'] as number) - 0.05)).toBeLessThan(0.015);
    expect(states['charge-card']!['error']).toBe('OrderError');
  });

  it('recovers the Choice split and the Map items', () => {
    const next = states['route']!['next'] as Record<string, number>;
    expect(Math.abs(next['standard-shipping']! - 0.75)).toBeLessThan(0.03);
    expect(next['standard-shipping']! + next['express-shipping']!).toBeCloseTo(1, 9);
    within(meanCount(states['ship-items']!['items'] as Written), 4, 0.05);
  });

  it('gives monthly costs within 3% of the fully annotated machine in every architecture', () => {
    const want = costs(loadWorkloadFile(join(dir, 'known.yaml'), { root: dir }));
    const got = costs(loadWorkloadFile(join(dir, 'calibrated.yaml'), { root: dir }));
    for (const [id, usd] of want) within(got.get(id)!, usd, 0.03);
  });

  it('copies no payload, cause or log message anywhere', () => {
    const out = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    for (const text of [out, result.stdout, result.stderr]) expect(text).not.toContain('SECRET');
  });
});
