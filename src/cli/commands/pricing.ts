/** `flowcost pricing list` and `flowcost pricing show [--region R]`: which prices flowcost uses, and where they come from. */
import Table from 'cli-table3';
import { regionPrices } from '../../analyze.js';
import { listPricingVersions, loadPricingCatalog } from '../../io/load-pricing.js';
import { PRICE_KEYS, lookupPrice, type Price, type PricingCatalog } from '../../pricing/catalog.js';
import { catalogFrom, warnAboutPricing } from '../analysis-options.js';
import type { CommandModule } from '../command.js';
import type { CliIo } from '../io.js';
import { jsonText, terminalText as t } from '../../report/escape.js';
import { localeNumber } from '../../report/locale-number.js';

const plainStyle = { head: [] as string[], border: [] as string[] };

export const pricingCommand: CommandModule = {
  command: 'pricing <action>',
  describe: 'Show the prices flowcost uses and their sources',
  builder: (y) =>
    y
      .positional('action', { choices: ['list', 'show'] as const, describe: 'list: catalog versions and regions; show: every price of a region' })
      .option('region', { type: 'string', default: 'us-east-1', describe: 'Region to show' })
      .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table', describe: 'Output format' })
      .option('pricing-version', { type: 'string', describe: 'Pricing catalog version (default: the newest)' })
      .option('pricing', { type: 'string', describe: 'Your own pricing file or directory' })
      .example('$0 pricing list', 'Catalog versions and the regions each can price')
      .example('$0 pricing show --region eu-west-1', 'Every price used for eu-west-1, with its source'),
  run(args, io) {
    const format = args['format'] === 'json' ? 'json' : 'table';
    if (args['action'] === 'list') return pricingListCommand(io, format);
    const catalog = catalogFrom(args);
    warnAboutPricing(io, catalog, String(args['region']));
    return pricingShowCommand(io, catalog, String(args['region']), format);
  },
};

export function pricingListCommand(io: CliIo, format: 'table' | 'json'): number {
  const versions = listPricingVersions().map((version) => {
    const catalog = loadPricingCatalog(version);
    return {
      version,
      retrieved: catalog.retrieved,
      regions: Object.keys(catalog.regions),
      unpricedRegions: catalog.unpricedRegions ?? {},
    };
  });
  if (format === 'json') {
    io.stdout(JSON.stringify({ versions }, null, 2) + '\n');
    return 0;
  }
  for (const v of versions) {
    io.stdout(`pricing ${v.version} (sources read up to ${v.retrieved}) — ${v.regions.length} regions:\n`);
    io.stdout(wrapList(v.regions) + '\n');
    for (const [region, why] of Object.entries(v.unpricedRegions)) io.stdout(`  not priceable: ${region} — ${why}\n`);
  }
  return 0;
}

export function pricingShowCommand(io: CliIo, catalog: PricingCatalog, region: string, format: 'table' | 'json'): number {
  const prices = regionPrices(catalog, region);
  const rows = PRICE_KEYS.map((key) => ({ key, ...lookupPrice(prices, key) }));
  if (format === 'json') {
    io.stdout(jsonText(JSON.stringify({ version: catalog.version, region, prices: rows }, null, 2) + '\n'));
    return 0;
  }
  const table = new Table({
    head: ['Price', 'Unit', 'USD per unit (monthly tiers)', 'Free/month', 'Source'],
    style: plainStyle,
  });
  const sources: string[] = [];
  for (const row of rows) {
    const source = `${row.source} (read ${row.retrieved})`;
    if (!sources.includes(source)) sources.push(source);
    table.push([row.key, row.unit, tiersText(row), row.freeTier ? formatNumber(row.freeTier) : '—', `[${sources.indexOf(source) + 1}]`]);
  }
  io.stdout(`pricing ${t(catalog.version)} · ${t(region)}\n${table.toString()}\n`);
  sources.forEach((source, i) => io.stdout(`[${i + 1}] ${t(source)}\n`));
  const estimated = rows.filter((row) => row.estimate);
  if (estimated.length > 0) {
    io.stdout('\n* estimated (AWS publishes no such price for this region):\n');
    for (const row of estimated) io.stdout(`  ${row.key}: ${t(row.estimate ?? '')}\n`);
  }
  return 0;
}

function tiersText(price: Price): string {
  let from = 0;
  return price.tiers
    .map((tier) => {
      const range = tier.upTo === null ? (from === 0 ? 'all' : `over ${formatNumber(from)}`) : `${formatNumber(from)}–${formatNumber(tier.upTo)}`;
      if (tier.upTo !== null) from = tier.upTo;
      return `${range}: ${formatUsdPrice(tier.usd)}${tier.estimated ? ' *' : ''}`;
    })
    .join('\n');
}

function formatNumber(n: number): string {
  if (n >= 1e9 && n % 1e7 === 0) return `${n / 1e9}B`;
  if (n >= 1e6 && n % 1e4 === 0) return `${n / 1e6}M`;
  return localeNumber(n);
}

/** "0.0000166667", "0.06": every digit AWS publishes, no exponent. */
function formatUsdPrice(usd: number): string {
  return usd.toFixed(12).replace(/0+$/, '').replace(/\.$/, '.0');
}

function wrapList(items: readonly string[]): string {
  const lines: string[] = [];
  let line = ' ';
  for (const item of items) {
    if (line.length + item.length > 96) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${item}`;
  }
  lines.push(line);
  return lines.join('\n');
}
