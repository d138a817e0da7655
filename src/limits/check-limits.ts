/**
 * Turn what the simulation observed about a limit into a status:
 * - `exceeded`: at least 0.1% of executions break it (the architecture is infeasible);
 * - `near`: p99 passes 80% of the limit, or a few executions (< 0.1%) break it;
 * - `ok` otherwise.
 */
import { MATERIAL_EXCEED_PROBABILITY, NEAR_RATIO } from './quotas.js';

export type LimitStatus = 'ok' | 'near' | 'exceeded';

export function limitStatus(limit: number, observedP99: number, exceedProbability: number): LimitStatus {
  if (exceedProbability >= MATERIAL_EXCEED_PROBABILITY) return 'exceeded';
  if (exceedProbability > 0) return 'near';
  if (limit === 0) return 'ok';
  return observedP99 >= NEAR_RATIO * limit ? 'near' : 'ok';
}
