/**
 * The JSON of `terraform show -json` for a plan or a state (JSON Output Format:
 * https://developer.hashicorp.com/terraform/internals/json-format): resources are listed under
 * `planned_values` (a plan) or `values` (a state), `root_module` with nested `child_modules`, each
 * with `address`, `mode`, `type`, `name` and its attribute `values`. `aws_sfn_state_machine`
 * holds `definition` (a JSON string) and `type` (STANDARD | EXPRESS); `aws_lambda_function`
 * holds `function_name`, `memory_size`, `timeout`, `architectures` and `ephemeral_storage`
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sfn_state_machine,
 * …/lambda_function). A value known only after apply is absent from `planned_values` and `true`
 * in `resource_changes[].change.after_unknown`.
 */
import { parsePinned } from './cloudformation.js';
import { isObject } from './intrinsics.js';
import { lambdaArchitecture, lambdaSetting } from './lambda-bindings.js';
import { chooseEntry, failAt, type ImportContext, type ImportedStateMachine, type LambdaFunctionSettings, type MachineEntry, type ParsedDocument } from './source.js';
import type { DataPath } from '../workload/problems.js';

interface TerraformResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Where the resource is in the document. */
  readonly path: DataPath;
}

/** `terraform show -json` output rather than a template or a definition. */
export function isTerraformJson(data: unknown): boolean {
  return isObject(data) && typeof data['format_version'] === 'string' && ('planned_values' in data || 'values' in data || 'resource_changes' in data);
}

function isPlan(data: Readonly<Record<string, unknown>>): boolean {
  return 'planned_values' in data || 'resource_changes' in data;
}

function resources(data: Readonly<Record<string, unknown>>): TerraformResource[] {
  const key = isPlan(data) ? 'planned_values' : 'values';
  const out: TerraformResource[] = [];
  const walk = (module: unknown, path: DataPath) => {
    if (!isObject(module)) return;
    const list = Array.isArray(module['resources']) ? module['resources'] : [];
    list.forEach((r, i) => {
      if (!isObject(r) || typeof r['address'] !== 'string' || typeof r['type'] !== 'string') return;
      out.push({
        address: r['address'],
        mode: typeof r['mode'] === 'string' ? r['mode'] : 'managed',
        type: r['type'],
        name: typeof r['name'] === 'string' ? r['name'] : r['address'],
        values: isObject(r['values']) ? r['values'] : {},
        path: [...path, 'resources', i],
      });
    });
    const children = Array.isArray(module['child_modules']) ? module['child_modules'] : [];
    children.forEach((child, i) => walk(child, [...path, 'child_modules', i]));
  };
  const root = data[key];
  walk(isObject(root) ? root['root_module'] : undefined, [key, 'root_module']);
  return out;
}

function deployedType(values: Readonly<Record<string, unknown>>): 'STANDARD' | 'EXPRESS' | undefined {
  return values['type'] === 'EXPRESS' || values['type'] === 'STANDARD' ? values['type'] : undefined;
}

export function terraformJsonEntries(document: ParsedDocument): MachineEntry[] {
  const data = isObject(document.data) ? document.data : {};
  return resources(data)
    .filter((r) => r.mode === 'managed' && r.type === 'aws_sfn_state_machine')
    .map((r) => ({
      id: r.address,
      aliases: [r.name, ...(typeof r.values['name'] === 'string' ? [r.values['name']] : [])],
      format: isPlan(data) ? 'terraform-plan' : 'terraform-state',
      source: document.file,
      deployedType: deployedType(r.values),
    }));
}

export function importTerraformJson(document: ParsedDocument, resource: string | undefined, context: ImportContext): ImportedStateMachine {
  const data = isObject(document.data) ? document.data : {};
  const plan = isPlan(data);
  const all = resources(data);
  const machines = all.filter((r) => r.mode === 'managed' && r.type === 'aws_sfn_state_machine');
  const what = plan ? 'the plan' : 'the state';
  const chosen = chooseEntry(
    machines.map((r) => ({ id: r.address, aliases: [r.name, ...(typeof r.values['name'] === 'string' ? [r.values['name']] : [])], resource: r })),
    resource,
    what,
  );
  if (!chosen.ok) {
    return failAt(document, [], {
      ...chosen.problem,
      ...(machines.length === 0 ? { expected: 'a resource of type aws_sfn_state_machine', hint: `export ${plan ? 'the plan' : 'the state'} of the configuration that deploys the state machine (terraform show -json)` } : {}),
    });
  }
  const machine = chosen.entry.resource;
  const definition = machine.values['definition'];
  if (typeof definition !== 'string') {
    const unknown = plan && afterUnknown(data, machine.address, 'definition');
    return failAt(document, machine.path, {
      message: unknown
        ? `the definition of ${machine.address} is known only after apply (it names resources this plan creates)`
        : `${machine.address} has no definition in ${what}`,
      hint: unknown
        ? 'import the .tf sources instead (flowcost import DIR), or the state after apply (terraform show -json > state.json)'
        : 'export the plan or state again with terraform show -json',
    });
  }
  const inner = parsePinned(definition, document, [...machine.path, 'values', 'definition'], context, `${machine.address}.definition`);
  const warnings: string[] = [];
  return {
    id: machine.address,
    format: plan ? 'terraform-plan' : 'terraform-state',
    definition: inner.data,
    document: inner,
    basePath: [],
    deployedType: deployedType(machine.values),
    functions: functionTable(all, warnings),
    warnings,
  };
}

function afterUnknown(data: Readonly<Record<string, unknown>>, address: string, attribute: string): boolean {
  const changes = Array.isArray(data['resource_changes']) ? data['resource_changes'] : [];
  return changes.some((c) => {
    if (!isObject(c) || c['address'] !== address || !isObject(c['change'])) return false;
    const unknown = c['change']['after_unknown'];
    return isObject(unknown) && unknown[attribute] === true;
  });
}

/** Functions by address, function_name and ARN; data sources too (their settings are read from AWS). */
function functionTable(all: readonly TerraformResource[], warnings: string[]): Map<string, LambdaFunctionSettings> {
  const table = new Map<string, LambdaFunctionSettings>();
  for (const r of all) {
    if (r.type !== 'aws_lambda_function') continue;
    const v = r.values;
    const storage = Array.isArray(v['ephemeral_storage']) ? v['ephemeral_storage'][0] : v['ephemeral_storage'];
    const settings: LambdaFunctionSettings = {
      name: typeof v['function_name'] === 'string' ? `${r.address} (${v['function_name']})` : r.address,
      memoryMb: lambdaSetting(v['memory_size'], 'memoryMb', r.address, warnings),
      timeoutSeconds: lambdaSetting(v['timeout'], 'timeoutSeconds', r.address, warnings),
      architecture: lambdaArchitecture(v['architectures'], r.address, warnings),
      ephemeralStorageMb: lambdaSetting(isObject(storage) ? storage['size'] : undefined, 'ephemeralStorageMb', r.address, warnings),
    };
    for (const key of [r.address, v['function_name'], v['arn']]) if (typeof key === 'string' && !table.has(key)) table.set(key, settings);
  }
  return table;
}
