/**
 * Policy files → Policy, or a FlowcostError whose every problem has file:line:col. A policy is its
 * own YAML file, or the `policy:` key of a workload file (then positions point into the workload).
 * The normalizer's tailored messages come first; the JSON Schema (schemas/policy.schema.json,
 * what editors check) backs it up.
 */
import { FlowcostError, formatPath, type Problem } from '../errors/problem.js';
import { normalizePolicy, type Locate, type Policy } from '../gate/policy.js';
import { loadSchema } from './package-files.js';
import { readTextFile } from './read-text.js';
import { schemaProblems } from './schema-check.js';
import { parseYamlSource, type SourceDocument } from './yaml-source.js';


export function loadPolicySchema(): object {
  return loadSchema('policy');
}

export function loadPolicyFile(file: string): Policy {
  return parsePolicy(readTextFile(file), file);
}

export function parsePolicy(text: string, file: string): Policy {
  return policyFrom(parseYamlSource(text, file), []);
}

/** The `policy:` of a workload file, or undefined when it has none. */
export function loadWorkloadPolicy(file: string): Policy | undefined {
  return parseWorkloadPolicy(readTextFile(file), file);
}

export function parseWorkloadPolicy(text: string, file: string): Policy | undefined {
  const source = parseYamlSource(text, file);
  const data = source.data;
  if (typeof data !== 'object' || data === null || !('policy' in data)) return undefined;
  return policyFrom(source, ['policy']);
}

function policyFrom(source: SourceDocument, prefix: readonly (string | number)[]): Policy {
  const locate: Locate = (path, key) => {
    const full = [...prefix, ...path];
    const at = key === undefined ? source.locate(full) : source.locateKey(full, key);
    return at ? { file: source.file, line: at.line, column: at.column } : undefined;
  };
  const data = prefix.length === 0 ? source.data : (source.data as Record<string, unknown>)[String(prefix[0])];
  const result = normalizePolicy(data, locate, prefix);
  if (!result.ok) throw new FlowcostError(result.problems);
  const problems = schemaProblems(loadPolicySchema(), subDocument(source, prefix, data));
  if (problems.length > 0) throw new FlowcostError(problems.map((p) => withPrefix(p, prefix)));
  return result.policy;
}

/** A view of the value at `prefix`, so the policy schema validates it with the workload's positions. */
function subDocument(source: SourceDocument, prefix: readonly (string | number)[], data: unknown): SourceDocument {
  if (prefix.length === 0) return source;
  return {
    file: source.file,
    data,
    locate: (path) => source.locate([...prefix, ...path]),
    locateKey: (path, key) => source.locateKey([...prefix, ...path], key),
  };
}

function withPrefix(problem: Problem, prefix: readonly (string | number)[]): Problem {
  if (prefix.length === 0) return problem;
  const path = problem.path ? `${formatPath(prefix)}.${problem.path}` : formatPath(prefix);
  return { ...problem, path };
}
