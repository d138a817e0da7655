/** `flowcost gate WORKLOAD [--policy POLICY] [--baseline report.json]`: fail the build when a recorded decision stops holding. */
import { isAbsolute, join, relative } from 'node:path';
import { analyze } from '../../analyze.js';
import { ARCHITECTURE_IDS } from '../../architectures/types.js';
import { FlowcostError } from '../../errors/problem.js';
import { checkBaselineNeeded, checkDecision, evaluatePolicy, type GateResult } from '../../gate/evaluate.js';
import { gateVerdict, type GateVerdict } from '../../gate/exit-code.js';
import { renderGateGithub } from '../../gate/render-github.js';
import { renderGateJson } from '../../gate/render-json.js';
import { renderGateMarkdown } from '../../gate/render-markdown.js';
import { renderGateTable } from '../../gate/render-table.js';
import type { Policy } from '../../gate/policy.js';
import { loadBaselineReport } from '../../io/load-baseline.js';
import { readGitFile, type GitFile } from '../../io/git-file.js';
import { loadPolicyFile, loadWorkloadPolicy, parsePolicy } from '../../io/load-policy.js';
import { readTextFile } from '../../io/read-text.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { terminalText } from '../../report/escape.js';
import { analysisOptionsFrom, architecturesFrom, catalogFrom, warnAboutPricing, withAnalysisOptions } from '../analysis-options.js';
import { optionalString, type CommandModule } from '../command.js';
import { useColor, type CliIo } from '../io.js';
import { progressReporter } from '../progress.js';
import { projectFor } from '../project-root.js';

export const GATE_FORMATS = ['table', 'json', 'markdown', 'github'] as const;
type GateFormat = (typeof GATE_FORMATS)[number];

const RENDERERS = {
  table: (gate, verdict, io) => renderGateTable(gate, verdict, { color: useColor(io) }),
  json: (gate, verdict) => renderGateJson(gate, verdict),
  markdown: (gate, verdict) => renderGateMarkdown(gate, verdict),
  github: (gate, verdict) => renderGateGithub(gate, verdict),
} as const satisfies Record<GateFormat, (gate: GateResult, verdict: GateVerdict, io: CliIo) => string>;

export const gateCommand: CommandModule = {
  command: 'gate <file>',
  describe: 'Check a recorded architecture decision against a policy; exit 1 when an error assertion fails (for CI)',
  builder: (y) =>
    withAnalysisOptions(
      y
        .positional('file', { type: 'string', describe: 'Workload YAML file', demandOption: true })
        .option('policy', { alias: 'p', type: 'string', describe: "Policy YAML file (default: the workload's own policy: key)" })
        .option('policy-ref', {
          type: 'string',
          describe: 'Read the policy from git: REF:PATH, e.g. origin/main:flowcost/policy.yaml (the base branch, which a pull request cannot change)',
        })
        .conflicts('policy', 'policy-ref')
        .option('baseline', { alias: 'b', type: 'string', describe: 'JSON report of an earlier run (e.g. the main branch), for cost deltas and max-cost-increase' })
        .option('format', { alias: 'f', choices: GATE_FORMATS, default: 'table', describe: 'Output format (github: Actions annotations)' }),
    )
      .example('$0 gate workload.yaml --policy flowcost-policy.yaml', 'Check the decision; exit 1 when an error assertion fails')
      .example('$0 gate workload.yaml -p policy.yaml --baseline main.json --format markdown', 'Pull-request summary with cost deltas against main')
      .example('$0 gate workload.yaml -p policy.yaml --format github', 'GitHub Actions annotations on the policy lines')
      .example('$0 gate workload.yaml --policy-ref origin/main:flowcost/policy.yaml', "On a pull request: the base branch's policy judges it"),
  run(args, io) {
    const file = String(args['file']);
    const files = projectFor(args, file);
    const { policy, annotateAt } = policyFor(file, optionalString(args, 'policy'), optionalString(args, 'policy-ref'), files.root, io);
    // Everything the policy needs is checked before the (slow) simulation.
    checkDecision(policy, architecturesFrom(args) ?? ARCHITECTURE_IDS);
    const baselineFile = optionalString(args, 'baseline');
    checkBaselineNeeded(policy, baselineFile !== undefined);
    const baseline = baselineFile === undefined ? undefined : loadBaselineReport(baselineFile);
    const workload = loadWorkloadFile(file, { files });
    const catalog = catalogFrom(args);
    warnAboutPricing(io, catalog, workload.region);
    const options = analysisOptionsFrom(args);
    const onProgress = progressReporter(io, options.samples);
    const report = analyze(workload, catalog, { ...options, ...(onProgress ? { onProgress } : {}) });

    const gate = evaluatePolicy(policy, report, baseline);
    const verdict = gateVerdict(gate.results);
    const format = (GATE_FORMATS as readonly string[]).includes(String(args['format'])) ? (args['format'] as GateFormat) : 'table';
    io.stdout(RENDERERS[format](format === 'github' ? annotateAt(gate) : gate, verdict, io));
    return verdict.exitCode;
  },
};

interface PolicySource {
  readonly policy: Policy;
  /** Where annotations of this policy's lines go (GitHub wants paths relative to the repository root). */
  readonly annotateAt: (gate: GateResult) => GateResult;
}

function policyFor(workloadFile: string, policyFile: string | undefined, policyRef: string | undefined, root: string, io: CliIo): PolicySource {
  const embedded = loadWorkloadPolicy(workloadFile);
  const ignored = (source: string) => {
    if (embedded) io.stderr(`flowcost: using ${terminalText(source)}; the policy: key of ${terminalText(workloadFile)} is ignored\n`);
  };
  if (policyRef !== undefined) {
    const fromGit = readGitFile(policyRef, root);
    ignored(`--policy-ref ${policyRef}`);
    return { policy: parsePolicy(fromGit.text, fromGit.spec), annotateAt: gitAnnotations(fromGit) };
  }
  if (policyFile !== undefined) {
    ignored(`--policy ${policyFile}`);
    return { policy: loadPolicyFile(policyFile), annotateAt: repositoryRelative };
  }
  if (embedded) return { policy: embedded, annotateAt: repositoryRelative };
  throw new FlowcostError([
    {
      code: 'usage',
      file: workloadFile,
      message: 'no policy to check',
      hint: 'pass --policy POLICY.yaml (or --policy-ref REF:PATH), or add a policy: key to the workload (see schemas/policy.schema.json)',
    },
  ]);
}

/**
 * A policy read from git annotates the same file in the working tree when that file holds the same
 * text (its lines are the lines of the policy that judged); otherwise the annotations carry no
 * location (their message still says "set at REF:PATH:LINE").
 */
function gitAnnotations(fromGit: GitFile): (gate: GateResult) => GateResult {
  const working = join(fromGit.topLevel, fromGit.path);
  let same = false;
  try {
    same = readTextFile(working) === fromGit.text;
  } catch {
    same = false;
  }
  return (gate) => ({
    ...gate,
    results: gate.results.map((r) => {
      if (!r.at || r.at.file !== fromGit.spec) return r;
      if (!same) {
        const { at: _at, ...rest } = r;
        return rest;
      }
      // PATH is relative to the repository's top folder, as GitHub's annotations want.
      return { ...r, at: { ...r.at, file: fromGit.path } };
    }),
  });
}

/** Annotations need paths relative to the repository root, which in CI is the working directory. */
function repositoryRelative(gate: GateResult): GateResult {
  return {
    ...gate,
    results: gate.results.map((r) => {
      if (!r.at || !isAbsolute(r.at.file)) return r;
      const file = relative(process.cwd(), r.at.file);
      return file.startsWith('..') ? r : { ...r, at: { ...r.at, file } };
    }),
  };
}
