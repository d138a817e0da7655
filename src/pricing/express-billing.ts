/**
 * How an Express execution is billed (https://aws.amazon.com/step-functions/pricing/): its duration
 * rounded up to 100 ms, at its memory in 64 MB chunks, both per execution, never on averages.
 * Memory estimate (same page): 50 MB + definition size + payload × Map/Parallel steps, with
 * 1 MB = 1,000 KB as in AWS's example (62.85 MB → 64 MB billed). Used by the Express architectures
 * and by the engine for a Distributed Map's EXPRESS child executions.
 */
const BASE_MEMORY_MB = 50;
const KB_PER_MB = 1000;
const MEMORY_CHUNK_MB = 64;
const DURATION_STEP_MS = 100;
const MB_PER_GB = 1024;
const MS_PER_HOUR = 3_600_000;
/** An Express execution stops at 5 minutes (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html), billed up to there. */
export const EXPRESS_MAX_DURATION_MS = 300_000;

/** Billed memory of one Express execution, in MB (a multiple of 64). */
export function expressBilledMemoryMb(definitionKb: number, payloadKb: number, mapParallelUnits: number): number {
  const usedMb = BASE_MEMORY_MB + (definitionKb + payloadKb * mapParallelUnits) / KB_PER_MB;
  return Math.max(1, Math.ceil(usedMb / MEMORY_CHUNK_MB)) * MEMORY_CHUNK_MB;
}

/** Billed duration of one Express execution, in ms (rounded up to 100 ms). */
export function expressBilledDurationMs(durationMs: number): number {
  return Math.ceil(durationMs / DURATION_STEP_MS) * DURATION_STEP_MS;
}

/** GB-hours billed for one Express execution of `durationMs` at `memoryMb` (stopped at 5 minutes). */
export function expressGbHours(durationMs: number, memoryMb: number): number {
  const billedMs = Math.min(expressBilledDurationMs(durationMs), EXPRESS_MAX_DURATION_MS);
  return (billedMs / MS_PER_HOUR) * (memoryMb / MB_PER_GB);
}
