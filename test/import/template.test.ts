/** Templates: short-form intrinsic tags, substitutions, several state machines, definitions inline, as strings and as files; problems point into the right file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowcostError, type Problem } from '../../src/errors/problem.js';
import { CFN_TAGS } from '../../src/import/cfn-tags.js';
import { resolveText, templateContext } from '../../src/import/intrinsics.js';
import { loadDefinitionFile } from '../../src/io/load-definition.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { parseYamlSource } from '../../src/io/yaml-source.js';
import { states } from '../../src/workload/graph.js';
import { arch } from '../helpers.js';
import { fixtures, machineWorkload, run } from './helpers.js';

const template = join(fixtures, 'template.yaml');

function problems(action: () => unknown): readonly Problem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof FlowcostError) return error.problems;
    throw error;
  }
  throw new Error('expected a FlowcostError');
}

describe('CloudFormation short-form intrinsic tags', () => {
  const data = parseYamlSource(readFileSync(template, 'utf8'), template, { customTags: CFN_TAGS }).data as {
    Resources: Record<string, { Properties: Record<string, unknown> }>;
    Conditions: Record<string, unknown>;
  };

  it('parse into their long forms, scalars and sequences alike', () => {
    const variables = (data.Resources['ValidateFunction']!.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toEqual({
      AZ: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      ENC: { 'Fn::Base64': 'x' },
      ON: { 'Fn::If': ['IsProd', 'yes', 'no'] },
      IMPORTED: { 'Fn::ImportValue': 'shared-vpc' },
      CIDR: { 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }] },
      M: { 'Fn::FindInMap': ['Map', 'Key', 'Value'] },
      S: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
    });
    expect(data.Resources['ReportStateMachine']!.Properties['RoleArn']).toEqual({ 'Fn::GetAtt': ['ReportRole', 'Arn'] });
    expect(data.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }] },
    });
  });

  it('resolve to readable text: Join, Sub with variables and parameters, GetAtt of a function as its ARN', () => {
    const context = templateContext(data);
    const sub = data.Resources['ReportStateMachine']!.Properties['DefinitionString'] as { 'Fn::Sub': [string, Record<string, unknown>] };
    expect(resolveText(sub['Fn::Sub'][1]['Topic'], context)).toBe('arn:aws:sns:${AWS::Region}:${AWS::AccountId}:reports-prod');
    expect(resolveText({ 'Fn::GetAtt': ['ValidateFunction', 'Arn'] }, context)).toBe('arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:ValidateFunction');
    expect(resolveText({ Ref: 'OrdersTable' }, context)).toBe('OrdersTable');
    expect(resolveText({ 'Fn::Sub': 'x-${!Literal}-${Stage}' }, context)).toBe('x-${Literal}-prod');
  });
});

describe('a template with several state machines', () => {
  it('needs resource: the error lists the logical ids', () => {
    const [problem] = problems(() => loadDefinitionFile(template));
    expect(problem).toMatchObject({ file: template, message: 'the template holds 2 state machines: OrderStateMachine, ReportStateMachine' });
    expect(problem!.line).toBeGreaterThan(0);
  });

  it('a misspelt resource gets a "did you mean"', () => {
    expect(problems(() => loadDefinitionFile(template, 'OrderStateMachin'))[0]!.hint).toBe('did you mean "OrderStateMachine"?');
  });

  it('DefinitionUri (relative to the template) with DefinitionSubstitutions: what each Task calls', () => {
    const loaded = loadDefinitionFile(template, 'OrderStateMachine');
    expect(loaded).toMatchObject({ source: `${template}#OrderStateMachine`, declaredType: 'EXPRESS' });
    const [validate, save, approve] = loaded.definition.root.states;
    // ${ValidateFunctionArn} → !GetAtt ValidateFunction.Arn → a Lambda function ARN.
    expect(validate).toMatchObject({ integration: 'lambda', pattern: 'request', resource: 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:ValidateFunction' });
    expect(save).toMatchObject({ integration: 'service', pattern: 'request' });
    // ${ApprovalActivity} → !Ref of an AWS::StepFunctions::Activity → an activity ARN.
    expect(approve).toMatchObject({ integration: 'service', pattern: 'activity', heartbeatSeconds: 600 });
  });

  it('DefinitionString as !Sub [text, variables] (AWS::StepFunctions::StateMachine)', () => {
    const loaded = loadDefinitionFile(template, 'ReportStateMachine');
    expect(loaded.definition.root.states.map((s) => [s.name, s.integration])).toEqual([
      ['Build report', 'lambda'],
      ['Publish', 'service'],
    ]);
  });

  it('an activity is a callback wait (Express infeasible) and HeartbeatSeconds a limit', () => {
    const chosen = parseWorkload(
      'name: t\nregion: us-east-1\nexecutionsPerMonth: 1000\nstateMachine: { definition: template.yaml, resource: OrderStateMachine }\nstates:\n  Approve: { callbackWait: 20m }\n',
      join(fixtures, 'workload.yaml'),
    );
    const report = run(chosen, 1_000);
    expect(arch(report, 'sfn-express').limits.find((l) => l.id === 'express-callback')!.status).toBe('exceeded');
    expect(arch(report, 'sfn-standard').limits.find((l) => l.id === 'task-heartbeat')).toMatchObject({ status: 'exceeded', exceedProbability: 1 });
    expect(arch(report, 'sfn-standard').feasible).toBe(false);
  });
});

describe('a real sample copied from the collection', () => {
  it('wait-for-callback: SAM template, DefinitionUri, substitutions; .waitForTaskToken rules Express out', () => {
    const workload = machineWorkload('wait-for-callback/template.yaml', '  Start Task And Wait For Callback: { callbackWait: { p50: 2h, p95: 20h } }\n');
    const report = run(workload, 1_000);
    // The callback rules Express out; of the three core architectures only Standard fits.
    expect(arch(report, 'sfn-standard').feasible).toBe(true);
    expect(report.recommendation.architecture).not.toBe('sfn-express');
    expect(arch(report, 'sfn-express').feasible).toBe(false);
    expect(arch(report, 'lambda').feasible).toBe(false);
    // Start Task And Wait For Callback + Notify Success = 2 transitions, no Lambda.
    expect(arch(report, 'sfn-standard').transitionsPerExecution.mean).toBe(2);
  });

  it('a JSONata definition reads like a JSONPath one', () => {
    const loaded = loadDefinitionFile(join(fixtures, 'real-jsonata.asl.json'));
    expect(loaded.definition.queryLanguage).toBe('JSONata');
    expect([...states(machineWorkload('real-jsonata.asl.json').graph)].length).toBeGreaterThan(2);
  });
});

describe('problems point at the file that holds them', () => {
  it('an annotation naming no state: the workload file, line and column, and a "did you mean"', () => {
    const [problem] = problems(() => machineWorkload('retry-catch.asl.json', '  Cal: { failureRate: 0.1 }\n'));
    expect(problem).toMatchObject({ file: join(fixtures, 'workload.yaml'), line: 7, column: 3, hint: 'did you mean "Call"?' });
  });

  it('an annotation that does not apply to the state type', () => {
    expect(problems(() => machineWorkload('retry-catch.asl.json', '  Call: { items: 3 }\n'))[0]!.message).toBe('"items" does not apply to Task state "Call"');
  });

  it('a Choice probability for a state it does not go to', () => {
    expect(problems(() => machineWorkload('polling-loop.asl.yaml', '  Job done?: { next: { Finishd: 1 } }\n'))[0]!.hint).toBe('did you mean "Finished"?');
  });

  it('a broken definition: the ASL file, line and column', () => {
    const broken = join(fixtures, 'broken', 'next-missing.asl.json');
    const [problem] = problems(() => loadDefinitionFile(broken));
    expect(problem).toMatchObject({ file: broken, line: 4, message: 'state "A" goes to "B", which is not a state of the same scope' });
  });

  it('an unknown state type (asl-validator finds it) names the state and the type', () => {
    const [problem] = problems(() => loadDefinitionFile(join(fixtures, 'broken', 'unknown-type.asl.json')));
    expect(problem!.message).toBe('state "A" has Type "Loop", which is not an ASL state type');
    expect(problem!.line).toBeGreaterThan(0);
  });

  it('a definition in S3 is an unsupported feature, with the template position', () => {
    const [problem] = problems(() => loadDefinitionFile(join(fixtures, 'broken', 's3-template.yaml')));
    expect(problem).toMatchObject({ line: 6, message: 'unsupported feature: a definition stored in Amazon S3 (DefinitionUri)' });
  });

  it('steps and stateMachine exclude each other', () => {
    const both = 'name: t\nregion: us-east-1\nexecutionsPerMonth: 1\nstateMachine: { definition: retry-catch.asl.json }\nsteps: [ { task: a, duration: 1s } ]\n';
    expect(problems(() => parseWorkload(both, join(fixtures, 'w.yaml')))[0]!.hint).toBe('a workload has either steps or a stateMachine, not both');
  });
});
