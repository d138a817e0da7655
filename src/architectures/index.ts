/** The architectures flowcost compares, in report order. */
import { lambdaArchitecture } from './lambda.js';
import { lambdaChainArchitecture } from './lambda-chain.js';
import { lambdaDurableArchitecture } from './lambda-durable.js';
import { lambdaManagedArchitecture } from './lambda-managed.js';
import { lambdaMicrovmArchitecture } from './lambda-microvm.js';
import { sfnHybridArchitecture } from './sfn-hybrid.js';
import { sfnExpressArchitecture } from './sfn-express.js';
import { sfnStandardArchitecture } from './sfn-standard.js';
import type { ArchitectureId, ArchitectureModel } from './types.js';

export const ARCHITECTURES = {
  lambda: lambdaArchitecture,
  'sfn-standard': sfnStandardArchitecture,
  'sfn-express': sfnExpressArchitecture,
  'lambda-durable': lambdaDurableArchitecture,
  'sfn-hybrid': sfnHybridArchitecture,
  'lambda-chain': lambdaChainArchitecture,
  'lambda-managed': lambdaManagedArchitecture,
  'lambda-microvm': lambdaMicrovmArchitecture,
} as const satisfies Record<ArchitectureId, ArchitectureModel>;

export * from './types.js';
