/**
 * A gate policy: the architecture a repository has decided on, and the assertions that must keep
 * holding for it. Entries follow lighthouse-ci: `level` or `[level, options]`, level off|warn|error;
 * only `error` fails the build. `extends:` starts from a preset; entries given override it, their
 * options merged over the preset's, which are merged over the assertion's defaults.
 *
 * Pure: data in, a Policy or problems out. Positions come from the caller's `locate`.
 */
import { closest, formatPath, type Problem } from '../errors/problem.js';

export const ASSERTION_LEVELS = ['off', 'warn', 'error'] as const;
export type AssertionLevel = (typeof ASSERTION_LEVELS)[number];

/** Each assertion's options, by assertion id: the closed set of assertions. */
export interface AssertionOptions {
  readonly 'decision-feasible': Readonly<Record<never, number>>;
  readonly 'max-monthly-cost': { readonly usd: number };
  readonly 'max-cost-per-execution': { readonly usd: number };
  readonly 'limit-headroom': { readonly maxRatio: number };
  readonly 'cheaper-alternative': { readonly minSavingsPercent: number };
  readonly 'max-cost-increase': { readonly percent: number };
}
export type AssertionId = keyof AssertionOptions;

/** Bounds of a numeric option; `default` absent means the policy must give it. */
export interface OptionSpec {
  readonly minimum: number;
  readonly exclusiveMinimum?: boolean;
  readonly maximum?: number;
  readonly default?: number;
  readonly example: number;
}

interface AssertionInfo<K extends AssertionId> {
  readonly summary: string;
  readonly options: { readonly [O in keyof AssertionOptions[K]]: OptionSpec };
}

export const ASSERTIONS = {
  'decision-feasible': { summary: 'the decided architecture breaks no hard limit', options: {} },
  'max-monthly-cost': {
    summary: "the decision's monthly cost stays within a budget (USD)",
    options: { usd: { minimum: 0, example: 500 } },
  },
  'max-cost-per-execution': {
    summary: "the decision's mean cost per execution stays within a budget (USD)",
    options: { usd: { minimum: 0, example: 0.0001 } },
  },
  'limit-headroom': {
    summary: 'p99 stays under maxRatio of every limit of the decision',
    options: { maxRatio: { minimum: 0, exclusiveMinimum: true, maximum: 1, default: 0.8, example: 0.8 } },
  },
  'cheaper-alternative': {
    summary: 'no other feasible architecture is at least minSavingsPercent cheaper per month',
    options: { minSavingsPercent: { minimum: 0, exclusiveMinimum: true, maximum: 100, default: 25, example: 25 } },
  },
  'max-cost-increase': {
    summary: "the decision's monthly cost grows at most `percent` over the --baseline report",
    options: { percent: { minimum: 0, default: 10, example: 10 } },
  },
} as const satisfies { readonly [K in AssertionId]: AssertionInfo<K> };

export const ASSERTION_IDS = Object.keys(ASSERTIONS) as AssertionId[];

/** An entry as written in a policy: `level` or `[level, options]`. */
export type AssertionEntry = AssertionLevel | readonly [AssertionLevel] | readonly [AssertionLevel, Readonly<Record<string, number>>];

/**
 * Presets, as data. Neither turns on max-cost-increase: it needs a --baseline, which a first run
 * (or a new repository) does not have.
 */
export const PRESETS = {
  recommended: {
    'decision-feasible': 'error',
    'limit-headroom': ['warn', { maxRatio: 0.8 }],
    'cheaper-alternative': ['warn', { minSavingsPercent: 25 }],
  },
  strict: {
    'decision-feasible': 'error',
    'limit-headroom': ['error', { maxRatio: 0.8 }],
    'cheaper-alternative': ['error', { minSavingsPercent: 10 }],
  },
} as const satisfies Record<string, Partial<Record<AssertionId, AssertionEntry>>>;
export type PresetId = keyof typeof PRESETS;
export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

/** Where something is written: file, 1-based line and column. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Finds the position of the value at `path`, or of the key `key` of the mapping at `path`. */
export type Locate = (path: readonly (string | number)[], key?: string) => SourceRef | undefined;

export type PolicyAssertion = {
  readonly [K in AssertionId]: {
    readonly id: K;
    readonly level: AssertionLevel;
    readonly options: AssertionOptions[K];
    /** `policy` when the policy itself sets the level; else the preset it comes from. */
    readonly origin: 'policy' | PresetId;
    /** The policy entry (or the `extends:` line for a preset's entry). */
    readonly at?: SourceRef;
  };
}[AssertionId];

export interface Policy {
  readonly decision: string;
  readonly decisionAt?: SourceRef;
  readonly preset?: PresetId;
  /** Every assertion, in ASSERTION_IDS order; `off` ones included (evaluation skips them). */
  readonly assertions: readonly PolicyAssertion[];
}

export type PolicyResult = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly problems: readonly Problem[] };

type Path = readonly (string | number)[];

const POLICY_KEYS = ['$schema', 'description', 'decision', 'extends', 'assertions'] as const;
type Raw = Readonly<Record<string, unknown>>;

export function normalizePolicy(data: unknown, locate: Locate = () => undefined, pathPrefix: Path = []): PolicyResult {
  const problems: Problem[] = [];
  const fail = (path: Path, message: string, hint: string, extra: Partial<Problem> = {}, key?: string): void => {
    const at = locate(path, key);
    const full = [...pathPrefix, ...path, ...(key === undefined ? [] : [key])];
    problems.push({
      code: 'semantic',
      message,
      hint,
      ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
      ...(full.length > 0 ? { path: formatPath(full) } : {}),
      ...extra,
    });
  };
  if (!isRecord(data)) {
    fail([], 'a policy must be a mapping', 'write e.g. "decision: sfn-standard" and "assertions:"');
    return { ok: false, problems };
  }

  for (const key of Object.keys(data)) {
    if ((POLICY_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, POLICY_KEYS);
    fail([], `unknown key "${key}"`, suggestion ? `did you mean "${suggestion}"?` : `allowed keys: ${POLICY_KEYS.join(', ')}`, {
      code: 'unknown-key',
      expected: `one of ${POLICY_KEYS.join(', ')}`,
      actual: key,
    }, key);
  }

  const decision = data['decision'];
  if (typeof decision !== 'string' || decision === '') {
    fail([], 'the policy names no decision', 'add "decision: <architecture id>", e.g. decision: sfn-standard', { expected: 'a "decision" key' });
  }

  const presetName = data['extends'];
  let preset: PresetId | undefined;
  if (presetName !== undefined) {
    if (typeof presetName === 'string' && (PRESET_IDS as readonly string[]).includes(presetName)) {
      preset = presetName as PresetId;
    } else {
      const suggestion = typeof presetName === 'string' ? closest(presetName, PRESET_IDS) : undefined;
      fail(['extends'], `unknown preset ${JSON.stringify(presetName)}`, suggestion ? `did you mean "${suggestion}"?` : `use one of ${PRESET_IDS.join(', ')}`, {
        expected: PRESET_IDS.join(' | '),
      });
    }
  }

  const rawAssertions = data['assertions'] ?? {};
  const given = new Map<AssertionId, { level: AssertionLevel; options: Readonly<Record<string, number>> }>();
  if (!isRecord(rawAssertions)) {
    fail(['assertions'], '"assertions" must be a mapping of assertion names to levels', 'write e.g. "decision-feasible: error"');
  } else {
    for (const [name, entry] of Object.entries(rawAssertions)) {
      if (!(ASSERTION_IDS as readonly string[]).includes(name)) {
        const suggestion = closest(name, ASSERTION_IDS);
        fail(['assertions'], `unknown assertion "${name}"`, suggestion ? `did you mean "${suggestion}"?` : `assertions: ${ASSERTION_IDS.join(', ')}`, {
          code: 'unknown-key',
          expected: `one of ${ASSERTION_IDS.join(', ')}`,
          actual: name,
        }, name);
        continue;
      }
      const parsed = parseEntry(name as AssertionId, entry, ['assertions', name], fail);
      if (parsed) given.set(name as AssertionId, parsed);
    }
  }

  const presetEntries: Partial<Record<AssertionId, AssertionEntry>> = preset ? PRESETS[preset] : {};
  const assertions: PolicyAssertion[] = [];
  for (const id of ASSERTION_IDS) {
    const fromPreset = presetEntries[id];
    const fromPolicy = given.get(id);
    if (!fromPreset && !fromPolicy) continue;
    const presetParts = fromPreset ? entryParts(fromPreset) : undefined;
    const level = fromPolicy?.level ?? presetParts?.level ?? 'off';
    const options: Record<string, number> = {};
    for (const [option, spec] of Object.entries(ASSERTIONS[id].options) as [string, OptionSpec][]) {
      const value = fromPolicy?.options[option] ?? presetParts?.options[option] ?? spec.default;
      if (value !== undefined) options[option] = value;
      else if (level !== 'off') {
        fail(['assertions', id], `${id} needs the option "${option}"`, `write e.g. ${id}: [${level}, { ${option}: ${spec.example} }]`, {
          expected: `[${level}, { ${option}: <number> }]`,
        });
      }
    }
    const at = fromPolicy ? locate(['assertions'], id) : locate(['extends']);
    assertions.push({
      id,
      level,
      options,
      origin: fromPolicy || !preset ? 'policy' : preset,
      ...(at ? { at } : {}),
    } as PolicyAssertion);
  }

  if (problems.length > 0 || typeof decision !== 'string') {
    return { ok: false, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) };
  }
  const decisionAt = locate(['decision']);
  return {
    ok: true,
    policy: { decision, ...(decisionAt ? { decisionAt } : {}), ...(preset ? { preset } : {}), assertions },
  };
}

/** The level and options of an entry that is known to be well formed (a preset's). */
function entryParts(entry: AssertionEntry): { level: AssertionLevel; options: Readonly<Record<string, number>> } {
  if (typeof entry === 'string') return { level: entry, options: {} };
  return { level: entry[0], options: entry[1] ?? {} };
}

function parseEntry(
  id: AssertionId,
  entry: unknown,
  path: Path,
  fail: (path: Path, message: string, hint: string, extra?: Partial<Problem>, key?: string) => void,
): { level: AssertionLevel; options: Readonly<Record<string, number>> } | undefined {
  const specs = ASSERTIONS[id].options as Readonly<Record<string, OptionSpec>>;
  const example = `${id}: [error, { ${Object.entries(specs).map(([k, s]) => `${k}: ${s.example}`).join(', ')} }]`;
  const [level, rawOptions] = Array.isArray(entry) ? [entry[0], entry[1]] : [entry, undefined];
  if (Array.isArray(entry) && (entry.length < 1 || entry.length > 2)) {
    fail(path, `${id} must be a level or [level, options]`, Object.keys(specs).length > 0 ? `write e.g. ${example}` : `write e.g. ${id}: error`);
    return undefined;
  }
  if (typeof level !== 'string' || !(ASSERTION_LEVELS as readonly string[]).includes(level)) {
    const suggestion = typeof level === 'string' ? closest(level, ASSERTION_LEVELS) : undefined;
    fail(Array.isArray(entry) ? [...path, 0] : path, `the level of ${id} must be one of ${ASSERTION_LEVELS.join(', ')}`, suggestion ? `did you mean "${suggestion}"?` : `write e.g. ${id}: error`, {
      expected: ASSERTION_LEVELS.join(' | '),
      actual: JSON.stringify(level) ?? String(level),
    });
    return undefined;
  }
  const options: Record<string, number> = {};
  if (rawOptions !== undefined) {
    if (!isRecord(rawOptions)) {
      fail([...path, 1], `the options of ${id} must be a mapping`, `write e.g. ${example}`);
      return undefined;
    }
    for (const [name, value] of Object.entries(rawOptions)) {
      const spec = specs[name];
      if (!spec) {
        const suggestion = closest(name, Object.keys(specs));
        const allowed = Object.keys(specs).join(', ') || '(none)';
        fail([...path, 1], `${id} has no option "${name}"`, suggestion ? `did you mean "${suggestion}"?` : `its options: ${allowed}`, {
          code: 'unknown-key',
          expected: `one of ${allowed}`,
          actual: name,
        }, name);
        continue;
      }
      const bound = optionBoundText(spec);
      if (typeof value !== 'number' || !Number.isFinite(value) || !withinBounds(value, spec)) {
        fail([...path, 1, name], `${id} option ${name} must be a number ${bound}`, `write e.g. ${example}`, {
          expected: `a number ${bound}`,
          actual: JSON.stringify(value) ?? String(value),
        });
        continue;
      }
      options[name] = value;
    }
  }
  return { level: level as AssertionLevel, options };
}

function withinBounds(value: number, spec: OptionSpec): boolean {
  if (spec.exclusiveMinimum ? value <= spec.minimum : value < spec.minimum) return false;
  return spec.maximum === undefined || value <= spec.maximum;
}

function optionBoundText(spec: OptionSpec): string {
  const low = `${spec.exclusiveMinimum ? '>' : '≥'} ${spec.minimum}`;
  return spec.maximum === undefined ? low : `${low} and ≤ ${spec.maximum}`;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
