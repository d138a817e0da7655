/** `flowcost export` end to end, through the built binary. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');
const flowcost = (args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('flowcost export', () => {
  it('--asl prints the definition of a step-tree workload; --out writes it', () => {
    const printed = flowcost(['export', 'examples/order-fulfilment.yaml', '--asl']);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const definition = JSON.parse(printed.stdout) as { StartAt: string; States: Record<string, { Type: string }> };
    expect(definition.StartAt).toBe('validate-order');
    expect(definition.States['manager-approval']!.Type).toBe('Task');
    const out = join(mkdtempSync(join(tmpdir(), 'flowcost-export-')), 'order.asl.json');
    expect(flowcost(['export', 'examples/order-fulfilment.yaml', '--asl', '--out', out])).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('without --asl, or for a workload that already has a definition, exits 2 and says why', () => {
    const bare = flowcost(['export', 'examples/order-fulfilment.yaml']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--asl/);
    const imported = flowcost(['export', 'examples/imported/scatter-gather.yaml', '--asl']);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(/already runs a state machine definition/);
    expect(imported.stdout).toBe('');
  });
});
