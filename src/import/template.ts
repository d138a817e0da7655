/**
 * AWS SAM and CloudFormation templates → where the state machine definition is. Resources of type
 * AWS::Serverless::StateMachine (Definition, DefinitionUri, DefinitionSubstitutions:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html)
 * and AWS::StepFunctions::StateMachine (Definition, DefinitionString, DefinitionS3Location,
 * DefinitionSubstitutions: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html).
 * Pure: a DefinitionUri is returned as a path for src/io to read.
 */
import { closest } from '../errors/problem.js';
import type { DataPath, SemanticProblem } from '../workload/problems.js';
import { isObject, resolveText, templateContext, type TemplateContext } from './intrinsics.js';

export const STATE_MACHINE_RESOURCE_TYPES = ['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine'] as const;

/** Where the definition is: inline data, a JSON string, or a file beside the template. */
export type DefinitionLocation =
  | { readonly kind: 'inline'; readonly value: unknown; readonly path: DataPath }
  | { readonly kind: 'string'; readonly text: string; readonly path: DataPath }
  | { readonly kind: 'file'; readonly file: string; readonly path: DataPath }
  /** An object in Amazon S3 (DefinitionS3Location, or a DefinitionUri bucket/key): a CDK asset can stand for it. */
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly path: DataPath };

export interface TemplateStateMachine {
  readonly logicalId: string;
  readonly definition: DefinitionLocation;
  /** DefinitionSubstitutions, each value as readable text. */
  readonly substitutions: Readonly<Record<string, string>>;
  readonly declaredType: 'STANDARD' | 'EXPRESS' | undefined;
  readonly context: TemplateContext;
}

export type SelectResult =
  | { readonly ok: true; readonly machine: TemplateStateMachine }
  | { readonly ok: false; readonly problems: readonly SemanticProblem[] };

/** A CloudFormation/SAM template rather than an ASL definition. */
export function isTemplate(data: unknown): boolean {
  return isObject(data) && ('Resources' in data || 'AWSTemplateFormatVersion' in data || 'Transform' in data);
}

/** Logical ids of the state machines in a template, in file order. */
export function stateMachineIds(template: unknown): string[] {
  const resources = isObject(template) && isObject(template['Resources']) ? template['Resources'] : {};
  return Object.entries(resources)
    .filter(([, r]) => isObject(r) && (STATE_MACHINE_RESOURCE_TYPES as readonly unknown[]).includes(r['Type']))
    .map(([id]) => id);
}

export function selectStateMachine(template: unknown, resource: string | undefined): SelectResult {
  const ids = stateMachineIds(template);
  const fail = (problem: SemanticProblem): SelectResult => ({ ok: false, problems: [problem] });
  if (ids.length === 0) {
    return fail({
      path: ['Resources'],
      message: 'the template holds no state machine',
      expected: `a resource of type ${STATE_MACHINE_RESOURCE_TYPES.join(' or ')}`,
      hint: 'give the template that defines the state machine, or its ASL definition file',
    });
  }
  if (resource === undefined && ids.length > 1) {
    return fail({
      path: ['Resources'],
      message: `the template holds ${ids.length} state machines: ${ids.join(', ')}`,
      expected: 'one of them chosen with resource (stateMachine.resource, or --resource)',
      hint: `choose one, e.g. --resource ${ids[0]!}`,
    });
  }
  const logicalId = resource ?? ids[0]!;
  if (!ids.includes(logicalId)) {
    const suggestion = closest(logicalId, ids);
    return fail({
      path: ['Resources'],
      message: `the template has no state machine "${logicalId}"`,
      expected: `one of ${ids.join(', ')}`,
      actual: logicalId,
      hint: suggestion ? `did you mean "${suggestion}"?` : `choose one of ${ids.join(', ')}`,
    });
  }
  const context = templateContext(template);
  const resourceRaw = (context.resources[logicalId] ?? {}) as Record<string, unknown>;
  const properties = isObject(resourceRaw['Properties']) ? resourceRaw['Properties'] : {};
  const base: DataPath = ['Resources', logicalId, 'Properties'];
  const definition = definitionLocation(properties, base, context);
  if ('problem' in definition) return fail(definition.problem);
  const substitutionsRaw = isObject(properties['DefinitionSubstitutions']) ? properties['DefinitionSubstitutions'] : {};
  const substitutions: Record<string, string> = {};
  for (const [name, value] of Object.entries(substitutionsRaw)) substitutions[name] = resolveText(value, context);
  const type = properties['Type'] ?? properties['StateMachineType'];
  return {
    ok: true,
    machine: {
      logicalId,
      definition,
      substitutions,
      declaredType: type === 'EXPRESS' || type === 'STANDARD' ? type : undefined,
      context,
    },
  };
}

function definitionLocation(
  properties: Record<string, unknown>,
  base: DataPath,
  context: TemplateContext,
): DefinitionLocation | { problem: SemanticProblem } {
  if (properties['Definition'] !== undefined) {
    return { kind: 'inline', value: properties['Definition'], path: [...base, 'Definition'] };
  }
  const definitionString = properties['DefinitionString'];
  if (definitionString !== undefined) {
    return { kind: 'string', text: resolveText(definitionString, context), path: [...base, 'DefinitionString'] };
  }
  const uri = properties['DefinitionUri'];
  if (typeof uri === 'string' && !uri.startsWith('s3://')) return { kind: 'file', file: uri, path: [...base, 'DefinitionUri'] };
  if (typeof uri === 'string') {
    const [bucket = '', ...key] = uri.slice('s3://'.length).split('/');
    return { kind: 's3', bucket, key: key.join('/'), path: [...base, 'DefinitionUri'] };
  }
  const location = uri ?? properties['DefinitionS3Location'];
  if (location !== undefined) {
    const key = uri !== undefined ? 'DefinitionUri' : 'DefinitionS3Location';
    const raw = isObject(location) ? location : {};
    return { kind: 's3', bucket: resolveText(raw['Bucket'], context), key: resolveText(raw['Key'], context), path: [...base, key] };
  }
  return {
    problem: {
      path: base,
      message: 'the state machine has no definition',
      expected: 'Definition, DefinitionString or DefinitionUri',
      hint: 'add the definition to the resource, or import the ASL file directly',
    },
  };
}

/**
 * Applies DefinitionSubstitutions: every `${Name}` in every string of the definition that names a
 * substitution is replaced by its (readable) value; other placeholders stay as they are.
 */
export function substituteDefinition(value: unknown, substitutions: Readonly<Record<string, string>>): unknown {
  if (Object.keys(substitutions).length === 0) return value;
  const lookup = (name: string) => (Object.hasOwn(substitutions, name) ? substitutions[name] : undefined);
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'string' || !v.includes('${')) return walkCollection(v);
    // A placeholder that is the whole value and stands for a number becomes that number
    // (`Seconds: ${ReminderTimeout}` with ReminderTimeout: 120), as the deployed definition holds it.
    const whole = /^\$\{([^}!][^}]*)\}$/.exec(v);
    const value = whole ? lookup(whole[1]!.trim()) : undefined;
    if (value !== undefined && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
    return v.replace(/\$\{([^}!][^}]*)\}/g, (match, name: string) => lookup(name.trim()) ?? match);
  };
  const walkCollection = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}
