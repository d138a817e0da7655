/** End-to-end: the built binary (dist/bundle/flowcost.mjs, the bin, built by `npm test` before vitest runs). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');

function flowcost(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowcost-cli-'));
}

describe('flowcost analyze', () => {
  it('prints the table with every architecture and the recommendation', () => {
    const { code, stdout, stderr } = flowcost(['analyze', 'examples/order-fulfilment.yaml']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const id of ['lambda', 'sfn-standard', 'sfn-express', 'lambda-durable', 'sfn-hybrid', 'lambda-chain', 'lambda-managed', 'lambda-microvm']) expect(stdout).toContain(id);
    // The approval waits in the Standard parent; the short steps run in Express children.
    expect(stdout).toContain('Recommendation: sfn-hybrid');
    expect(stdout).toMatch(/Express child 1: validate-order → charge-card/);
    expect(stdout).toMatch(/One Lambda function is ruled out: [\d.]+% of executions run longer than the function's 15m 00s timeout/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('--format json prints report v1, byte-identical for the same seed', () => {
    const args = ['analyze', 'examples/webhook-with-delay.yaml', '--format', 'json', '--samples', '3000'];
    const first = flowcost([...args, '--seed', '5']);
    const second = flowcost([...args, '--seed', '5']);
    const other = flowcost([...args, '--seed', '6']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const report = JSON.parse(first.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.simulation).toMatchObject({ samples: 3000, seed: 5 });
    expect(report.pricing).toMatchObject({ version: '2026-11-01', region: 'us-east-1', freeTier: false, estimates: [] });
    expect(report.recommendation.architecture).toBe('sfn-express');
    expect(Object.keys(report.architectures[0])).toEqual(
      expect.arrayContaining(['id', 'feasible', 'costPerExecution', 'monthlyCost', 'durationMs', 'transitionsPerExecution', 'limits', 'stateHandling']),
    );
  });

  it('gives byte-identical JSON on one thread and on several (chunks claimed in any order, merged in order)', () => {
    // 200,000 samples = 4 chunks: above the parallel threshold, so --threads N runs this thread and N - 1 workers
    // (N: every core; more would be capped at the cores).
    const args = ['analyze', 'bench/ten-steps.yaml', '-f', 'json', '-n', '200000', '--seed', '9', '-a', 'lambda,sfn-standard,sfn-hybrid'];
    const one = flowcost([...args, '--threads', '1']);
    const three = flowcost([...args, '--threads', String(Math.max(2, availableParallelism()))]);
    expect(one.code).toBe(0);
    expect(three.stderr).toBe('');
    expect(three.stdout).toBe(one.stdout);
    expect(JSON.parse(three.stdout).simulation.samples).toBe(200_000);
  });

  it('gives a byte-identical decision map on one thread and on several (cells claimed in any order, put back in grid order)', () => {
    // 4 × 4 cells of 10,000 samples: above the parallel threshold, so the cells run on every thread.
    const args = ['sweep', 'bench/ten-steps.yaml', '--vary', 'steps.validate.duration=50ms..500ms', '--vary', 'steps.persist.failureRate=0..0.3', '--steps', '4', '-n', '10000', '-f', 'json'];
    const one = flowcost([...args, '--threads', '1']);
    const several = flowcost([...args, '--threads', String(Math.max(2, availableParallelism()))]);
    expect(one.code).toBe(0);
    expect(several.stderr).toBe('');
    expect(several.stdout).toBe(one.stdout);
    const map = JSON.parse(several.stdout);
    expect(map.grid).toHaveLength(16);
    expect(map.simulation.simulations).toBe(16);
  });

  it('a decision map whose cell is refused says so on several threads as on one (the first cell in grid order)', () => {
    // A Map of six steps: at a million items (10,000 simulated) one execution is 60,002 steps, above the work bound.
    const file = join(tempDir(), 'big-map.yaml');
    writeFileSync(
      file,
      'name: big-map\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - { task: first, duration: 50ms }\n  - map: fan\n    items: 10\n    steps:\n' +
        ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `      - { task: ${name}, duration: 1ms }\n`).join(''),
    );
    const args = ['sweep', file, '--vary', 'steps.first.duration=50ms..500ms', '--vary', 'steps.fan.items=1..1000000', '--steps', '3', '-n', '100000', '-f', 'json'];
    const one = flowcost([...args, '--threads', '1']);
    const several = flowcost([...args, '--threads', '2']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('error[too-much-work]');
    expect(several.code).toBe(one.code);
    expect(several.stderr).toBe(one.stderr);
    expect(several.stdout).toBe(one.stdout);
  });

  it('--free-tier lowers the bill and says so', () => {
    const without = JSON.parse(flowcost(['analyze', 'examples/api-backend.yaml', '-f', 'json']).stdout);
    const withFree = JSON.parse(flowcost(['analyze', 'examples/api-backend.yaml', '-f', 'json', '--free-tier']).stdout);
    expect(withFree.pricing.freeTier).toBe(true);
    expect(withFree.architectures[0].monthlyCost.total).toBeLessThan(without.architectures[0].monthlyCost.total);
  });

  it('--out writes the file and nothing to stdout', () => {
    const out = join(tempDir(), 'report.json');
    const { code, stdout } = flowcost(['analyze', 'examples/api-backend.yaml', '--format', 'json', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).workload.name).toBe('api-backend');
  });
});

describe('bad input', () => {
  it('exits 2 with file:line:column and a hint, no stack trace, and leaves --out untouched', () => {
    const dir = tempDir();
    const workload = join(dir, 'bad.yaml');
    const out = join(dir, 'report.json');
    writeFileSync(out, 'previous report\n');
    writeFileSync(workload, 'name: bad\nregion: us-east-1\nexecutionsPerMonth: 10\nsteps:\n  - task: a\n    duration: 1s\n    memoryMB: 256\n');
    const { code, stdout, stderr } = flowcost(['analyze', workload, '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${workload}:7:5  error[unknown-key]: unknown key "memoryMB"  (did you mean "memoryMb"?)`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, 'utf8')).toBe('previous report\n');
  });

  it('invalid YAML exits 2 with its position', () => {
    const workload = join(tempDir(), 'broken.yaml');
    writeFileSync(workload, 'name: x\nsteps: [\n  - a\n');
    const { code, stderr } = flowcost(['analyze', workload]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`${workload.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+  error\\[yaml-syntax\\]`));
  });

  it('an unknown region names the regions that exist', () => {
    const workload = join(tempDir(), 'region.yaml');
    writeFileSync(workload, 'name: x\nregion: us-east-9\nexecutionsPerMonth: 10\nsteps:\n  - task: a\n    duration: 1s\n');
    const { code, stderr } = flowcost(['analyze', workload]);
    expect(code).toBe(2);
    expect(stderr).toContain('no prices for region "us-east-9"');
    expect(stderr).toContain('did you mean us-east-1?');
  });

  it('--format json reports errors as JSON on stdout too', () => {
    const { code, stdout } = flowcost(['analyze', 'no-such-file.yaml', '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).errors[0]).toMatchObject({ code: 'file-read', file: 'no-such-file.yaml', message: 'no such file' });
  });

  it('usage errors exit 2', () => {
    expect(flowcost(['analyze', 'examples/api-backend.yaml', '--samples', '0']).code).toBe(2);
    expect(flowcost(['analyze', 'examples/api-backend.yaml', '--format', 'xml']).code).toBe(2);
    expect(flowcost(['analyse', 'x.yaml']).code).toBe(2);
    expect(flowcost([]).code).toBe(2);
    expect(existsSync(bin)).toBe(true);
  });
});

describe('flowcost pricing', () => {
  it('list names the versions, the priced regions and the ones that cannot be priced', () => {
    const { code, stdout } = flowcost(['pricing', 'list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/pricing 2026-11-01 .* 20 regions/);
    expect(stdout).toContain('eu-south-1');
    expect(stdout).toContain('not priceable: eu-central-2');
  });

  it('show prints every price of a region with its source, and marks estimates', () => {
    const { code, stdout } = flowcost(['pricing', 'show', '--region', 'af-south-1']);
    expect(code).toBe(0);
    expect(stdout).toContain('lambda.duration.x86_64');
    expect(stdout).toContain('0–6B: 0.0000221');
    expect(stdout).toContain('https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json');
    expect(stdout).toContain('* estimated');
    const json = JSON.parse(flowcost(['pricing', 'show', '--region', 'us-east-1', '-f', 'json']).stdout);
    expect(json.prices.find((p: { key: string }) => p.key === 'stepFunctions.standardTransitions').tiers[0].usd).toBe(0.000025);
  });

  it('show for an unknown region exits 2 with a suggestion', () => {
    const { code, stderr } = flowcost(['pricing', 'show', '--region', 'us-est-1']);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean us-east-1?');
  });

  it('analyze --discount and --pricing change the Lambda compute bill', () => {
    const base = JSON.parse(flowcost(['analyze', 'examples/api-backend.yaml', '-f', 'json', '-n', '500']).stdout);
    const discounted = JSON.parse(flowcost(['analyze', 'examples/api-backend.yaml', '-f', 'json', '-n', '500', '--discount', '50']).stdout);
    const duration = (r: { architectures: { monthlyCost: { lines: { id: string; usd: number }[] } }[] }) =>
      r.architectures[0]!.monthlyCost.lines.find((l) => l.id === 'lambda-duration')!.usd;
    expect(duration(discounted)).toBeCloseTo(duration(base) / 2, 9);
    expect(flowcost(['analyze', 'examples/api-backend.yaml', '--discount', '120']).code).toBe(2);
    const missing = flowcost(['analyze', 'examples/api-backend.yaml', '--pricing', 'no-such-prices.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-prices.yaml  error[file-read]: no such file');
  });
});

describe('help', () => {
  it('--help lists commands; analyze --help shows examples', () => {
    const top = flowcost(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('flowcost analyze <file>');
    const sub = flowcost(['analyze', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('Examples:');
    expect(sub.stdout).toContain('--free-tier');
  });
});
