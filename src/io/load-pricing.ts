/**
 * Pricing catalogs from `pricing/aws/<version>/{lambda,step-functions}.yaml`: validated against
 * schemas/pricing.schema.json, sources resolved, tiers checked to ascend. A region is priced when
 * both services have it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlowcostError, type Problem } from '../errors/problem.js';
import type { Price, PricingCatalog, RegionPrices } from '../pricing/catalog.js';
import { MANAGED_INSTANCE_TYPES, type ManagedInstanceType } from '../workload/types.js';
import { generatedPath, packagePath, RUNNING_FROM_BUILD, loadSchema } from './package-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource, type SourceDocument } from './yaml-source.js';

export const PRICING_ROOT = packagePath('pricing', 'aws');

function loadPricingSchema(): object {
  return loadSchema('pricing');
}

/** Catalog versions shipped with flowcost, oldest first. */
export function listPricingVersions(root = PRICING_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * A shipped catalog. From the build it comes from dist/generated/pricing/<version>.json, which
 * scripts/generate.mjs wrote from the same YAML through this loader (`fromSource` forces the YAML).
 */
export function loadPricingCatalog(version?: string, root = PRICING_ROOT, options: { fromSource?: boolean } = {}): PricingCatalog {
  const versions = listPricingVersions(root);
  const chosen = version ?? versions.at(-1);
  if (chosen === undefined || !versions.includes(chosen)) {
    throw new FlowcostError([
      {
        code: 'pricing',
        message: `no pricing catalog version "${chosen ?? ''}"`,
        expected: `one of ${versions.join(', ') || '(none installed)'}`,
        hint: 'run "flowcost pricing list" to see the versions',
      },
    ]);
  }
  const prebuilt = generatedPath('pricing', `${chosen}.json`);
  if (RUNNING_FROM_BUILD && root === PRICING_ROOT && !options.fromSource && existsSync(prebuilt)) {
    return JSON.parse(readFileSync(prebuilt, 'utf8')) as PricingCatalog;
  }
  return loadPricingDirectory(join(root, chosen));
}

interface RawPrice {
  unit: Price['unit'];
  tiers: { upTo: number | null; usd: number; estimated?: boolean }[];
  freeTier?: number;
  source: string;
  estimate?: string;
}
interface RawFile {
  service: 'lambda' | 'step-functions' | 'supporting-services';
  version: string;
  sources: Record<string, { url: string; retrieved: string }>;
  regions: Record<string, Record<string, RawPrice | Record<string, RawPrice>>>;
}

export function loadPricingDirectory(directory: string): PricingCatalog {
  const lambda = loadPricingFile(join(directory, 'lambda.yaml'), 'lambda');
  const sfn = loadPricingFile(join(directory, 'step-functions.yaml'), 'step-functions');
  const supporting = loadPricingFile(join(directory, 'supporting-services.yaml'), 'supporting-services');
  const regions: Record<string, RegionPrices> = {};
  const unpricedRegions: Record<string, string> = {};
  const allRegions = [...new Set([...Object.keys(lambda.file.regions), ...Object.keys(sfn.file.regions)])].sort();
  for (const region of allRegions) {
    const l = lambda.file.regions[region];
    const s = sfn.file.regions[region];
    const p = supporting.file.regions[region];
    if (!l || !s || !p) {
      const missing = [!l && 'Lambda', !s && 'Step Functions', !p && 'supporting-service'].filter(Boolean).join(' and ');
      unpricedRegions[region] = `it has no ${missing} prices (no source found)`;
      continue;
    }
    regions[region] = { lambda: lambdaPrices(lambda, l), stepFunctions: sfnPrices(sfn, s), supporting: supportingPrices(supporting, p) };
  }
  const retrieved = [...Object.values(lambda.file.sources), ...Object.values(sfn.file.sources), ...Object.values(supporting.file.sources)]
    .map((source) => source.retrieved)
    .sort()
    .at(-1)!;
  return { version: lambda.file.version, retrieved, currency: 'USD', regions, unpricedRegions };
}

/**
 * A user's own prices (negotiated rates): either a directory laid out like pricing/aws/<version>/,
 * or one pricing file whose regions replace that service's prices in `base`.
 */
export function loadPricingOverride(base: PricingCatalog, path: string): PricingCatalog {
  if (existsSync(path) && statSync(path).isDirectory()) {
    return { ...loadPricingDirectory(path), version: `custom:${path}` };
  }
  const text = readTextFile(path);
  const service = /^service:\s*(lambda|step-functions|supporting-services)\s*$/m.exec(text)?.[1] as RawFile['service'] | undefined;
  const file = loadPricingFile(path, service ?? 'lambda');
  const regions: Record<string, RegionPrices> = { ...base.regions };
  for (const [region, raw] of Object.entries(file.file.regions)) {
    const current = regions[region];
    if (!current && base.unpricedRegions?.[region]) continue;
    if (!current) {
      throw new FlowcostError([
        {
          code: 'pricing',
          file: path,
          message: `region "${region}" is not in pricing ${base.version}; a single file can only replace one service's prices`,
          hint: 'give a directory with both lambda.yaml and step-functions.yaml to price a new region',
        },
      ]);
    }
    regions[region] =
      file.file.service === 'lambda'
        ? { ...current, lambda: lambdaPrices(file, raw) }
        : file.file.service === 'step-functions'
          ? { ...current, stepFunctions: sfnPrices(file, raw) }
          : { ...current, supporting: supportingPrices(file, raw) };
  }
  return { ...base, version: `${base.version}+${path}`, regions, override: { file: path, service: file.file.service, regions: Object.keys(file.file.regions) } };
}

type LoadedFile = ReturnType<typeof loadPricingFile>;
type RawRegion = RawFile['regions'][string];

function lambdaPrices(file: LoadedFile, raw: RawRegion): RegionPrices['lambda'] {
  const duration = raw['duration'] as Record<string, RawPrice>;
  return {
    requests: file.price(raw['requests'] as RawPrice),
    duration: { x86_64: file.price(duration['x86_64']!), arm64: file.price(duration['arm64']!) },
    ephemeralStorage: file.price(raw['ephemeralStorage'] as RawPrice),
    durableOperations: file.price(raw['durableOperations'] as RawPrice),
    durableDataWritten: file.price(raw['durableDataWritten'] as RawPrice),
    durableDataRetained: file.price(raw['durableDataRetained'] as RawPrice),
    // issue 18 (Lambda Managed Instances): requests, and per instance type its EC2 price and Lambda's fee.
    managedRequests: file.price(raw['managedInstanceRequests'] as RawPrice),
    managedInstances: perInstanceType(file, raw['managedInstances'] as Record<string, RawPrice>),
    managedFees: perInstanceType(file, raw['managedInstanceFees'] as Record<string, RawPrice>),
    // issue 18.6 (Lambda MicroVMs)
    microvmVcpu: file.price(raw['microvmVcpu'] as RawPrice),
    microvmMemory: file.price(raw['microvmMemory'] as RawPrice),
    microvmSnapshotRead: file.price(raw['microvmSnapshotRead'] as RawPrice),
  };
}

/** issue 18: a price per instance type (the schema requires every type of MANAGED_INSTANCE_TYPES). */
function perInstanceType(file: LoadedFile, raw: Record<string, RawPrice>): Record<ManagedInstanceType, Price> {
  return Object.fromEntries(MANAGED_INSTANCE_TYPES.map((type) => [type, file.price(raw[type]!)])) as Record<ManagedInstanceType, Price>;
}

function supportingPrices(file: LoadedFile, raw: RawRegion): RegionPrices['supporting'] {
  return {
    dynamodbWrites: file.price(raw['dynamodbWrites'] as RawPrice),
    dynamodbReads: file.price(raw['dynamodbReads'] as RawPrice),
    sqsRequests: file.price(raw['sqsRequests'] as RawPrice),
    schedulerInvocations: file.price(raw['schedulerInvocations'] as RawPrice),
    cloudwatchLogs: file.price(raw['cloudwatchLogs'] as RawPrice), // issue 18 (logging)
  };
}

function sfnPrices(file: LoadedFile, raw: RawRegion): RegionPrices['stepFunctions'] {
  return {
    standardTransitions: file.price(raw['standardTransitions'] as RawPrice),
    expressRequests: file.price(raw['expressRequests'] as RawPrice),
    expressDuration: file.price(raw['expressDuration'] as RawPrice),
  };
}

/** Validates one pricing file; `price` resolves a raw price's source key to its URL. */
export function loadPricingFile(file: string, service: RawFile['service']) {
  const source = parseYamlSource(readTextFile(file), file);
  const problems = schemaProblems(loadPricingSchema(), source, 'pricing');
  if (problems.length > 0) throw new FlowcostError(problems);
  const data = source.data as RawFile;
  problems.push(...semanticPricingProblems(data, source, service));
  if (problems.length > 0) throw new FlowcostError(problems);
  return {
    file: data,
    price(raw: RawPrice): Price {
      const origin = data.sources[raw.source]!;
      return {
        unit: raw.unit,
        tiers: raw.tiers,
        ...(raw.freeTier !== undefined ? { freeTier: raw.freeTier } : {}),
        source: origin.url,
        retrieved: origin.retrieved,
        ...(raw.estimate !== undefined ? { estimate: raw.estimate } : {}),
      };
    },
  };
}

function semanticPricingProblems(data: RawFile, source: SourceDocument, service: RawFile['service']): Problem[] {
  const problems: Problem[] = [];
  const at = (path: (string | number)[]) => {
    const position = source.locate(path);
    return position ? { line: position.line, column: position.column } : {};
  };
  if (data.service !== service) {
    problems.push({
      code: 'pricing',
      file: source.file,
      ...at(['service']),
      message: `this file prices "${data.service}", expected "${service}"`,
      hint: `the ${service} prices belong in ${service}.yaml`,
    });
  }
  const visit = (raw: RawPrice, path: (string | number)[]) => {
    if (!(raw.source in data.sources)) {
      problems.push({
        code: 'pricing',
        file: source.file,
        ...at([...path, 'source']),
        message: `unknown source "${raw.source}"`,
        expected: `one of ${Object.keys(data.sources).join(', ')}`,
        hint: 'add it under sources: with its url and retrieved date',
      });
    }
    if (raw.tiers.some((tier) => tier.estimated) && raw.estimate === undefined) {
      problems.push({
        code: 'pricing',
        file: source.file,
        ...at(path),
        message: 'a tier is marked estimated but the price has no estimate note',
        hint: 'add estimate: with how the price was derived',
      });
    }
    raw.tiers.forEach((tier, i) => {
      const last = i === raw.tiers.length - 1;
      const previous = i > 0 ? raw.tiers[i - 1]!.upTo : 0;
      if ((tier.upTo === null) !== last || (tier.upTo !== null && previous !== null && tier.upTo <= previous)) {
        problems.push({
          code: 'pricing',
          file: source.file,
          ...at([...path, 'tiers', i]),
          message: 'tiers must ascend, and only the last one is open (upTo: null)',
          hint: 'order the tiers by upTo and end with { upTo: null }',
        });
      }
    });
  };
  for (const [region, prices] of Object.entries(data.regions)) {
    for (const [key, value] of Object.entries(prices)) {
      if ('tiers' in value) visit(value as RawPrice, ['regions', region, key]);
      else for (const [sub, price] of Object.entries(value as Record<string, RawPrice>)) visit(price, ['regions', region, key, sub]);
    }
  }
  return problems;
}
