/**
 * The volume curve re-sizes a capacity line at each volume (issue 18 merge): Managed Instances'
 * fleet follows the architecture's own rule (at least three instances, Little's law above that),
 * not a share of the report's month in proportion to the volume.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import { prepareArchitectures } from '../../src/engine/simulate.js';
import { monthlyCostAtVolume } from '../../src/report/volume.js';
import { analyzeYaml, arch, workload } from '../helpers.js';
import { catalog } from '../helpers.js';

const yaml = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'steady-api-500rps.yaml'), 'utf8');
const report = analyzeYaml(yaml, { architectures: ['lambda-managed', 'lambda'] });
const prices = regionPrices(catalog, 'us-east-1');
const prepared = prepareArchitectures(workload(yaml), prices, ['lambda-managed', 'lambda']).find((p) => p.id === 'lambda-managed')!;
const managed = arch(report, 'lambda-managed');
const base = report.workload.executionsPerMonth;
const line = (id: string) => managed.monthlyCost.lines.find((l) => l.id === id)!;

describe('Managed Instances on the volume curve', () => {
  it("gives the report's own month at the report's volume", () => {
    expect(monthlyCostAtVolume(report, managed, prices, base, prepared)).toBeCloseTo(managed.monthlyCost.total, 6);
  });

  it('keeps the minimum fleet at a thousandth of the volume: only the requests scale', () => {
    const fleet = line('managed-instances').usd + line('managed-fee').usd;
    const requests = line('lambda-requests').usd;
    // steady-api-500rps needs three instances already: the fleet is the minimum at any lower volume
    expect(line('managed-instances').quantity).toBe(3 * 730);
    expect(monthlyCostAtVolume(report, managed, prices, base / 1000, prepared)).toBeCloseTo(fleet + requests / 1000, 6);
    // the old proportional re-pricing would have given a thousandth of it all
    expect(monthlyCostAtVolume(report, managed, prices, base / 1000)).toBeCloseTo(managed.monthlyCost.total / 1000, 6);
  });

  it('grows the fleet in whole instances at ten times the volume', () => {
    const at10 = monthlyCostAtVolume(report, managed, prices, base * 10, prepared);
    const perInstanceMonth = (line('managed-instances').usd + line('managed-fee').usd) / 3;
    const fleetCost = at10 - line('lambda-requests').usd * 10;
    expect(fleetCost / perInstanceMonth).toBeCloseTo(Math.round(fleetCost / perInstanceMonth), 6);
    expect(fleetCost / perInstanceMonth).toBeGreaterThan(3);
  });
});
