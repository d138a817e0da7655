/** End-to-end on the built binary (dist/bundle/flowcost.mjs, the bin, built by `npm test`): import → analyze. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from './helpers.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'flowcost.mjs');

function cli(args: string[], cwd?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(cwd ? { cwd } : {}) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('flowcost import', () => {
  it('writes a skeleton that analyze runs as it is: every state listed with its defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-import-'));
    mkdirSync(join(dir, 'statemachine'));
    copyFileSync(join(fixtures, 'wait-for-callback', 'template.yaml'), join(dir, 'template.yaml'));
    copyFileSync(join(fixtures, 'wait-for-callback', 'statemachine', 'statemachine.asl.json'), join(dir, 'statemachine', 'statemachine.asl.json'));
    const out = join(dir, 'workload.yaml');
    const imported = cli(['import', join(dir, 'template.yaml'), '--out', out], dir);
    expect(imported.stderr).toContain('3 states');
    expect(imported.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schemas\/workload\.schema\.json\n/);
    expect(text).toContain('definition: template.yaml\n');
    expect(text).toContain('  Start Task And Wait For Callback: { duration: 50ms, failureRate: 0, callbackWait: 1m }\n');
    expect(text).toContain('  Notify Success: { duration: 50ms, failureRate: 0 }\n');

    const analyzed = cli(['analyze', out, '--format', 'json', '--samples', '1000'], dir);
    expect(analyzed.code).toBe(0);
    const report = JSON.parse(analyzed.stdout) as { architectures: { id: string; feasible: boolean }[]; recommendation: { architecture: string } };
    expect(report.architectures.map((a) => [a.id, a.feasible])).toEqual([
      ['lambda', true],
      ['sfn-standard', true],
      ['sfn-express', false],
      ['lambda-durable', true],
      ['sfn-hybrid', true],
      ['lambda-chain', true],
      ['lambda-managed', true],
      ['lambda-microvm', true],
    ]);
  });

  it('prints to stdout without --out; --resource picks one state machine of several', () => {
    const result = cli(['import', join(fixtures, 'template.yaml'), '--resource', 'ReportStateMachine'], fixtures);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  resource: ReportStateMachine\n');
    // ReportFunction sets no MemorySize or Timeout: Lambda's defaults, taken from the template as the function's own.
    expect(result.stdout).toContain('  Build report: { duration: 100ms, memoryMb: 128, timeout: 3s, ephemeralStorageMb: 512, failureRate: 0 }\n');
    expect(result.stdout).toContain('· function ReportFunction (128 MB, 3 s timeout, x86_64, 512 MB /tmp)\n');
    expect(result.stdout).toContain('  resource: ReportStateMachine\n  type: STANDARD\n');
  });

  it('exit 2 with the logical ids when a template holds several state machines', () => {
    const result = cli(['import', join(fixtures, 'template.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/template\.yaml:\d+:\d+ {2}error\[semantic\]: the template holds 2 state machines: OrderStateMachine, ReportStateMachine/);
  });

  it('analyze prints the defaults warning on stderr and lists it in the JSON report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-import-'));
    copyFileSync(join(fixtures, 'polling-loop.asl.yaml'), join(dir, 'polling-loop.asl.yaml'));
    const workload = join(dir, 'w.yaml');
    writeFileSync(workload, 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: polling-loop.asl.yaml }\n');
    const result = cli(['analyze', workload, '-f', 'json', '--samples', '500'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^flowcost: warning: 3 states of .* use default annotations/);
    // …and the one that says the services' own charges (Athena here) are left out (issue 18.3)
    const warnings = (JSON.parse(result.stdout) as { workload: { warnings: string[] } }).workload.warnings;
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/Start job calls another AWS service directly: what that service charges .* is left out/);
  });
});

describe('the deployed type in the report', () => {
  it('stateMachine.type is shown in JSON (workload.deployedType), the table and Markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-import-'));
    copyFileSync(join(fixtures, 'retry-catch.asl.json'), join(dir, 'retry-catch.asl.json'));
    const workload = join(dir, 'w.yaml');
    writeFileSync(workload, 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: retry-catch.asl.json, type: EXPRESS }\n');
    const json = cli(['analyze', workload, '-f', 'json', '--samples', '200', '--root', dir]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { workload: { deployedType?: string } }).workload.deployedType).toBe('EXPRESS');
    expect(cli(['analyze', workload, '--samples', '200', '--root', dir]).stdout).toContain('\nThis machine is deployed as EXPRESS.\n');
    expect(cli(['analyze', workload, '-f', 'markdown', '--samples', '200', '--root', dir]).stdout).toContain('\nThis machine is deployed as EXPRESS.\n');
    // A plain ASL file says nothing about its deployment: no field, no line.
    writeFileSync(workload, 'name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: retry-catch.asl.json }\n');
    const plain = cli(['analyze', workload, '-f', 'json', '--samples', '200', '--root', dir]);
    expect((JSON.parse(plain.stdout) as { workload: Record<string, unknown> }).workload).not.toHaveProperty('deployedType');
  });
});
