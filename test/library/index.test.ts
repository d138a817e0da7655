/** The package's entry (dist/index.js, what `import … from 'flowcost'` loads): every feature the CLI has, as functions. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'index.js')).href;
type Flowcost = typeof import('../../src/index.js');

describe("the library's public entry", () => {
  it('analyzes, sweeps, draws a decision map and exports a definition from the built package', async () => {
    const flowcost = (await import(entry)) as Flowcost;
    const example = join(import.meta.dirname, '..', '..', 'examples', 'webhook-with-delay.yaml');
    const workload = flowcost.loadWorkloadFile(example);
    const catalog = flowcost.loadPricingCatalog();
    const options = { samples: 500, seed: 1, freeTier: false };
    const report = flowcost.analyze(workload, catalog, options);
    expect(report.architectures.map((a) => a.id)).toEqual([...flowcost.ARCHITECTURE_IDS]);
    const volume = flowcost.parseVary('executionsPerMonth=10k..10M', workload);
    const swept = flowcost.sweep(workload, catalog, volume, { steps: 3, scale: 'log', analyze: options });
    expect(swept.points).toHaveLength(3);
    const map = flowcost.decisionMap(workload, catalog, [volume, flowcost.parseVary('lambda.memoryMb=512..2048', workload)], {
      steps: [3, 2],
      scales: ['log', 'linear'],
      analyze: options,
    });
    expect(map.grid).toHaveLength(6);
    expect(flowcost.toAsl(workload)).toHaveProperty('StartAt');
  });

  it('draws the same decision map on two threads as on one (its worker runs from the built package)', async () => {
    const flowcost = (await import(entry)) as Flowcost;
    const workload = flowcost.loadWorkloadFile(join(import.meta.dirname, '..', '..', 'bench', 'ten-steps.yaml'));
    const catalog = flowcost.loadPricingCatalog();
    const varies = [flowcost.parseVary('steps.validate.duration=50ms..500ms', workload), flowcost.parseVary('steps.persist.failureRate=0..0.3', workload)] as const;
    // 3 × 3 cells of 15,000 samples: above the threshold below which a map stays on one thread.
    const options = { steps: [3, 3], scales: ['linear', 'linear'], analyze: { samples: 15_000, seed: 2, freeTier: false } } as const;
    let progress = 0;
    const parallel = await flowcost.decisionMapInParallel(workload, catalog, varies, { ...options, threads: 2, onProgress: (done) => (progress = done) });
    expect(parallel).toEqual(flowcost.decisionMap(workload, catalog, varies, options));
    expect(progress).toBe(9);
  });
});
