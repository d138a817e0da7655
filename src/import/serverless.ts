/**
 * A Serverless Framework service (`serverless.yml`) with the serverless-step-functions plugin
 * (https://github.com/serverless-operations/serverless-step-functions, README): state machines
 * under `stepFunctions.stateMachines.<key>` with `definition`, optional `name`, `id` and
 * `type: EXPRESS`; Tasks name functions of the service with `Fn::GetAtt: [hello, Arn]` (the
 * function's key or its logical id `HelloLambdaFunction`), `Ref`, or an ARN ending in the deployed
 * name (`${self:service}-${sls:stage}-hello` unless the function sets `name`).
 *
 * Functions: `functions.<key>.memorySize`, `timeout`, `architecture`, `ephemeralStorageSize`, with
 * the `provider` values as defaults and the framework's own defaults under them (1024 MB, 6 s,
 * x86_64: https://www.serverless.com/framework/docs/providers/aws/guide/functions; 512 MB /tmp,
 * Lambda's default).
 *
 * Variables (https://www.serverless.com/framework/docs/guides/variables): `${self:…}` is read from
 * the file, `${opt:…}`/`${sls:stage}` take their fallback (`${opt:stage, 'dev'}`) or the provider's
 * stage, `${file(…)}` reads a file of the project; anything else (`${env:…}`, `${ssm:…}`,
 * `${cf:…}`, …) is not resolved: its fallback is used if it has one, else it stays as a
 * placeholder, with a warning. Environment variables are never read.
 */
import { templateContext, resolveIntrinsics, isObject } from './intrinsics.js';
import { lambdaArchitecture, lambdaSetting } from './lambda-bindings.js';
import { chooseEntry, failAt, type ImportContext, type ImportedStateMachine, type LambdaFunctionSettings, type MachineEntry, type ParsedDocument } from './source.js';
import { readNamed } from './cloudformation.js';
import { FlowcostError } from '../errors/problem.js';
import type { DataPath } from '../workload/problems.js';
import { localeNumber } from '../report/locale-number.js';

export const SERVERLESS_DEFAULTS = { memoryMb: 1024, timeoutSeconds: 6, architecture: 'x86_64', ephemeralStorageMb: 512, stage: 'dev' } as const;

const MAX_VARIABLE_DEPTH = 10;
/** Values resolved per import, at most: `${self:…}` references to lists of references could otherwise expand exponentially. */
const MAX_RESOLVED_VALUES = 200_000;

export function isServerlessFile(path: string): boolean {
  return /(^|[\\/])serverless\.(ya?ml|json)$/.test(path);
}

function machinesOf(data: unknown): Record<string, unknown> {
  const stepFunctions = isObject(data) ? data['stepFunctions'] : undefined;
  return isObject(stepFunctions) && isObject(stepFunctions['stateMachines']) ? stepFunctions['stateMachines'] : {};
}

function aliases(key: string, machine: unknown): string[] {
  if (!isObject(machine)) return [];
  return [machine['name'], machine['id']].filter((v): v is string => typeof v === 'string' && v !== key);
}

function typeOf(machine: unknown): 'STANDARD' | 'EXPRESS' | undefined {
  const type = isObject(machine) ? machine['type'] : undefined;
  return type === 'EXPRESS' || type === 'STANDARD' ? type : undefined;
}

export function serverlessEntries(document: ParsedDocument): MachineEntry[] {
  return Object.entries(machinesOf(document.data)).map(([key, machine]) => ({
    id: key,
    aliases: aliases(key, machine),
    format: 'serverless',
    source: document.file,
    deployedType: typeOf(machine),
  }));
}

/** How Serverless names a function's CloudFormation resource: "hello-world" → "HelloDashworldLambdaFunction". */
export function functionLogicalId(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

export function importServerless(document: ParsedDocument, resource: string | undefined, context: ImportContext): ImportedStateMachine {
  const machines = machinesOf(document.data);
  const chosen = chooseEntry(
    Object.entries(machines).map(([key, machine]) => ({ id: key, aliases: aliases(key, machine) })),
    resource,
    'the service',
  );
  if (!chosen.ok) {
    return failAt(document, Object.keys(machines).length === 0 ? [] : ['stepFunctions', 'stateMachines'], {
      ...chosen.problem,
      ...(Object.keys(machines).length === 0 ? { expected: 'stepFunctions.stateMachines with at least one state machine (serverless-step-functions)' } : {}),
    });
  }
  const key = chosen.entry.id;
  const warnings: string[] = [];
  const variables = new VariableResolver(document, context, warnings);
  const machinePath: DataPath = ['stepFunctions', 'stateMachines', key];
  // Only what flowcost reads (a logging destination's ${env:…} is not the definition's business).
  const raw = isObject(machines[key]) ? machines[key] : {};
  const machine = Object.fromEntries(['definition', 'type', 'name'].filter((k) => raw[k] !== undefined).map((k) => [k, variables.resolve(raw[k], [...machinePath, k])]));
  if (machine['definition'] === undefined) {
    return failAt(document, machinePath, { message: `state machine "${key}" has no definition`, expected: 'definition: { StartAt, States }', hint: 'add the definition (or definition: ${file(./machine.asl.yaml)})' });
  }
  const functions = functionTable(document, variables, warnings);
  const functionsContext = templateContext({
    Resources: Object.fromEntries([...functions.keys()].map((k) => [k, { Type: 'AWS::Lambda::Function' }])),
  });
  return {
    id: key,
    format: 'serverless',
    definition: pseudoParameters(resolveIntrinsics(machine['definition'], functionsContext)),
    document: variables.documentFor(machinePath) ?? document,
    basePath: variables.documentFor(machinePath) ? [] : [...machinePath, 'definition'],
    deployedType: typeOf(machine),
    functions,
    warnings: [...new Set(warnings)],
  };
}

function functionTable(document: ParsedDocument, variables: VariableResolver, warnings: string[]): Map<string, LambdaFunctionSettings> {
  const data = isObject(document.data) ? document.data : {};
  const resolvedProvider = variables.resolve(data['provider'], ['provider']);
  const provider = isObject(resolvedProvider) ? resolvedProvider : {};
  const functionsRaw = isObject(data['functions']) ? data['functions'] : {};
  const service = typeof variables.resolve(data['service'], ['service']) === 'string' ? String(variables.resolve(data['service'], ['service'])) : undefined;
  const stage = typeof provider['stage'] === 'string' && !provider['stage'].includes('${') ? provider['stage'] : SERVERLESS_DEFAULTS.stage;
  const table = new Map<string, LambdaFunctionSettings>();
  for (const key of Object.keys(functionsRaw)) {
    const fn = variables.resolve(functionsRaw[key], ['functions', key]);
    const own = isObject(fn) ? fn : {};
    const setting = (name: string) => own[name] ?? provider[name];
    const settings: LambdaFunctionSettings = {
      name: key,
      memoryMb: lambdaSetting(setting('memorySize'), 'memoryMb', key, warnings) ?? SERVERLESS_DEFAULTS.memoryMb,
      timeoutSeconds: lambdaSetting(setting('timeout'), 'timeoutSeconds', key, warnings) ?? SERVERLESS_DEFAULTS.timeoutSeconds,
      architecture: lambdaArchitecture(setting('architecture'), key, warnings) ?? SERVERLESS_DEFAULTS.architecture,
      ephemeralStorageMb: lambdaSetting(setting('ephemeralStorageSize'), 'ephemeralStorageMb', key, warnings) ?? SERVERLESS_DEFAULTS.ephemeralStorageMb,
    };
    const deployedName = typeof own['name'] === 'string' ? own['name'] : service ? `${service}-${stage}-${key}` : undefined;
    for (const alias of [key, functionLogicalId(key), deployedName]) if (alias !== undefined && !table.has(alias)) table.set(alias, settings);
  }
  return table;
}

/** Serverless `${…}` variables, resolved as far as the file and the project's files allow. */
class VariableResolver {
  /** A definition read with ${file(…)}: problems in it point into that file. */
  private readonly included = new Map<string, ParsedDocument>();
  private resolved = 0;

  constructor(
    private readonly document: ParsedDocument,
    private readonly context: ImportContext,
    private readonly warnings: string[],
  ) {}

  documentFor(path: DataPath): ParsedDocument | undefined {
    return this.included.get(JSON.stringify([...path, 'definition']));
  }

  resolve(value: unknown, path: DataPath, depth = 0): unknown {
    if (++this.resolved > MAX_RESOLVED_VALUES) {
      throw new FlowcostError([
        { code: 'too-much-work', file: this.document.file, message: `the service's variables expand to more than ${localeNumber(MAX_RESOLVED_VALUES)} values`, hint: 'write the state machine out instead of building it from nested ${self:…} references' },
      ]);
    }
    if (depth > MAX_VARIABLE_DEPTH) {
      this.warnings.push(`variables nest more than ${MAX_VARIABLE_DEPTH} levels deep at ${path.join('.')}; left as written`);
      return value;
    }
    if (typeof value === 'string') return this.resolveString(value, path, depth);
    if (Array.isArray(value)) return value.map((v, i) => this.resolve(v, [...path, i], depth));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, [...path, k], depth)]));
    return value;
  }

  private resolveString(text: string, path: DataPath, depth: number): unknown {
    const whole = /^\$\{([^{}]+)\}$/.exec(text.trim());
    if (whole) {
      const value = this.variable(whole[1]!, path, depth);
      return value === undefined ? text : value;
    }
    if (!text.includes('${')) return text;
    return text.replace(/\$\{([^{}]+)\}/g, (match, expression: string) => {
      const value = this.variable(expression, path, depth);
      return value === undefined ? match : typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
  }

  /** One variable (with `, fallback`), or undefined when it cannot be resolved here. */
  private variable(expression: string, path: DataPath, depth: number): unknown {
    const [source, ...fallbacks] = splitFallbacks(expression);
    const value = this.source(source!.trim(), path, depth);
    if (value !== undefined) return value;
    for (const fallback of fallbacks) {
      const text = fallback.trim();
      const quoted = /^(['"])(.*)\1$/.exec(text);
      if (quoted) return quoted[2];
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      const resolved = this.source(text, path, depth);
      if (resolved !== undefined) return resolved;
    }
    this.warnings.push(`\${${expression.trim()}} cannot be resolved offline; it stays as a placeholder`);
    return undefined;
  }

  private source(source: string, path: DataPath, depth: number): unknown {
    const data = this.document.data;
    if (source.startsWith('self:')) {
      let node: unknown = data;
      for (const part of source.slice(5).split('.').filter(Boolean)) node = isObject(node) ? node[part] : undefined;
      return node === undefined ? undefined : this.resolve(node, path, depth + 1);
    }
    if (source === 'sls:stage') {
      const provider = isObject(data) ? data['provider'] : undefined;
      const stage = isObject(provider) && provider['stage'] !== undefined ? this.resolve(provider['stage'], ['provider', 'stage'], depth + 1) : SERVERLESS_DEFAULTS.stage;
      return typeof stage === 'string' && !stage.includes('${') ? stage : SERVERLESS_DEFAULTS.stage;
    }
    const file = /^file\((.+?)\)(?::(.+))?$/.exec(source);
    if (file) {
      const name = file[1]!.trim().replace(/^(['"])(.*)\1$/, '$2');
      const read = readNamed(name, this.document, path, this.context, '${file()}', 'file() paths are read relative to serverless.yml');
      const included = this.context.parsers.yaml(read.text, read.file, { cfnTags: true });
      let node: unknown = included.data;
      for (const part of (file[2] ?? '').split('.').filter(Boolean)) node = isObject(node) ? node[part] : undefined;
      if (path.at(-1) === 'definition' && file[2] === undefined) this.included.set(JSON.stringify(path), included);
      return node === undefined ? undefined : this.resolve(node, path, depth + 1);
    }
    return undefined;
  }
}

/** serverless-pseudo-parameters' `#{AWS::Region}` is CloudFormation's `${AWS::Region}`. */
function pseudoParameters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/#\{(AWS::[A-Za-z]+)\}/g, '${$1}');
  if (Array.isArray(value)) return value.map(pseudoParameters);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudoParameters(v)]));
  return value;
}

/** "opt:stage, 'dev'" → ["opt:stage", "'dev'"]; commas inside quotes or parentheses stay. */
function splitFallbacks(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}
