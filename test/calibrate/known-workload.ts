/** The workload the round trip simulates, calibrates and compares (test/calibrate/round-trip.test.ts). */
import type { GenWorkload } from './generator.js';

export const SECRET = 'SECRET-card-4111-1111-1111-1111';

export const KNOWN: GenWorkload = {
  name: 'orders',
  executionsPerMonth: 1_000_000,
  steps: [
    { kind: 'task', name: 'validate-order', duration: { p50: 120, p95: 300 }, memoryMb: 256 },
    {
      kind: 'task',
      name: 'charge-card',
      duration: { p50: 400, p95: 1_200 },
      memoryMb: 512,
      failureRate: 0.05,
      retry: { maxAttempts: 2, intervalS: 1, backoffRate: 2 },
      coldStart: { probability: 0.05, init: { p50: 300, p95: 700 } },
    },
    { kind: 'callback', name: 'manager-approval', duration: { p50: 2 * 3_600_000, p95: 20 * 3_600_000 } },
    {
      kind: 'parallel',
      name: 'enrich',
      branches: [
        [{ kind: 'task', name: 'fraud-score', duration: { p50: 300, p95: 600 }, memoryMb: 128 }],
        [{ kind: 'task', name: 'loyalty', duration: { p50: 200, p95: 500 }, memoryMb: 128 }],
      ],
    },
    {
      kind: 'map',
      name: 'ship-items',
      itemsMean: 4,
      maxItems: 20,
      maxConcurrency: 5,
      steps: [{ kind: 'task', name: 'ship-one', duration: { p50: 500, p95: 1_500 }, memoryMb: 256 }],
    },
    {
      kind: 'choice',
      name: 'route',
      branches: [
        { probability: 0.75, steps: [{ kind: 'task', name: 'standard-shipping', duration: { p50: 50, p95: 120 }, memoryMb: 128 }] },
        {
          probability: 0.25,
          steps: [
            { kind: 'task', name: 'express-shipping', duration: { p50: 80, p95: 200 }, memoryMb: 128 },
            { kind: 'wait', name: 'cool-off', duration: { p50: 30_000, p95: 90_000 } },
          ],
        },
      ],
    },
  ],
};

