/**
 * The pricing catalog as flowcost uses it: every price a list of tiers with its unit and source,
 * keyed by region. Loaded from `pricing/aws/<version>/*.yaml` (see src/io/load-pricing.ts); this
 * module holds no price itself.
 */
import { MANAGED_INSTANCE_TYPES, type LambdaArchitecture, type ManagedInstanceType } from '../workload/types.js';

export interface PriceTier {
  /** Upper bound of the tier in the price's unit per month; `null` for the last, open tier. */
  readonly upTo: number | null;
  readonly usd: number;
  /** Not published for this region: derived as the price's `estimate` note explains. */
  readonly estimated?: boolean;
}

export interface Price {
  /** Unit the tiers are expressed in: "request", "GB-second", "GB-hour", "transition". */
  readonly unit: PriceUnit;
  readonly tiers: readonly PriceTier[];
  /** Free quantity per month (applied only with --free-tier). */
  readonly freeTier?: number;
  /** URL of the page the price comes from. */
  readonly source: string;
  /** When the source was read (YYYY-MM-DD). */
  readonly retrieved: string;
  /** How estimated tiers were derived. */
  readonly estimate?: string;
}

export const PRICE_UNITS = [
  'request',
  'GB-second',
  'GB-hour',
  'transition',
  'operation',
  'GB',
  'GB-month',
  'write-request-unit',
  'read-request-unit',
  'invocation',
  'instance-hour',
  'vCPU-second',
] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export interface RegionPrices {
  readonly lambda: {
    readonly requests: Price;
    readonly duration: Readonly<Record<LambdaArchitecture, Price>>;
    /** Ephemeral storage above the free 512 MB, per GB-second. */
    readonly ephemeralStorage: Price;
    /** Lambda durable functions: operations, data written (GB), data retained (GB-month). */
    readonly durableOperations: Price;
    readonly durableDataWritten: Price;
    readonly durableDataRetained: Price;
    /**
     * Lambda Managed Instances: requests, the EC2 on-demand price of each instance type, and the
     * management fee Lambda adds per instance-hour (15% of that on-demand price).
     */
    readonly managedRequests: Price;
    readonly managedInstances: Readonly<Record<ManagedInstanceType, Price>>;
    readonly managedFees: Readonly<Record<ManagedInstanceType, Price>>;
    /** Lambda MicroVMs (arm64): per vCPU-second, per GB-second of memory, per GB of snapshot read at launch. */
    readonly microvmVcpu: Price;
    readonly microvmMemory: Price;
    readonly microvmSnapshotRead: Price;
  };
  readonly stepFunctions: {
    readonly standardTransitions: Price;
    readonly expressRequests: Price;
    readonly expressDuration: Price;
  };
  /** What a do-it-yourself chain of functions needs: DynamoDB on demand, SQS, EventBridge Scheduler. */
  readonly supporting: {
    readonly dynamodbWrites: Price;
    readonly dynamodbReads: Price;
    readonly sqsRequests: Price;
    readonly schedulerInvocations: Price;
    /** CloudWatch Logs ingestion (Lambda's and Step Functions' logs), per GB. */
    readonly cloudwatchLogs: Price;
  };
}

export interface PricingCatalog {
  readonly version: string;
  readonly retrieved: string;
  readonly currency: 'USD';
  readonly regions: Readonly<Record<string, RegionPrices>>;
  /** Regions the catalog knows but cannot price completely, with the reason. */
  readonly unpricedRegions?: Readonly<Record<string, string>>;
  /** A --pricing file that replaced one service's prices: which file, which service, in which regions. */
  readonly override?: { readonly file: string; readonly service: string; readonly regions: readonly string[] };
}

/** Where a price lives in the catalog, e.g. "lambda.duration.arm64". Shown beside each cost line. */
export type PriceKey =
  | 'lambda.requests'
  | `lambda.duration.${LambdaArchitecture}`
  | 'lambda.ephemeralStorage'
  | 'lambda.durableOperations'
  | 'lambda.durableDataWritten'
  | 'lambda.durableDataRetained'
  | 'lambda.managedRequests'
  | 'lambda.microvmVcpu'
  | 'lambda.microvmMemory'
  | 'lambda.microvmSnapshotRead'
  | `lambda.managedInstance.${ManagedInstanceType}`
  | `lambda.managedFee.${ManagedInstanceType}`
  | 'supporting.cloudwatchLogs'
  | 'supporting.dynamodbWrites'
  | 'supporting.dynamodbReads'
  | 'supporting.sqsRequests'
  | 'supporting.schedulerInvocations'
  | 'stepFunctions.standardTransitions'
  | 'stepFunctions.expressRequests'
  | 'stepFunctions.expressDuration';

export const PRICE_KEYS = [
  'lambda.requests',
  'lambda.duration.x86_64',
  'lambda.duration.arm64',
  'lambda.ephemeralStorage',
  'lambda.durableOperations',
  'lambda.durableDataWritten',
  'lambda.durableDataRetained',
  'stepFunctions.standardTransitions',
  'stepFunctions.expressRequests',
  'stepFunctions.expressDuration',
  'supporting.dynamodbWrites',
  'supporting.dynamodbReads',
  'supporting.sqsRequests',
  'supporting.schedulerInvocations',
  'supporting.cloudwatchLogs',
  'lambda.managedRequests',
  'lambda.microvmVcpu',
  'lambda.microvmMemory',
  'lambda.microvmSnapshotRead',
  ...MANAGED_INSTANCE_TYPES.map((type) => `lambda.managedInstance.${type}` as const),
  ...MANAGED_INSTANCE_TYPES.map((type) => `lambda.managedFee.${type}` as const),
] as const satisfies readonly PriceKey[];

const MANAGED_INSTANCE_PREFIX = 'lambda.managedInstance.';
const MANAGED_FEE_PREFIX = 'lambda.managedFee.';

export function lookupPrice(region: RegionPrices, key: PriceKey): Price {
  switch (key) {
    case 'lambda.requests':
      return region.lambda.requests;
    case 'lambda.duration.x86_64':
      return region.lambda.duration.x86_64;
    case 'lambda.duration.arm64':
      return region.lambda.duration.arm64;
    case 'lambda.ephemeralStorage':
      return region.lambda.ephemeralStorage;
    case 'lambda.durableOperations':
      return region.lambda.durableOperations;
    case 'lambda.durableDataWritten':
      return region.lambda.durableDataWritten;
    case 'lambda.durableDataRetained':
      return region.lambda.durableDataRetained;
    case 'supporting.dynamodbWrites':
      return region.supporting.dynamodbWrites;
    case 'supporting.dynamodbReads':
      return region.supporting.dynamodbReads;
    case 'supporting.sqsRequests':
      return region.supporting.sqsRequests;
    case 'supporting.schedulerInvocations':
      return region.supporting.schedulerInvocations;
    case 'supporting.cloudwatchLogs':
      return region.supporting.cloudwatchLogs;
    case 'lambda.managedRequests':
      return region.lambda.managedRequests;
    case 'lambda.microvmVcpu':
      return region.lambda.microvmVcpu;
    case 'lambda.microvmMemory':
      return region.lambda.microvmMemory;
    case 'lambda.microvmSnapshotRead':
      return region.lambda.microvmSnapshotRead;
    case 'stepFunctions.standardTransitions':
      return region.stepFunctions.standardTransitions;
    case 'stepFunctions.expressRequests':
      return region.stepFunctions.expressRequests;
    case 'stepFunctions.expressDuration':
      return region.stepFunctions.expressDuration;
    default:
      // The per-instance-type keys of Lambda Managed Instances.
      return key.startsWith(MANAGED_FEE_PREFIX)
        ? region.lambda.managedFees[key.slice(MANAGED_FEE_PREFIX.length) as ManagedInstanceType]
        : region.lambda.managedInstances[key.slice(MANAGED_INSTANCE_PREFIX.length) as ManagedInstanceType];
  }
}
