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
});
