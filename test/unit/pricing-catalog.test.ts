/** The shipped catalog: every region has every price the model uses, each with a source; bad catalogs are refused. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionPrices } from '../../src/analyze.js';
import { FlowcostError } from '../../src/errors/problem.js';
import { loadPricingFile, loadPricingOverride, PRICING_ROOT } from '../../src/io/load-pricing.js';
import { lookupPrice, PRICE_KEYS } from '../../src/pricing/catalog.js';
import { analyzeYaml, catalog, line } from '../helpers.js';

describe('shipped catalog', () => {
  const regions = Object.keys(catalog.regions);

  it('prices at least the regions of aws-facts §1.2 and §2.1 that have both services', () => {
    for (const region of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'sa-east-1', 'af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1', 'ap-south-1', 'eu-west-3', 'ap-northeast-2']) {
      expect(regions).toContain(region);
    }
  });

  it.each(Object.keys(catalog.regions))('%s has every price the model uses, with a source and a date', (region) => {
    const prices = catalog.regions[region]!;
    for (const key of PRICE_KEYS) {
      const price = lookupPrice(prices, key);
      expect(price.tiers.length, key).toBeGreaterThan(0);
      expect(price.tiers.at(-1)!.upTo, key).toBeNull();
      expect(price.tiers.every((t) => t.usd > 0), key).toBe(true);
      expect(price.source, key).toMatch(/^https:\/\//);
      expect(price.retrieved, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (price.tiers.some((t) => t.estimated)) expect(price.estimate, key).toBeTruthy();
    }
    // tier boundaries live in the data: x86 6B/15B GB-s, arm64 7.5B/18.75B, Express 1,000/5,000 GB-hours
    expect(prices.lambda.duration.x86_64.tiers.map((t) => t.upTo)).toEqual([6e9, 15e9, null]);
    expect(prices.lambda.duration.arm64.tiers.map((t) => t.upTo)).toEqual([7.5e9, 18.75e9, null]);
    expect(prices.stepFunctions.expressDuration.tiers.map((t) => t.upTo)).toEqual([1_000, 5_000, null]);
  });

  it('regional prices differ where AWS says they do', () => {
    expect(catalog.regions['af-south-1']!.lambda.duration.x86_64.tiers[0]!.usd).toBe(0.0000221);
    expect(catalog.regions['sa-east-1']!.stepFunctions.standardTransitions.tiers[0]!.usd).toBe(0.0000375);
    expect(catalog.regions['eu-south-1']!.lambda.requests.tiers[0]!.usd).toBe(0.00000023);
  });

  it('derived tiers reproduce the published us-east-1 tier prices (10% and 20% off, 10 decimals)', () => {
    const t1 = 0.0000166667;
    expect(Number((t1 * 0.9).toFixed(10))).toBe(catalog.regions['us-east-1']!.lambda.duration.x86_64.tiers[1]!.usd);
    expect(Number((t1 * 0.8).toFixed(10))).toBe(catalog.regions['us-east-1']!.lambda.duration.x86_64.tiers[2]!.usd);
  });

  it('an unknown region names the regions that exist; a half-priced one says what is missing', () => {
    expect(() => regionPrices(catalog, 'eu-south-9')).toThrow(FlowcostError);
    try {
      regionPrices(catalog, 'eu-soth-1');
    } catch (error) {
      expect((error as FlowcostError).problems[0]!.hint).toBe('did you mean eu-south-1?');
    }
    expect(() => regionPrices(catalog, 'eu-central-2')).toThrow(/has no Step Functions and supporting-service prices/);
  });

  it('a report outside us-east-1 lists the estimated prices it used', () => {
    const yaml = 'name: r\nregion: REGION\nexecutionsPerMonth: 1000\nsteps: [ { task: a, duration: 1s } ]\n';
    expect(analyzeYaml(yaml.replace('REGION', 'us-east-1')).pricing.estimates).toEqual([]);
    const eu = analyzeYaml(yaml.replace('REGION', 'eu-west-1'));
    // Express, durable functions and the chain's supporting services have no published eu-west-1 prices here.
    expect(eu.pricing.estimates.some((e) => /^stepFunctions.expressDuration, stepFunctions.expressRequests: /.test(e))).toBe(true);
    expect(eu.pricing.estimates.some((e) => e.includes('lambda.durableOperations'))).toBe(true);
    expect(analyzeYaml(yaml.replace('REGION', 'eu-west-1'), { architectures: ['lambda', 'sfn-standard'] }).pricing.estimates).toEqual([]);
    expect(line(eu, 'sfn-express', 'express-requests')).toHaveProperty('estimate');
    // Lambda's derived tiers only count as estimates when usage reaches them
    expect(line(eu, 'lambda', 'lambda-duration')).not.toHaveProperty('estimate');
  });
});

describe('pricing files are checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-pricing-'));
  const original = readFileSync(join(PRICING_ROOT, '2026-11-01', 'lambda.yaml'), 'utf8');

  it('an unknown source key is an error with its position', () => {
    const file = join(dir, 'bad-source.yaml');
    writeFileSync(file, original.replace('source: lambda-price-list', 'source: nowhere'));
    expect(() => loadPricingFile(file, 'lambda')).toThrow(/unknown source "nowhere"/);
  });

  it('a tier marked estimated without a note, or tiers out of order, are errors', () => {
    const file = join(dir, 'bad-tiers.yaml');
    expect(original).toContain('- { upTo: 15000000000, usd: 0.000015 }');
    writeFileSync(file, original.replace('- { upTo: 15000000000, usd: 0.000015 }', '- { upTo: 5000000000, usd: 0.000015 }'));
    expect(() => loadPricingFile(file, 'lambda')).toThrow(/tiers must ascend/);
    const noNote = join(dir, 'no-note.yaml');
    writeFileSync(noNote, original.replace(/\n\s+estimate: tiers 2 and 3[^\n]*/, ''));
    expect(() => loadPricingFile(noNote, 'lambda')).toThrow(/marked estimated but the price has no estimate note/);
  });

  it('--pricing FILE replaces one service with negotiated rates', () => {
    const file = join(dir, 'negotiated.yaml');
    writeFileSync(file, original.replaceAll('0.0000166667', '0.0000100000'));
    const custom = loadPricingOverride(catalog, file);
    expect(custom.regions['us-east-1']!.lambda.duration.x86_64.tiers[0]!.usd).toBe(0.00001);
    expect(custom.regions['us-east-1']!.stepFunctions).toBe(catalog.regions['us-east-1']!.stepFunctions);
    expect(custom.version).toContain('negotiated.yaml');
  });
});
