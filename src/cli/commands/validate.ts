/**
 * `flowcost validate FILE…`: check workload and policy files without running them; every problem
 * of every file. A file with a top-level `decision:` or `assertions:` key is read as a policy.
 */
import { boundedSamples, MIN_SAMPLES, regionPrices } from '../../analyze.js';
import { FlowcostError, type Problem } from '../../errors/problem.js';
import { loadPolicyFile, loadWorkloadPolicy } from '../../io/load-policy.js';
import { readTextFile } from '../../io/read-text.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { states } from '../../workload/graph.js';
import { catalogFrom } from '../analysis-options.js';
import type { CommandModule } from '../command.js';
import { projectFor, withRootOption } from '../project-root.js';
import { jsonText, terminalText } from '../../report/escape.js';
import { renderProblems } from '../render-problems.js';

interface FileResult {
  readonly file: string;
  readonly valid: boolean;
  readonly summary: string;
  readonly errors: readonly Problem[];
}

export const validateCommand: CommandModule = {
  command: 'validate <files..>',
  describe: 'Check workload and policy files (schema, units, values, region) without simulating them',
  builder: (y) =>
    withRootOption(y)
      // <files..> requires one file at least; no default (yargs would show "[default: []]" beside "[required]").
      .positional('files', { type: 'string', array: true, default: undefined, describe: 'Workload or policy YAML files (one or more)' })
      .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table', describe: 'Output format' })
      .option('pricing-version', { type: 'string', describe: 'Pricing catalog version whose regions are valid' })
      .option('pricing', { type: 'string', describe: 'Your own pricing file or directory' })
      .example('$0 validate examples/*.yaml', 'Check every example workload')
      .example('$0 validate workload.yaml policy.yaml', 'Check a workload and its policy'),
  run(args, io) {
    const catalog = catalogFrom(args);
    const files = (args['files'] as unknown[]).map(String);
    const results: FileResult[] = files.map((file) => {
      try {
        if (looksLikePolicy(file)) {
          const policy = loadPolicyFile(file);
          const active = Object.values(policy.assertions).filter((a) => a.level !== 'off').length;
          return { file, valid: true, summary: `valid policy (decision ${policy.decision}, ${active} assertions on)`, errors: [] };
        }
        const workload = loadWorkloadFile(file, { files: projectFor(args, file) });
        loadWorkloadPolicy(file);
        regionPrices(catalog, workload.region);
        boundedSamples(workload, MIN_SAMPLES, []);
        const all = [...states(workload.graph)];
        const origin = workload.graph.origin;
        // A step tree counts its steps as written (a poll wait and its check are two).
        const size =
          origin.kind === 'definition'
            ? `${all.length} states of ${origin.source}`
            : `${all.length + all.filter((s) => s.kind === 'poll').length} steps`;
        return { file, valid: true, summary: `valid workload "${workload.name}" (${size}, ${workload.region})`, errors: [] };
      } catch (error) {
        if (!(error instanceof FlowcostError)) throw error;
        const errors = error.problems.map((p) => (p.file ? p : { ...p, file }));
        return { file, valid: false, summary: `${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors };
      }
    });
    if (args['format'] === 'json') {
      io.stdout(jsonText(JSON.stringify({ files: results }, null, 2) + '\n'));
    } else {
      for (const result of results) {
        io.stdout(`${result.valid ? '✓' : '✗'} ${terminalText(result.file)}: ${terminalText(result.summary)}\n`);
        if (!result.valid) io.stderr(renderProblems(result.errors));
      }
    }
    return results.every((r) => r.valid) ? 0 : 2;
  },
};

/** A policy file names a decision or assertions at the top level; a workload never does. */
function looksLikePolicy(file: string): boolean {
  try {
    return /^(decision|assertions|extends)\s*:/m.test(readTextFile(file));
  } catch {
    return false; // unreadable: the workload loader reports why
  }
}
