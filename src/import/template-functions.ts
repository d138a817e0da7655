/**
 * The Lambda functions of a SAM or CloudFormation template (CDK's synthesized templates included),
 * with the settings flowcost models. Unset properties keep Lambda's defaults (128 MB, 3 s, x86_64,
 * 512 MB /tmp: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html,
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html);
 * SAM's `Globals.Function` applies to every AWS::Serverless::Function
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
 */
import { isObject, resolveText, type TemplateContext } from './intrinsics.js';
import { lambdaArchitecture, lambdaSetting } from './lambda-bindings.js';
import type { FunctionTable, LambdaFunctionSettings } from './source.js';

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** Lambda's defaults for what a template leaves unset. */
export const LAMBDA_DEFAULTS = { memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64', ephemeralStorageMb: 512 } as const;

/** Functions by logical id and by a literal FunctionName. */
export function templateFunctions(template: unknown, context: TemplateContext, warnings: string[]): FunctionTable {
  const table = new Map<string, LambdaFunctionSettings>();
  const globalsRaw = isObject(template) && isObject(template['Globals']) ? template['Globals']['Function'] : undefined;
  const globals = isObject(globalsRaw) ? globalsRaw : {};
  for (const [logicalId, resource] of Object.entries(context.resources)) {
    if (!isObject(resource) || typeof resource['Type'] !== 'string' || !FUNCTION_TYPES.has(resource['Type'])) continue;
    const own = isObject(resource['Properties']) ? resource['Properties'] : {};
    const properties = resource['Type'] === 'AWS::Serverless::Function' ? { ...globals, ...own } : own;
    const value = (key: string): unknown => {
      const v = properties[key];
      return v === undefined || typeof v === 'number' || typeof v === 'string' || Array.isArray(v) ? v : resolveText(v, context);
    };
    const storage = properties['EphemeralStorage'];
    const settings: LambdaFunctionSettings = {
      name: logicalId,
      memoryMb: lambdaSetting(value('MemorySize'), 'memoryMb', logicalId, warnings) ?? LAMBDA_DEFAULTS.memoryMb,
      timeoutSeconds: lambdaSetting(value('Timeout'), 'timeoutSeconds', logicalId, warnings) ?? LAMBDA_DEFAULTS.timeoutSeconds,
      architecture: lambdaArchitecture(resolveList(properties['Architectures'], context), logicalId, warnings) ?? LAMBDA_DEFAULTS.architecture,
      ephemeralStorageMb:
        lambdaSetting(isObject(storage) ? resolveScalar(storage['Size'], context) : undefined, 'ephemeralStorageMb', logicalId, warnings) ?? LAMBDA_DEFAULTS.ephemeralStorageMb,
    };
    table.set(logicalId, settings);
    const name = properties['FunctionName'];
    const literal = name === undefined ? undefined : resolveText(name, context);
    if (literal !== undefined && literal !== '' && !literal.includes('${') && !table.has(literal)) table.set(literal, settings);
  }
  return table;
}

function resolveScalar(value: unknown, context: TemplateContext): unknown {
  return value === undefined || typeof value === 'number' || typeof value === 'string' ? value : resolveText(value, context);
}

function resolveList(value: unknown, context: TemplateContext): unknown {
  return Array.isArray(value) ? value.map((v) => resolveScalar(v, context)) : resolveScalar(value, context);
}
