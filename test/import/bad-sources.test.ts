/**
 * Broken sources given to `flowcost import` (test/fixtures/import/bad/SOURCE.md): each is a clear
 * error with the file (and line where there is one), exit 2, no stack trace, and nothing written
 * to --out. Plus the listing of a project folder and `--list`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');

describe('flowcost import: bad sources', () => {
  it.each([
    ['a plan without state machines', [join(fixtures, 'terraform-plan', 'plan-without-machines.json')], /plan-without-machines\.json:1:1 {2}error\[semantic\]: the plan holds no state machine/],
    ['an unknown --resource', [join(fixtures, 'cdk.out'), '--resource', 'OrdersStack/OrderMachin'], /error\[semantic\]: the cloud assembly .* has no state machine "OrdersStack\/OrderMachin" {2}\(did you mean "OrdersStack\/OrderMachine"\?\)/],
    ['a .tf with a syntax error', [join(fixtures, 'bad', 'tf-syntax')], /tf-syntax\/main\.tf:9:4 {2}error\[hcl-syntax\]: Missing attribute separator/],
    ['a template naming a missing file', [join(fixtures, 'bad', 'missing-file', 'template.yaml')], /template\.yaml:7:22 {2}error\[file-read\]: DefinitionUri: statemachine\/missing\.asl\.json does not exist/],
    ['a templatefile() of a missing file', [join(fixtures, 'bad', 'tf-missing-template')], /main\.tf:4:3 {2}error\[file-read\]: templatefile\(\): \.\/missing\.asl\.json does not exist/],
    ['a definition unknown until apply', [join(fixtures, 'terraform-plan', 'plan-unknown-definition.json'), '--resource', 'orders'], /is known only after apply/],
  ])('%s', async (_, args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'flowcost-import-bad-')), 'workload.yaml');
    writeFileSync(out, 'old\n');
    const { code, stdout, stderr } = await runCli(['import', ...args, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
  });

  it('a project folder without --resource lists its machines (exit 2, nothing written); --list prints them (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-import-list-'));
    const out = join(dir, 'workload.yaml');
    const listed = await runCli(['import', join(fixtures, 'serverless'), '--out', out]);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toContain('holds 2 state machines; choose one with --resource:\n  checkout  serverless      STANDARD  serverless.yml\n  receipts  serverless      EXPRESS   serverless.yml\n');
    expect(existsSync(out)).toBe(false);
    const list = await runCli(['import', join(fixtures, 'cdk.out'), '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        'OrderMachine5A1B2C3D (OrdersStack/OrderMachine)              cdk             EXPRESS   .',
        'RefundMachineE7F8A9B0 (OrdersStack/RefundMachine)            cdk             STANDARD  .',
        'ReportMachine0C9D8E7F (OrdersStack/Reporting/ReportMachine)  cdk             STANDARD  .',
        '',
      ].join('\n'),
    );
  });

  it('a folder with one machine imports it; the skeleton names the source and the resource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-import-one-'));
    const out = join(dir, 'workload.yaml');
    const { code, stderr } = await runCli(['import', join(fixtures, 'terraform', 'modules', 'notify'), '--out', out]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('  resource: aws_sfn_state_machine.notify\n  type: STANDARD\n');
    expect(text).toMatch(/ {2}definition: .*test\/fixtures\/import\/terraform\/modules\/notify\n/);
  });
});

describe('a CDK app that has not been synthesized', () => {
  it('says to run cdk synth (flowcost reads cdk.out, not the app source)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-cdk-app-'));
    writeFileSync(join(dir, 'cdk.json'), '{ "app": "npx ts-node bin/app.ts" }\n');
    const { code, stderr } = await runCli(['import', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cdk\.json {2}error\[semantic\]: a CDK app that has not been synthesized: flowcost reads the cloud assembly \(cdk\.out\), not the app source {2}\(run cdk synth in this folder, then import its cdk\.out\)/);
  });
});
