/** `analyze --dump-code` (issue 19, "the generated code is readable"): the run function and the metering, numbers and indexes only. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

describe('analyze --dump-code', () => {
  it('prints the generated simulation and the generated metering of every architecture analysed, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', 'examples/order-fulfilment.yaml', '--dump-code']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('// flowcost: the simulation of one execution, generated from the workload');
    expect(stdout).toMatch(/\/\/ flowcost: the metering of one execution in lambda, sfn-standard, .*lambda-microvm \(src\/engine\/meter-codegen\.ts\)/);
    expect(stdout).toContain('return function meter(record) {');
    // The generated code is valid JavaScript, both parts.
    const [run, meter] = stdout.split(/^\/\/ flowcost: the metering.*$/m);
    expect(() => new Function('tables', run!)).not.toThrow();
    expect(() => new Function('tables', meter!)).not.toThrow();
  });

  it('takes --architectures into account and puts no name of the workload in the code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-dump-'));
    const file = join(dir, 'w.yaml');
    const hostile = 'a"b\'c`${process.exit(9)}';
    writeFileSync(file, `name: ${JSON.stringify(hostile)}\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: ${JSON.stringify(hostile)}\n    duration: 40ms\n`);
    const { code, stdout } = await runCli(['analyze', file, '--dump-code', '--architectures', 'lambda,sfn-express']);
    expect(code).toBe(0);
    expect(stdout).toContain('the metering of one execution in lambda, sfn-express (');
    expect(stdout).not.toContain('process.exit(9)');
    const meter = stdout.split(/^\/\/ flowcost: the metering.*$/m)[1]!;
    expect(meter.replace("'use strict';", '')).not.toMatch(/['"`]/);
  });
});
