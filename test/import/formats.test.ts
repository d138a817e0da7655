/**
 * Every source format, read with the library on the fixtures of test/fixtures/import (each folder's
 * SOURCE.md cites the documented format it follows): the machine's id, deployed type, the Tasks
 * bound to their functions with the function's own memory, timeout, architecture and /tmp.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowcostError, type Problem } from '../../src/errors/problem.js';
import { functionKey } from '../../src/import/lambda-bindings.js';
import { workloadSkeleton } from '../../src/import/skeleton.js';
import { listStateMachines, loadDefinitionFile, type LoadedDefinition } from '../../src/io/load-definition.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { analyze } from '../../src/analyze.js';
import { catalog } from '../helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');
const at = (...parts: string[]) => join(fixtures, ...parts);

/** State name → [memoryMb, timeoutSeconds, architecture, ephemeralStorageMb] of the bound function. */
function bound(loaded: LoadedDefinition): Record<string, [number | undefined, number | undefined, string | undefined, number | undefined]> {
  return Object.fromEntries([...loaded.bindings].map(([state, f]) => [state, [f.memoryMb, f.timeoutSeconds, f.architecture, f.ephemeralStorageMb]]));
}

function problems(action: () => unknown): readonly Problem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof FlowcostError) return error.problems;
    throw error;
  }
  throw new Error('expected a FlowcostError');
}

describe('Terraform .tf folder', () => {
  it('jsonencode({...}) with locals, tfvars and defaults; Tasks bound through aws_lambda_function.NAME.arn', () => {
    const loaded = loadDefinitionFile(at('terraform'), 'orders');
    expect(loaded).toMatchObject({ format: 'terraform', id: 'aws_sfn_state_machine.orders', declaredType: 'STANDARD' });
    expect(bound(loaded)).toEqual({
      'Validate order': [1769, 30, 'arm64', 1024],
      // memory_size = var.charge_memory, set in terraform.tfvars; FunctionName on lambda:invoke.
      'Charge card': [2048, 10, 'arm64', 512],
    });
    const states = Object.fromEntries(loaded.definition.root.states.map((s) => [s.name, s]));
    // Seconds = var.warehouse_delay_seconds (its default); Retry = [local.retry].
    expect(states['Wait for warehouse']!.waitSeconds).toBe(300);
    expect(states['Validate order']!.retry[0]).toMatchObject({ intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 });
    expect(states['Record']).toMatchObject({ integration: 'service' });
    // aws_dynamodb_table.orders.name is not evaluated: a placeholder and one warning.
    expect(loaded.warnings).toEqual(['a Terraform expression cannot be evaluated offline and stays as a placeholder: aws_dynamodb_table.orders.name']);
  });

  it('templatefile("${path.module}/…", vars): rendered with its variables; problems would point into the template file', () => {
    const loaded = loadDefinitionFile(at('terraform'), 'aws_sfn_state_machine.shipping');
    expect(loaded.declaredType).toBe('EXPRESS');
    expect(loaded.document.file).toBe(at('terraform', 'statemachines', 'shipping.asl.json'));
    expect(bound(loaded)).toEqual({ 'Pick one': [512, 60, 'x86_64', 512], 'Print label': [128, 3, 'arm64', 512] });
    expect(loaded.warnings[0]).toMatch(/data\.aws_region\.current\.name/);
  });

  it('a local module: its address is prefixed, its variables come from the module block; a heredoc definition', () => {
    const loaded = loadDefinitionFile(at('terraform'), 'module.notify.aws_sfn_state_machine.notify');
    expect(loaded.definition.root.states.map((s) => [s.name, s.integration])).toEqual([['Publish', 'service']]);
  });

  it('several machines and no resource: the ids are listed', () => {
    const [problem] = problems(() => loadDefinitionFile(at('terraform')));
    expect(problem!.message).toMatch(/holds 3 state machines: aws_sfn_state_machine\.orders, aws_sfn_state_machine\.shipping, module\.notify\.aws_sfn_state_machine\.notify/);
  });
});

describe('Terraform plan and state (terraform show -json)', () => {
  it('a plan with a child module: the definition string, the type, functions bound by their deployed ARN and name', () => {
    const orders = loadDefinitionFile(at('terraform-plan', 'plan.json'), 'aws_sfn_state_machine.orders');
    expect(orders).toMatchObject({ format: 'terraform-plan', declaredType: 'STANDARD' });
    // By function ARN, and by FunctionName with an alias qualifier (orders-charge:live).
    expect(bound(orders)).toEqual({ 'Validate order': [1769, 30, 'arm64', 1024], 'Charge card': [2048, 10, 'arm64', 512] });
    const daily = loadDefinitionFile(at('terraform-plan', 'plan.json'), 'daily');
    expect(daily).toMatchObject({ id: 'module.reporting.aws_sfn_state_machine.daily', declaredType: 'EXPRESS' });
    expect(bound(daily)).toEqual({ Aggregate: [3008, 300, 'x86_64', 4096] });
  });

  it('a state reads alike', () => {
    expect(loadDefinitionFile(at('terraform-plan', 'state.json'), 'orders').format).toBe('terraform-state');
  });

  it('a definition unknown until apply: a clear error that says what to import instead', () => {
    const [problem] = problems(() => loadDefinitionFile(at('terraform-plan', 'plan-unknown-definition.json'), 'orders'));
    expect(problem).toMatchObject({ code: 'semantic', message: 'the definition of aws_sfn_state_machine.orders is known only after apply (it names resources this plan creates)' });
    expect(problem!.hint).toMatch(/\.tf sources/);
    expect(problem!.line).toBeGreaterThan(1);
  });

  it('an unknown resource gets a "did you mean"', () => {
    expect(problems(() => loadDefinitionFile(at('terraform-plan', 'plan.json'), 'order'))[0]!.hint).toBe('did you mean "orders"?');
  });
});

describe('CDK cloud assembly (cdk.out)', () => {
  it('DefinitionString built with Fn::Join and Fn::GetAtt: the function bound, StateMachineType EXPRESS', () => {
    const loaded = loadDefinitionFile(at('cdk.out'), 'OrderMachine5A1B2C3D');
    expect(loaded).toMatchObject({ format: 'cdk', declaredType: 'EXPRESS' });
    expect(bound(loaded)).toEqual({ Validate: [1024, 20, 'arm64', 512] });
    expect(loaded.definition.root.states.map((s) => s.type)).toEqual(['Task', 'Choice', 'Succeed', 'Fail']);
  });

  it('--resource takes the construct path, with or without /Resource and the leading slash', () => {
    for (const name of ['OrdersStack/OrderMachine', '/OrdersStack/OrderMachine/Resource', 'OrdersStack/OrderMachine/Resource']) {
      expect(loadDefinitionFile(at('cdk.out'), name).id).toBe('OrderMachine5A1B2C3D');
    }
  });

  it('DefinitionS3Location: the asset file of the assembly, with DefinitionSubstitutions', () => {
    const loaded = loadDefinitionFile(at('cdk.out'), 'OrdersStack/RefundMachine');
    expect(loaded.document.file).toMatch(/asset\.3f2a[0-9a-f]+\.json$/);
    expect(bound(loaded)).toEqual({ 'Refund payment': [256, 60, 'x86_64', 2048] });
    expect(loaded.declaredType).toBe('STANDARD');
  });

  it('a nested stack', () => {
    expect(loadDefinitionFile(at('cdk.out'), 'OrdersStack/Reporting/ReportMachine').definition.root.states[0]!.waitSeconds).toBe(86_400);
  });
});

describe('Serverless Framework (serverless-step-functions)', () => {
  it('Fn::GetAtt of a function key or its logical id, provider defaults, ${self:…} variables', () => {
    const loaded = loadDefinitionFile(at('serverless', 'serverless.yml'), 'checkout');
    expect(loaded).toMatchObject({ format: 'serverless', declaredType: 'STANDARD' });
    expect(bound(loaded)).toEqual({
      'Reserve stock': [1536, 25, 'arm64', 512],
      'Charge card': [512, 10, 'arm64', 1024],
      // arn:aws:lambda:#{AWS::Region}:…:function:${self:service}-${sls:stage}-email-receipt
      'Send receipt': [256, 10, 'arm64', 512],
    });
    expect(loaded.warnings).toEqual([]);
  });

  it('type: EXPRESS and a definition from ${file(…)}: problems point into that file', () => {
    const loaded = loadDefinitionFile(at('serverless', 'serverless.yml'), 'receipts');
    expect(loaded.declaredType).toBe('EXPRESS');
    expect(loaded.document.file).toBe(at('serverless', 'machines', 'receipts.asl.yml'));
    expect(bound(loaded)).toEqual({ 'Email receipt': [256, 10, 'arm64', 512] });
  });
});

describe('SAM and CloudFormation: Lambda settings from the template too', () => {
  it('the wait-for-callback sample keeps working; the template fixture binds !GetAtt and DefinitionSubstitutions', () => {
    const template = join(import.meta.dirname, '..', 'fixtures', 'asl', 'template.yaml');
    const loaded = loadDefinitionFile(template, 'OrderStateMachine');
    expect(Object.keys(bound(loaded))).toEqual(['Validate']);
    expect(loaded.declaredType).toBe('EXPRESS');
  });
});

describe('a skeleton from each format loads and analyzes', () => {
  it.each([
    ['terraform', 'orders'],
    ['terraform', 'shipping'],
    ['terraform-plan/plan.json', 'daily'],
    ['cdk.out', 'OrdersStack/RefundMachine'],
    ['serverless/serverless.yml', 'checkout'],
  ])('%s %s', (path, resource) => {
    const loaded = loadDefinitionFile(at(path), resource);
    const text = workloadSkeleton(loaded.definition, {
      name: 'w',
      definitionPath: path,
      resource: loaded.id,
      schemaPath: '../../../schemas/workload.schema.json',
      declaredType: loaded.declaredType,
      memoryMb: 128,
      format: loaded.format,
      bindings: loaded.bindings,
      warnings: loaded.warnings,
    });
    const workload = parseWorkload(text, at('workload.yaml'));
    const report = analyze(workload, catalog, { samples: 300, seed: 1, freeTier: false });
    expect(report.workload.deployedType).toBe(loaded.declaredType);
    for (const [state, fn] of loaded.bindings) {
      expect(text).toContain(`  ${state}: { duration: 100ms, memoryMb: ${fn.memoryMb}`);
    }
  });
});

describe('a project folder', () => {
  it('lists every machine of every format with the id --resource takes', () => {
    const { entries, skipped } = listStateMachines(fixtures);
    expect(entries.map((e) => [e.format, e.id])).toEqual([
      ['sam', 'Machine'],
      ['terraform', 'aws_sfn_state_machine.machine'],
      ['cdk', 'OrderMachine5A1B2C3D'],
      ['cdk', 'RefundMachineE7F8A9B0'],
      ['cdk', 'ReportMachine0C9D8E7F'],
      ['serverless', 'checkout'],
      ['serverless', 'receipts'],
      ['terraform', 'aws_sfn_state_machine.orders'],
      ['terraform', 'aws_sfn_state_machine.shipping'],
      ['terraform', 'module.notify.aws_sfn_state_machine.notify'],
      ['terraform', 'aws_sfn_state_machine.notify'],
      ['terraform-plan', 'aws_sfn_state_machine.orders'],
      ['terraform-plan', 'module.reporting.aws_sfn_state_machine.daily'],
      ['terraform-state', 'aws_sfn_state_machine.orders'],
      ['terraform-state', 'module.reporting.aws_sfn_state_machine.daily'],
    ]);
    // The broken .tf folder is reported, not hidden; the ASL files read by templatefile() and ${file()} are not listed twice.
    expect(skipped.map((p) => [p.code, p.file])).toEqual([['hcl-syntax', at('bad', 'tf-syntax', 'main.tf')]]);
  });

  it('--resource by SOURCE#ID when several sources share an id; a unique id or alias alone', () => {
    expect(loadDefinitionFile(fixtures, 'terraform-plan/state.json#aws_sfn_state_machine.orders').format).toBe('terraform-state');
    expect(loadDefinitionFile(fixtures, 'OrdersStack/OrderMachine').format).toBe('cdk');
    expect(problems(() => loadDefinitionFile(fixtures, 'aws_sfn_state_machine.orders'))[0]!.message).toMatch(/names 3 state machines/);
  });
});

describe('function references', () => {
  it.each([
    ['arn:aws:lambda:us-east-1:123456789012:function:orders-validate', 'orders-validate'],
    ['arn:aws:lambda:us-east-1:123456789012:function:orders-charge:live', 'orders-charge'],
    ['arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:ValidateFn', 'ValidateFn'],
    ['123456789012:function:my-function', 'my-function'],
    ['my-function:3', 'my-function'],
    ['${ValidateFunctionArn}', 'ValidateFunctionArn'],
    ['arn:aws:states:::lambda:invoke', undefined],
  ])('%s → %s', (reference, key) => {
    expect(functionKey(reference)).toBe(key);
  });
});

describe('SAM: !Ref, !Sub and Globals bind functions too', () => {
  it('Globals.Function defaults, !Ref in FunctionName, !Sub of a function ARN', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-sam-'));
    const template = join(dir, 'template.yaml');
    writeFileSync(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function: { MemorySize: 2048, Timeout: 45, Architectures: [arm64] }',
        'Resources:',
        '  Pick: { Type: AWS::Serverless::Function, Properties: { Handler: a.b, Runtime: nodejs20.x } }',
        '  Pack: { Type: AWS::Serverless::Function, Properties: { Handler: a.b, Runtime: nodejs20.x, MemorySize: 512, FunctionName: pack-items } }',
        '  Ship: { Type: AWS::Lambda::Function, Properties: { Handler: a.b, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x } } }',
        '  Machine:',
        '    Type: AWS::Serverless::StateMachine',
        '    Properties:',
        '      Definition:',
        '        StartAt: Pick',
        '        States:',
        '          Pick: { Type: Task, Resource: arn:aws:states:::lambda:invoke, Parameters: { FunctionName: !Ref Pick, Payload.$: $ }, Next: Pack }',
        '          Pack: { Type: Task, Resource: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:pack-items", Next: Ship }',
        '          Ship: { Type: Task, Resource: !GetAtt Ship.Arn, End: true }',
      ].join('\n'),
    );
    const loaded = loadDefinitionFile(template);
    expect(bound(loaded)).toEqual({
      Pick: [2048, 45, 'arm64', 512],
      // Its own MemorySize over the Globals; named by its FunctionName.
      Pack: [512, 45, 'arm64', 512],
      // AWS::Lambda::Function takes no Globals: Lambda's defaults.
      Ship: [128, 3, 'x86_64', 512],
    });
    expect(loaded.format).toBe('sam');
  });
});

describe('Serverless variables that fan out', () => {
  it('stop at a bound with a clear error, not after exhausting memory', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'flowcost-sls-'));
    const levels = Array.from({ length: 6 }, (_, i) => `  a${i}: [${Array.from({ length: 50 }, () => `"\${self:custom.a${i + 1}}"`).join(', ')}]`).join('\n');
    writeFileSync(
      join(dir, 'serverless.yml'),
      `service: s\nprovider: { name: aws }\ncustom:\n${levels}\n  a6: leaf\nstepFunctions:\n  stateMachines:\n    m:\n      definition:\n        Comment: \${self:custom.a0}\n        StartAt: A\n        States: { A: { Type: Pass, End: true } }\n`,
    );
    const started = Date.now();
    const [problem] = problems(() => loadDefinitionFile(join(dir, 'serverless.yml')));
    expect(problem).toMatchObject({ code: 'too-much-work' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
