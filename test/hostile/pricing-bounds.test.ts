/**
 * Issue 14, item 10: prices in a --pricing file are bounded by the schema (no $Infinity, no
 * "NaN% cheaper", no exit 3), and a --pricing file without the workload's region says so.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');
const lambda = parse(readFileSync(join(root, 'pricing', 'aws', '2026-11-01', 'lambda.yaml'), 'utf8')) as {
  regions: Record<string, { requests: { tiers: { upTo: number | null; usd: number }[]; freeTier?: number } }>;
};
const dir = mkdtempSync(join(tmpdir(), 'flowcost-pricing-'));
const workload = join(root, 'examples', 'api-backend.yaml');

/** A lambda pricing file with only `regions`, each changed by `change`. */
function pricingFile(name: string, regions: string[], change: (region: (typeof lambda.regions)[string]) => void = () => {}): string {
  const copy = structuredClone(lambda);
  copy.regions = Object.fromEntries(regions.map((r) => [r, structuredClone(lambda.regions[r]!)]));
  for (const region of Object.values(copy.regions)) change(region);
  const file = join(dir, name);
  writeFileSync(file, stringify(copy));
  return file;
}

describe('--pricing bounds', () => {
  it.each([
    ['usd: 1e308', (r: (typeof lambda.regions)[string]) => (r.requests.tiers[0]!.usd = 1e308), /requests\.tiers\[0\]\.usd.*10/],
    ['usd: -1', (r: (typeof lambda.regions)[string]) => (r.requests.tiers[0]!.usd = -1), /requests\.tiers\[0\]\.usd/],
    ['freeTier: 1e300', (r: (typeof lambda.regions)[string]) => (r.requests.freeTier = 1e300), /requests\.freeTier/],
  ])('%s is refused (exit 2), never printed as Infinity or NaN', async (_name, change, message) => {
    const file = pricingFile(`bad-${_name.replace(/\W/g, '')}.yaml`, ['us-east-1'], change);
    for (const format of ['table', 'json'] as const) {
      const result = await runCli(['analyze', workload, '--pricing', file, '-n', '200', '-f', format]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout + result.stderr).not.toMatch(/Infinity|NaN/);
    }
  });

  it('a tier bound past 10^15 is refused', async () => {
    const file = pricingFile('huge-tier.yaml', ['us-east-1'], (r) => {
      r.requests.tiers = [{ upTo: 1e300, usd: 0.0000002 }, { upTo: null, usd: 0.0000001 }];
    });
    const result = await runCli(['analyze', workload, '--pricing', file, '-n', '200']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tiers\[0\]\.upTo/);
  });
});

describe('a --pricing file without the workload region', () => {
  const elsewhere = pricingFile('eu-only.yaml', ['eu-west-1', 'eu-central-1'], (r) => (r.requests.tiers[0]!.usd = 0.0000001));

  it('says so on stderr and in the report, and prices the region at list prices', async () => {
    const json = await runCli(['analyze', workload, '--pricing', elsewhere, '-n', '200', '-f', 'json']);
    expect(json.code).toBe(0);
    const note = `--pricing ${elsewhere} has no Lambda prices for us-east-1 (it prices eu-west-1, eu-central-1): the list Lambda prices are used for us-east-1`;
    expect(json.stderr).toContain(`flowcost: warning: ${note}`);
    const report = JSON.parse(json.stdout) as { pricing: { notes?: string[] } };
    expect(report.pricing.notes).toEqual([note]);
    const list = JSON.parse((await runCli(['analyze', workload, '-n', '200', '-f', 'json'])).stdout) as { architectures: unknown; pricing: { notes?: string[] } };
    expect((JSON.parse(json.stdout) as { architectures: unknown }).architectures).toEqual(list.architectures);
    expect(list.pricing.notes).toBeUndefined();
    for (const format of ['table', 'markdown', 'html']) {
      expect((await runCli(['analyze', workload, '--pricing', elsewhere, '-n', '200', '-f', format])).stdout).toContain('has no Lambda prices for us-east-1');
    }
    for (const argv of [
      ['gate', join(root, 'test', 'gate', 'fixtures', 'orders.yaml'), '--policy', join(root, 'test', 'gate', 'fixtures', 'passing.yaml'), '-n', '200'],
      ['sweep', workload, '--vary', 'executionsPerMonth=10..100', '-n', '200'],
      ['pricing', 'show'],
    ]) {
      expect((await runCli([...argv, '--pricing', elsewhere])).stderr).toContain('has no Lambda prices for us-east-1');
    }
  });

  it('says nothing when the file prices the region', async () => {
    const here = pricingFile('us.yaml', ['us-east-1']);
    const result = await runCli(['analyze', workload, '--pricing', here, '-n', '200', '-f', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
