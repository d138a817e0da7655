/**
 * Tasks bound to the Lambda functions a project deploys. A Task calls a function through its
 * Resource (a function ARN) or, on the optimized integration (`arn:aws:states:::lambda:invoke`),
 * through Parameters.FunctionName (Arguments.FunctionName in JSONata), as a name, a partial or a
 * full ARN, with or without a version or alias
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html). The importers spell
 * references (`!GetAtt Fn.Arn`, `aws_lambda_function.fn.arn`, `Fn::GetAtt: [fn, Arn]`) as ARNs
 * whose function part is a key of the project's function table; this module reads them back.
 */
import { aslStates, type AslDefinition } from './asl.js';
import { isObject } from './intrinsics.js';
import type { FunctionTable, LambdaFunctionSettings } from './source.js';

/** Lambda's limits on the settings flowcost takes from a template (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const LAMBDA_SETTING_RANGES = {
  memoryMb: { min: 128, max: 10_240, integer: true, label: 'memory (MB)' },
  timeoutSeconds: { min: 1, max: 900, integer: false, label: 'timeout (s)' },
  ephemeralStorageMb: { min: 512, max: 10_240, integer: true, label: 'ephemeral storage (MB)' },
} as const satisfies Record<string, { min: number; max: number; integer: boolean; label: string }>;

type NumericSetting = keyof typeof LAMBDA_SETTING_RANGES;

/** A setting read from a template: a number in Lambda's range, or undefined with a warning. */
export function lambdaSetting(value: unknown, setting: NumericSetting, functionName: string, warnings: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  const range = LAMBDA_SETTING_RANGES[setting];
  if (!Number.isFinite(n)) {
    warnings.push(`function ${functionName}: its ${range.label} ${JSON.stringify(value)} is not a number flowcost can read; the skeleton keeps flowcost's default`);
    return undefined;
  }
  if (n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    warnings.push(`function ${functionName}: its ${range.label} ${n} is outside Lambda's range (${range.min}–${range.max}); the skeleton keeps flowcost's default`);
    return undefined;
  }
  return n;
}

export function lambdaArchitecture(value: unknown, functionName: string, warnings: string[]): 'x86_64' | 'arm64' | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  if (first === 'x86_64' || first === 'arm64') return first;
  warnings.push(`function ${functionName}: architecture ${JSON.stringify(first)} is neither x86_64 nor arm64; the skeleton keeps flowcost's default`);
  return undefined;
}

/** The function part of an ARN-like reference: `…:function:NAME[:qualifier]`, `NAME:alias`, `NAME`, `${NAME}`. */
export function functionKey(reference: string): string | undefined {
  const text = reference.trim();
  if (text === '') return undefined;
  const arn = /:function:(.+)$/.exec(text);
  if (!arn && /^arn:/.test(text)) return undefined;
  let name = arn ? arn[1]! : text;
  // A version or alias qualifier: what follows the first colon after the last ${…} placeholder.
  const afterPlaceholders = name.lastIndexOf('}') + 1;
  const colon = name.indexOf(':', afterPlaceholders);
  if (colon >= 0) name = name.slice(0, colon);
  const whole = /^\$\{([^}]+)\}$/.exec(name);
  return whole ? whole[1]!.trim() : name;
}

/** The optimized and the SDK Lambda integrations, which name the function in their arguments. */
const INVOKE = /:states:[^:]*:[^:]*:(aws-sdk:)?lambda:invoke/;

/** The reference a Task state uses to name its function, from its raw data. */
export function taskFunctionReference(state: unknown): string | undefined {
  if (!isObject(state) || state['Type'] !== 'Task' || typeof state['Resource'] !== 'string') return undefined;
  const resource = state['Resource'];
  if (/:function:/.test(resource)) return resource;
  if (INVOKE.test(resource.replace(/\$\{[^}]*\}/g, 'x'))) {
    for (const key of ['Parameters', 'Arguments']) {
      const args = state[key];
      const name = isObject(args) ? args['FunctionName'] : undefined;
      if (typeof name === 'string') return name;
    }
    return undefined;
  }
  // A bare placeholder (an unresolved substitution) may still name a function of the table.
  return /^\$\{[^}]+\}$/.test(resource) ? resource : undefined;
}

/** State name → the function each bound Task calls (Tasks that name no function of the table are left out). */
export function bindTasks(definition: AslDefinition, raw: unknown, functions: FunctionTable): ReadonlyMap<string, LambdaFunctionSettings> {
  const bound = new Map<string, LambdaFunctionSettings>();
  if (functions.size === 0) return bound;
  for (const state of aslStates(definition.root)) {
    if (state.type !== 'Task') continue;
    const reference = taskFunctionReference(valueAt(raw, state.path));
    const key = reference === undefined ? undefined : functionKey(reference);
    const settings = key === undefined ? undefined : functions.get(key);
    if (settings) bound.set(state.name, settings);
  }
  return bound;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let node = raw;
  for (const part of path) node = typeof part === 'number' ? (Array.isArray(node) ? node[part] : undefined) : isObject(node) ? node[part] : undefined;
  return node;
}

/**
 * The workload-wide architecture: the bound functions' one, or the most common one with a warning
 * when they differ (flowcost models one architecture per workload). Ties go to the first bound.
 */
export function sharedArchitecture(bindings: ReadonlyMap<string, LambdaFunctionSettings>): { architecture: 'x86_64' | 'arm64' | undefined; warning: string | undefined } {
  const byArchitecture = new Map<'x86_64' | 'arm64', string[]>();
  for (const settings of new Set(bindings.values())) {
    if (settings.architecture === undefined) continue;
    byArchitecture.set(settings.architecture, [...(byArchitecture.get(settings.architecture) ?? []), settings.name]);
  }
  const ranked = [...byArchitecture.entries()].sort((a, b) => b[1].length - a[1].length);
  if (ranked.length === 0) return { architecture: undefined, warning: undefined };
  const [chosen] = ranked[0]!;
  if (ranked.length === 1) return { architecture: chosen, warning: undefined };
  return {
    architecture: chosen,
    warning:
      `the bound functions differ in architecture (${ranked.map(([arch, names]) => `${arch}: ${names.join(', ')}`).join('; ')}); ` +
      `flowcost models one architecture per workload, so lambda.architecture is ${chosen}`,
  };
}
