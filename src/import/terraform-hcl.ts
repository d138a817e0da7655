/**
 * A folder of Terraform `.tf` files → its `aws_sfn_state_machine` resources, their definitions
 * evaluated as far as a definition needs, and the `aws_lambda_function` resources their Tasks call
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sfn_state_machine,
 * …/lambda_function: memory_size 128, timeout 3, architectures ["x86_64"], ephemeral_storage 512
 * by default). Parsing is HashiCorp's HCL parser (src/io/hcl-parser.ts); this module evaluates.
 *
 * Evaluated: strings and heredocs with `${…}` interpolations and `%{if}` directives, `jsonencode`,
 * `jsondecode`, `templatefile(path, vars)`, `file(path)`, `merge`, `concat`, `tostring`,
 * `tonumber`, `trimspace`, `chomp`, `lower`, `upper`, `replace`; `local.*`, `var.*` (terraform.tfvars,
 * *.auto.tfvars, the module call's arguments, the variable's default), `path.module`/`path.root`;
 * conditionals and ==, != when their operands are known; `aws_lambda_function.NAME.arn`
 * (`invoke_arn`, `qualified_arn`, `function_name`) as a reference that binds a Task to that
 * function; `aws_sfn_activity` and `aws_sfn_state_machine` references as their ARNs. Local
 * modules (`source = "./…"`) are read too, their addresses prefixed `module.NAME.`.
 * Anything else (data sources, other resources' attributes, `for`, splats, other functions) stays
 * in the definition as a `${…}` placeholder, and one warning lists them: never a crash.
 */
import { join, relative } from 'node:path';
import { FlowcostError } from '../errors/problem.js';
import { readNamed } from './cloudformation.js';
import { isObject } from './intrinsics.js';
import { lambdaArchitecture, lambdaSetting } from './lambda-bindings.js';
import { chooseEntry, type HclNode, type ImportContext, type ImportedStateMachine, type LambdaFunctionSettings, type MachineEntry, type ParsedDocument, type Position } from './source.js';
import { LAMBDA_DEFAULTS } from './template-functions.js';
import { localeNumber } from '../report/locale-number.js';

/** Local modules deeper than this are not followed. */
const MAX_MODULE_DEPTH = 4;
/** More .tf files than this in one module is not a configuration flowcost reads (a bound on the work). */
const MAX_TF_FILES = 500;
/** Values larger than this (JSON nodes) are not built: shared locals could otherwise expand exponentially. */
const MAX_VALUE_NODES = 1_000_000;
/** Evaluation depth (nested locals, templates within templates): a bound, not a limit anyone meets. */
const MAX_EVALUATION_DEPTH = 64;

/** A value of the evaluator: JSON data, or a part it could not evaluate. */
type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value } | Unresolved;

class Unresolved {
  constructor(readonly text: string) {}
}

interface Block {
  readonly body: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly text: string;
}

interface Module {
  readonly dir: string;
  /** "" for the root module, "module.NAME." for a child. */
  readonly prefix: string;
  readonly rootDir: string;
  /** type → name → block. */
  readonly resources: ReadonlyMap<string, ReadonlyMap<string, Block>>;
  readonly data: ReadonlyMap<string, ReadonlyMap<string, Block>>;
  readonly locals: ReadonlyMap<string, { readonly value: unknown; readonly file: string }>;
  readonly variables: ReadonlyMap<string, unknown>;
  /** Values given to the module's variables: tfvars for the root, the module block's arguments for a child. */
  readonly inputs: ReadonlyMap<string, { readonly value: unknown; readonly scope: Scope | undefined }>;
  readonly children: readonly Module[];
}

interface Scope {
  readonly module: Module;
  /** The .tf (or template) file being evaluated: relative paths are read from its folder. */
  readonly file: string;
  /** templatefile() variables, when evaluating a template. */
  readonly templateVars?: Readonly<Record<string, Value>>;
  /** Where the attribute being evaluated is, for a file it names that cannot be read. */
  readonly at?: Position | undefined;
}

function readModule(dir: string, prefix: string, rootDir: string, context: ImportContext, depth: number, inputs: Module['inputs']): Module {
  const resources = new Map<string, Map<string, Block>>();
  const data = new Map<string, Map<string, Block>>();
  const locals = new Map<string, { value: unknown; file: string }>();
  const variables = new Map<string, unknown>();
  const moduleCalls: { name: string; body: Record<string, unknown>; file: string }[] = [];
  const tfFiles = context.files.list(dir).filter((name) => name.endsWith('.tf'));
  if (tfFiles.length > MAX_TF_FILES) {
    throw new FlowcostError([{ code: 'too-much-work', file: dir, message: `the folder holds ${tfFiles.length} .tf files; flowcost reads at most ${MAX_TF_FILES} per module`, hint: 'import the folder of the module that defines the state machine' }]);
  }
  const tfvars = new Map<string, unknown>();
  for (const name of tfFiles) {
    const file = join(dir, name);
    const { text } = context.files.readText(name, file);
    const parsed = context.parsers.hcl(text, file);
    const addBlocks = (kind: unknown, into: Map<string, Map<string, Block>>) => {
      if (!isObject(kind)) return;
      for (const [type, named] of Object.entries(kind)) {
        if (!isObject(named)) continue;
        const byName = into.get(type) ?? new Map<string, Block>();
        for (const [blockName, bodies] of Object.entries(named)) {
          const body = Array.isArray(bodies) ? bodies[0] : bodies;
          if (isObject(body)) byName.set(blockName, { body, file, text });
        }
        into.set(type, byName);
      }
    };
    addBlocks(parsed['resource'], resources);
    addBlocks(parsed['data'], data);
    for (const block of Array.isArray(parsed['locals']) ? parsed['locals'] : [parsed['locals']]) {
      if (isObject(block)) for (const [key, value] of Object.entries(block)) locals.set(key, { value, file });
    }
    const variableBlocks = isObject(parsed['variable']) ? parsed['variable'] : {};
    for (const [key, bodies] of Object.entries(variableBlocks)) {
      const body = Array.isArray(bodies) ? bodies[0] : bodies;
      variables.set(key, isObject(body) ? body['default'] : undefined);
    }
    const modules = isObject(parsed['module']) ? parsed['module'] : {};
    for (const [key, bodies] of Object.entries(modules)) {
      const body = Array.isArray(bodies) ? bodies[0] : bodies;
      if (isObject(body)) moduleCalls.push({ name: key, body, file });
    }
  }
  // terraform.tfvars and *.auto.tfvars give the root module's variables (https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files).
  if (prefix === '') {
    for (const name of context.files.list(dir).filter((n) => n === 'terraform.tfvars' || n.endsWith('.auto.tfvars'))) {
      const file = join(dir, name);
      const parsed = context.parsers.hcl(context.files.readText(name, file).text, file);
      for (const [key, value] of Object.entries(parsed)) tfvars.set(key, value);
    }
  }
  const children: Module[] = [];
  const module: Module = {
    dir,
    prefix,
    rootDir,
    resources,
    data,
    locals,
    variables,
    inputs: prefix === '' ? new Map([...tfvars].map(([k, v]) => [k, { value: v, scope: undefined }])) : inputs,
    children,
  };
  if (depth < MAX_MODULE_DEPTH) {
    for (const call of moduleCalls) {
      const source = call.body['source'];
      if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
      const childDir = join(dir, source);
      if (!context.files.isDirectory(childDir)) continue;
      const callScope: Scope = { module, file: call.file };
      const childInputs = new Map(Object.entries(call.body).filter(([k]) => k !== 'source').map(([k, v]) => [k, { value: v, scope: callScope }]));
      children.push(readModule(childDir, `${prefix}module.${call.name}.`, rootDir, context, depth + 1, childInputs));
    }
  }
  return module;
}

function* allModules(module: Module): Generator<Module> {
  yield module;
  for (const child of module.children) yield* allModules(child);
}

interface MachineBlock {
  readonly module: Module;
  readonly name: string;
  readonly block: Block;
  readonly address: string;
}

function machineBlocks(root: Module): MachineBlock[] {
  return [...allModules(root)].flatMap((module) =>
    [...(module.resources.get('aws_sfn_state_machine') ?? new Map<string, Block>())].map(([name, block]) => ({ module, name, block, address: `${module.prefix}aws_sfn_state_machine.${name}` })),
  );
}

export function terraformEntries(dir: string, context: ImportContext): MachineEntry[] {
  const root = readModule(dir, '', dir, context, 0, new Map());
  return machineBlocks(root).map((m) => ({
    id: m.address,
    aliases: [m.name],
    format: 'terraform',
    source: dir,
    deployedType: literalType(m.block.body['type']),
  }));
}

function literalType(value: unknown): 'STANDARD' | 'EXPRESS' | undefined {
  return value === 'STANDARD' || value === 'EXPRESS' ? value : undefined;
}

export function importTerraformModule(dir: string, resource: string | undefined, context: ImportContext): ImportedStateMachine {
  const root = readModule(dir, '', dir, context, 0, new Map());
  const machines = machineBlocks(root);
  const chosen = chooseEntry(machines.map((m) => ({ id: m.address, aliases: [m.name], machine: m })), resource, `the Terraform configuration in ${dir}`);
  if (!chosen.ok) {
    throw new FlowcostError([
      {
        code: 'semantic',
        file: dir,
        ...chosen.problem,
        ...(machines.length === 0 ? { expected: 'a resource "aws_sfn_state_machine"', hint: 'give the folder whose .tf files define the state machine' } : {}),
      },
    ]);
  }
  const { machine } = chosen.entry;
  const evaluator = new Evaluator(context);
  const at = attributePosition(machine.block, 'aws_sfn_state_machine', machine.name, 'definition');
  const scope: Scope = { module: machine.module, file: machine.block.file, at };
  const pinned = (data: unknown): ParsedDocument => ({ file: machine.block.file, data, locate: () => at });
  const rawDefinition = machine.block.body['definition'];
  if (rawDefinition === undefined) {
    throw new FlowcostError([{ code: 'semantic', file: machine.block.file, ...(at ? { line: at.line, column: at.column } : {}), message: `${machine.address} has no definition`, hint: 'aws_sfn_state_machine needs definition = …' }]);
  }
  const definition = evaluator.attribute(rawDefinition, scope);
  if (typeof definition !== 'string') {
    throw new FlowcostError([
      {
        code: 'semantic',
        file: machine.block.file,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: `the definition of ${machine.address} cannot be evaluated offline (${definition instanceof Unresolved ? definition.text : 'it is not a string'})`,
        hint: 'write it with jsonencode({…}), templatefile(), file() or a heredoc; or import the plan or state (terraform show -json)',
      },
    ]);
  }
  const origin = evaluator.originOf(definition);
  let document: ParsedDocument;
  try {
    document = origin ? context.parsers.yaml(definition, origin) : pinned(context.parsers.yaml(definition, `${machine.block.file} (${machine.address}.definition)`).data);
  } catch (error) {
    if (!(error instanceof FlowcostError)) throw error;
    throw new FlowcostError(error.problems.map((p) => ({ ...p, file: origin ?? machine.block.file, ...(origin ? {} : at ? { line: at.line, column: at.column } : {}), message: `${machine.address}.definition: ${p.message}` })));
  }
  const warnings: string[] = [];
  const functions = functionTable(root, evaluator, warnings);
  const type = evaluator.attribute(machine.block.body['type'] ?? 'STANDARD', scope);
  if (machine.block.body['count'] !== undefined || machine.block.body['for_each'] !== undefined) {
    warnings.push(`${machine.address} uses count or for_each: its definition is read once, with count.index and each.* left as placeholders`);
  }
  if (evaluator.unresolved.size > 0) {
    const list = [...evaluator.unresolved];
    warnings.push(
      `${list.length === 1 ? 'a Terraform expression cannot be evaluated offline and stays as a placeholder' : `${list.length} Terraform expressions cannot be evaluated offline and stay as placeholders`}: ` +
        `${list.slice(0, 8).join(', ')}${list.length > 8 ? ', …' : ''}`,
    );
  }
  return {
    id: machine.address,
    format: 'terraform',
    definition: document.data,
    document,
    basePath: [],
    deployedType: literalType(type),
    functions,
    warnings: [...warnings, ...evaluator.warnings],
  };
}

function functionTable(root: Module, evaluator: Evaluator, warnings: string[]): Map<string, LambdaFunctionSettings> {
  const table = new Map<string, LambdaFunctionSettings>();
  for (const module of allModules(root)) {
    for (const [name, block] of module.resources.get('aws_lambda_function') ?? []) {
      const address = `${module.prefix}aws_lambda_function.${name}`;
      const scope: Scope = { module, file: block.file };
      const value = (key: string): unknown => {
        const v = block.body[key];
        if (v === undefined) return undefined;
        const evaluated = evaluator.attribute(v, scope);
        return evaluated instanceof Unresolved ? `\${${evaluated.text}}` : evaluated;
      };
      const storageRaw = block.body['ephemeral_storage'];
      const storage = Array.isArray(storageRaw) ? storageRaw[0] : storageRaw;
      const settings: LambdaFunctionSettings = {
        name: address,
        memoryMb: lambdaSetting(value('memory_size'), 'memoryMb', address, warnings) ?? LAMBDA_DEFAULTS.memoryMb,
        timeoutSeconds: lambdaSetting(value('timeout'), 'timeoutSeconds', address, warnings) ?? LAMBDA_DEFAULTS.timeoutSeconds,
        architecture: lambdaArchitecture(value('architectures'), address, warnings) ?? LAMBDA_DEFAULTS.architecture,
        ephemeralStorageMb:
          lambdaSetting(isObject(storage) ? evaluator.attribute(storage['size'], scope) : undefined, 'ephemeralStorageMb', address, warnings) ?? LAMBDA_DEFAULTS.ephemeralStorageMb,
      };
      table.set(address, settings);
      const functionName = value('function_name');
      if (typeof functionName === 'string' && !functionName.includes('${') && !table.has(functionName)) table.set(functionName, settings);
    }
  }
  return table;
}

/** Line and column of `name = …` inside `resource "type" "block" {` (for messages; undefined when not found). */
function attributePosition(block: Block, type: string, name: string, attribute: string): Position | undefined {
  const header = new RegExp(`resource\\s+"${escapeRegExp(type)}"\\s+"${escapeRegExp(name)}"\\s*\\{`).exec(block.text);
  if (!header) return undefined;
  const rest = block.text.slice(header.index);
  const found = new RegExp(`(^|\\n)([ \\t]*)${escapeRegExp(attribute)}\\s*=`).exec(rest);
  const offset = header.index + (found ? found.index + found[1]!.length + found[2]!.length : 0);
  const before = block.text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** HCL string escapes in a template's literal text (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals). */
function decodeLiteral(raw: string, heredoc: boolean): string {
  const escapes = heredoc ? /\$\$\{|%%\{/g : /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt"\\])|\$\$\{|%%\{/g;
  return raw.replace(escapes, (match, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape ?? match;
    }
  });
}

class Evaluator {
  readonly unresolved = new Set<string>();
  readonly warnings: string[] = [];
  /** Strings read with templatefile()/file(), by identity of the produced text: where they came from. */
  private readonly origins = new Map<string, string>();
  private readonly localsInProgress = new Set<string>();
  private readonly localsDone = new Map<string, Value>();
  private depth = 0;

  constructor(private readonly context: ImportContext) {}

  originOf(text: string): string | undefined {
    return this.origins.get(text);
  }

  /** An attribute as hcl2json gives it: strings hold `${…}` expressions; objects and lists hold more. */
  attribute(value: unknown, scope: Scope): Value {
    if (typeof value === 'string') {
      if (!value.includes('${') && !value.includes('%{')) return value;
      return this.template(value, scope, value);
    }
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.attribute(v, scope));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.attribute(v, scope)]));
    return null;
  }

  /**
   * Template text (an attribute as hcl2json writes it, or a templatefile's content) evaluated. It is
   * parsed as a heredoc, where quotes, backslashes and line breaks are literal and `${…}` and `%{…}`
   * are HCL's; a heredoc that is one interpolation gives that value itself (as `"${x}"` does in HCL).
   * Node ranges are byte offsets into the heredoc source.
   */
  private template(text: string, scope: Scope, label: string): Value {
    let delimiter = 'FLOWCOST_EOT';
    while (text.includes(delimiter)) delimiter += '_';
    const source = `<<${delimiter}\n${text}\n${delimiter}\n`;
    return this.guard(() => {
      const bytes = Buffer.from(source, 'utf8');
      const root = this.context.parsers.hclExpression(source, scope.file);
      const [only, newline] = root.children;
      if (root.children.length === 2 && only && only.type !== 'literalValue' && newline?.type === 'literalValue' && newline.meta?.['value'] === '\n') {
        return this.node(only, scope, bytes);
      }
      const value = this.node(root, scope, bytes);
      return typeof value === 'string' ? value.replace(/\n$/, '') : value;
    }, label);
  }

  private guard(evaluate: () => Value, text: string): Value {
    if (this.depth >= MAX_EVALUATION_DEPTH) return this.unknown(text.slice(0, 80));
    this.depth++;
    try {
      return evaluate();
    } catch (error) {
      // A syntax error inside an expression hcl2json accepted cannot happen; anything else is a placeholder.
      if (error instanceof FlowcostError && error.problems.every((p) => p.code === 'hcl-syntax')) return this.unknown(text.slice(0, 80));
      throw error;
    } finally {
      this.depth--;
    }
  }

  private unknown(text: string): Unresolved {
    this.unresolved.add(text);
    return new Unresolved(text);
  }

  private node(node: HclNode, scope: Scope, bytes: Buffer): Value {
    const meta = node.meta ?? {};
    const text = typeof meta['value'] === 'string' ? meta['value'] : node.type;
    switch (node.type) {
      case 'templateWrap':
        return node.children[0] ? this.node(node.children[0], scope, bytes) : '';
      case 'template': {
        // A heredoc's literal text has no backslash escapes; a quoted string's has.
        const heredoc = text.startsWith('<<');
        return node.children
          .map((child) =>
            child.type === 'literalValue' && child.meta?.['type'] === 'string'
              ? decodeLiteral(String(child.meta['value'] ?? ''), heredoc)
              : templateText(this.node(child, scope, bytes)),
          )
          .join('');
      }
      case 'literalValue':
        if (meta['type'] === 'number') return Number(meta['value']);
        if (meta['type'] === 'bool') return meta['value'] === 'true';
        if (meta['type'] === 'string') return decodeLiteral(String(meta['value'] ?? ''), false);
        return null;
      case 'tuple':
        return node.children.map((child) => this.node(child, scope, bytes));
      case 'object': {
        const out: Record<string, Value> = {};
        for (let i = 0; i + 1 < node.children.length; i += 2) {
          const key = this.objectKey(node.children[i]!, scope, bytes);
          if (key === undefined) return this.unknown(text);
          out[key] = this.node(node.children[i + 1]!, scope, bytes);
        }
        return out;
      }
      case 'scopeTraversal':
        return this.reference(meta, scope, text);
      case 'function':
        return this.call(String(meta['name'] ?? ''), node.children, scope, text, bytes);
      case 'conditional': {
        const [condition, yes, no] = node.children;
        const decided = condition ? this.node(condition, scope, bytes) : undefined;
        if (typeof decided === 'boolean' && yes && no) return this.node(decided ? yes : no, scope, bytes);
        return this.unknown(`${String(meta['conditionExpression'] ?? '…')} ? ${String(meta['trueExpression'] ?? '…')} : ${String(meta['falseExpression'] ?? '…')}`);
      }
      case 'unaryOp': {
        const operand = node.children[0] ? this.node(node.children[0], scope, bytes) : undefined;
        if (meta['operator'] === 'negate' && typeof operand === 'number') return -operand;
        if (meta['operator'] === 'not' && typeof operand === 'boolean') return !operand;
        return this.unknown(text);
      }
      case 'binaryOp': {
        const [left, right] = node.children.map((child) => this.node(child, scope, bytes));
        if (left instanceof Unresolved || right instanceof Unresolved || left === undefined || right === undefined) {
          return this.unknown(`${String(meta['lhsExpression'] ?? '…')} ${String(meta['operator'] ?? '')} ${String(meta['rhsExpression'] ?? '…')}`);
        }
        if (meta['operator'] === 'equal') return JSON.stringify(left) === JSON.stringify(right);
        if (meta['operator'] === 'notEqual') return JSON.stringify(left) !== JSON.stringify(right);
        return this.unknown(`${String(meta['lhsExpression'] ?? '…')} ${String(meta['operator'] ?? '')} ${String(meta['rhsExpression'] ?? '…')}`);
      }
      default:
        return this.unknown(text);
    }
  }

  /** An object constructor's key: a bare name (its source text), a quoted template, or a (parenthesized) expression. */
  private objectKey(key: HclNode, scope: Scope, bytes: Buffer): string | undefined {
    if (key.children.length === 0) {
      const name = key.range ? bytes.subarray(key.range.start.byte, key.range.end.byte).toString('utf8') : '';
      return /^[A-Za-z_][\w-]*$/.test(name) ? name : undefined;
    }
    const value = this.node(key.children[0]!, scope, bytes);
    return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  }

  private reference(meta: Readonly<Record<string, unknown>>, scope: Scope, text: string): Value {
    const parts = (Array.isArray(meta['traversal']) ? meta['traversal'] : []).map((p) => (isObject(p) ? String(p['segment'] ?? '') : ''));
    const [head = '', second = '', ...rest] = parts;
    const module = scope.module;
    if (scope.templateVars && Object.hasOwn(scope.templateVars, head)) return access(scope.templateVars[head]!, [second, ...rest].filter(Boolean), () => this.unknown(text));
    switch (head) {
      case 'local': {
        const local = module.locals.get(second);
        if (!local) return this.unknown(text);
        const key = `${module.prefix}${second}`;
        if (this.localsInProgress.has(key)) return this.unknown(text);
        let value = this.localsDone.get(key);
        if (value === undefined) {
          this.localsInProgress.add(key);
          value = this.attribute(local.value, { module, file: local.file });
          this.localsInProgress.delete(key);
          this.localsDone.set(key, value);
        }
        return access(value, rest, () => this.unknown(text));
      }
      case 'var': {
        const input = module.inputs.get(second);
        if (input) return access(this.attribute(input.value, input.scope ?? scope), rest, () => this.unknown(text));
        const fallback = module.variables.get(second);
        if (fallback !== undefined) return access(this.attribute(fallback, scope), rest, () => this.unknown(text));
        return this.unknown(text);
      }
      case 'path':
        if (second === 'module') return '.';
        if (second === 'root' || second === 'cwd') return relative(module.dir, module.rootDir) || '.';
        return this.unknown(text);
      case 'aws_lambda_function': {
        if (!module.resources.get('aws_lambda_function')?.has(second)) return this.unknown(text);
        const attribute = rest.find((p) => !/^\d+$/.test(p) && !p.startsWith('"')) ?? 'arn';
        const address = `${module.prefix}aws_lambda_function.${second}`;
        if (attribute === 'function_name' || attribute === 'id') return address;
        if (attribute === 'arn' || attribute === 'invoke_arn' || attribute === 'qualified_arn' || attribute === 'qualified_invoke_arn') {
          return `arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${address}`;
        }
        return this.unknown(text);
      }
      case 'aws_sfn_activity':
        return module.resources.get(head)?.has(second) ? `arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:activity:${second}` : this.unknown(text);
      case 'aws_sfn_state_machine':
        return module.resources.get(head)?.has(second) ? `arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${second}` : this.unknown(text);
      case 'data': {
        // A function looked up by name: still a Lambda function (its settings are AWS's, not this configuration's).
        const [dataName = '', attribute = ''] = rest;
        const lookup = second === 'aws_lambda_function' ? module.data.get(second)?.get(dataName) : undefined;
        if (lookup && (attribute === 'arn' || attribute === 'invoke_arn' || attribute === 'qualified_arn')) {
          const name = this.attribute(lookup.body['function_name'], { module, file: lookup.file });
          if (typeof name === 'string') return `arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`;
        }
        return this.unknown(text);
      }
      default:
        return this.unknown(text);
    }
  }

  private call(name: string, args: readonly HclNode[], scope: Scope, text: string, bytes: Buffer): Value {
    const value = (i: number): Value | undefined => (args[i] ? this.node(args[i]!, scope, bytes) : undefined);
    switch (name) {
      case 'jsonencode': {
        const v = value(0);
        if (v === undefined) return this.unknown(text);
        const json = toJson(v, { nodes: 0 });
        return json === TOO_LARGE ? this.unknown(`jsonencode(…) of a value larger than ${localeNumber(MAX_VALUE_NODES)} nodes`) : JSON.stringify(json);
      }
      case 'jsondecode': {
        const v = value(0);
        if (typeof v !== 'string' || v.includes('${')) return this.unknown(`jsondecode(${typeof v === 'string' ? '…' : text})`);
        try {
          return JSON.parse(v) as Value;
        } catch {
          return this.unknown('jsondecode(…)');
        }
      }
      case 'file':
      case 'templatefile': {
        const path = value(0);
        if (typeof path !== 'string' || path.includes('${')) return this.unknown(`${name}(${typeof path === 'string' ? path : '…'})`);
        const read = this.read(path, scope, name);
        if (name === 'file') {
          this.origins.set(read.text, read.file);
          return read.text;
        }
        const vars = value(1);
        const templateVars = isPlainObject(vars) ? vars : {};
        const rendered = this.template(read.text, { module: scope.module, file: read.file, templateVars, at: undefined }, path);
        if (typeof rendered === 'string') this.origins.set(rendered, read.file);
        return rendered;
      }
      case 'merge': {
        const objects = args.map((_, i) => value(i));
        if (!objects.every(isPlainObject)) return this.unknown(text);
        return Object.assign({}, ...objects) as Value;
      }
      case 'concat': {
        const lists = args.map((_, i) => value(i));
        return lists.every(Array.isArray) ? (lists as Value[][]).flat() : this.unknown(text);
      }
      case 'tostring': {
        const v = value(0);
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : this.unknown(text);
      }
      case 'tonumber': {
        const v = value(0);
        return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : this.unknown(text);
      }
      case 'trimspace':
      case 'chomp':
      case 'lower':
      case 'upper': {
        const v = value(0);
        if (typeof v !== 'string') return this.unknown(text);
        return name === 'trimspace' ? v.trim() : name === 'chomp' ? v.replace(/(\r?\n)+$/, '') : name === 'lower' ? v.toLowerCase() : v.toUpperCase();
      }
      case 'replace': {
        const [s, from, to] = [value(0), value(1), value(2)];
        if (typeof s !== 'string' || typeof from !== 'string' || typeof to !== 'string' || /^\/.*\/$/.test(from)) return this.unknown(text);
        return s.split(from).join(to);
      }
      default:
        return this.unknown(`${name}(…)`);
    }
  }

  private read(path: string, scope: Scope, what: string): { file: string; text: string } {
    const document: ParsedDocument = { file: scope.file, data: undefined, locate: () => scope.at };
    return readNamed(path, document, [], this.context, `${what}()`, `${what}() paths are read relative to the .tf file (path.module)`);
  }
}

function isPlainObject(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** A value inside a template: strings as they are, placeholders as `${…}` (collections are not strings in HCL). */
function templateText(value: Value): string {
  if (value instanceof Unresolved) return `\${${value.text}}`;
  if (value === null) return '';
  if (typeof value === 'object') return '${…}';
  return String(value);
}

const TOO_LARGE = Symbol('too large');

/** jsonencode: placeholders become "${…}" strings; a value past MAX_VALUE_NODES is TOO_LARGE. */
function toJson(value: Value, budget: { nodes: number }): unknown {
  if (++budget.nodes > MAX_VALUE_NODES) return TOO_LARGE;
  if (value instanceof Unresolved) return `\${${value.text}}`;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const json = toJson(v, budget);
      if (json === TOO_LARGE) return TOO_LARGE;
      out.push(json);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const json = toJson(v, budget);
      if (json === TOO_LARGE) return TOO_LARGE;
      out[k] = json;
    }
    return out;
  }
  return value;
}

/** `value.a.b` / `value[0]` for the rest of a traversal. */
function access(value: Value, parts: readonly string[], missing: () => Unresolved): Value {
  let node: Value = value;
  for (const part of parts) {
    if (node instanceof Unresolved) return node;
    const key = part.replace(/^"(.*)"$/, '$1');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)] ?? missing();
    else if (isPlainObject(node) && Object.hasOwn(node, key)) node = node[key]!;
    else return missing();
  }
  return node;
}
