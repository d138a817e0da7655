/** `flowcost analyze FILE`: load, simulate, report. */
import { analyzeInParallel, PARALLEL_MIN_SAMPLES } from '../../analyze-parallel.js';
import { generateSource, notCompilable } from '../../engine/codegen.js';
import { compilePlan } from '../../engine/compile.js';
import { ARCHITECTURE_IDS, ARCHITECTURES } from '../../architectures/index.js';
import { SimulationWorkers } from '../../engine/parallel.js';
import { ChunkSimulator, chunksOf } from '../../engine/simulate.js';
import { planAnalysis } from '../../analyze.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { checkOutputFile, writeOutputAtomically } from '../../io/write-output.js';
import { terminalText } from '../../report/escape.js';
import { renderJson } from '../../report/render-json.js';
import { renderTable } from '../../report/render-table.js';
import { analysisOptionsFrom, catalogFrom, threadsFrom, warnAboutPricing, withAnalysisOptions, withPricingNotes } from '../analysis-options.js';
import { optionalString, type CommandModule, type ParsedArgs } from '../command.js';
import { useColor, type CliIo } from '../io.js';
import { progressReporter } from '../progress.js';
import { projectFor } from '../project-root.js';
import { richReport } from '../report-formats.js';

export const ANALYZE_FORMATS = ['table', 'json', 'markdown', 'html'] as const;

export const analyzeCommand: CommandModule = {
  command: 'analyze <file>',
  describe: `Simulate a workload in each architecture (${ARCHITECTURE_IDS.map((id) => ARCHITECTURES[id].identity.inSentence).join(', ')}); report cost, limits, a recommendation and what would make the others fit`,
  builder: (y) =>
    withAnalysisOptions(
      y
        .positional('file', { type: 'string', describe: 'Workload YAML file', demandOption: true })
        .option('format', { alias: 'f', choices: ANALYZE_FORMATS, default: 'table', describe: 'Output format' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' })
        .option('dump-code', { type: 'boolean', describe: 'Print the simulation as the generated code the compiled engine runs (or why the interpreter runs it), and exit' }),
    )
      .example('$0 analyze examples/order-fulfilment.yaml', 'Terminal table with the recommendation')
      .example('$0 analyze examples/order-fulfilment.yaml --format json --out report.json', 'JSON report v1 to a file')
      .example('$0 analyze examples/order-fulfilment.yaml -f html -o report.html', 'One self-contained HTML page with charts (-f markdown: GitHub Markdown)')
      .example('$0 analyze workload.yaml --samples 100000 --seed 7 --free-tier', 'More samples, another seed, free tier applied')
      .example('$0 analyze workload.yaml --precision 1%', 'Simulate until every monthly cost is within ±1% (95% interval), at most 1,000,000 samples')
      .example('$0 analyze workload.yaml --discount 17 --pricing my-rates.yaml', 'Negotiated rates and a Savings Plan'),
  async run(args, io) {
    if (args['dump-code'] === true) return dumpCode(args, io);
    const out = optionalString(args, 'out');
    // A target that will be refused is refused before the simulation.
    if (out !== undefined) checkOutputFile(out);
    const options = analysisOptionsFrom(args);
    // No more threads than chunks (a thread's unit of work).
    const workers = Math.min(threadsFrom(args, io), chunksOf(options.samples).length);
    // A large run starts its worker threads first, so that their start-up overlaps with reading the
    // workload (not a precision-driven one: it starts them only if its first chunk does not settle it).
    const started = workers > 1 && options.samples >= PARALLEL_MIN_SAMPLES && options.precision === undefined ? new SimulationWorkers(workers) : undefined;
    let report;
    let workload;
    let catalog;
    let pricingNotes: string[] = [];
    try {
      const file = String(args['file']);
      workload = loadWorkloadFile(file, { files: projectFor(args, file) });
      for (const warning of workload.warnings ?? []) io.stderr(`flowcost: warning: ${terminalText(warning)}\n`);
      catalog = catalogFrom(args);
      pricingNotes = warnAboutPricing(io, catalog, workload.region);
      const onProgress = progressReporter(io, options.samples);
      report = await analyzeInParallel(workload, catalog, {
        ...options,
        workers,
        ...(started ? { started } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
    } finally {
      started?.close();
    }
    report = withPricingNotes(report, pricingNotes);
    if (args['format'] === 'markdown' || args['format'] === 'html') return richReport(args['format'], workload, catalog, report).then((text) => emit(io, text, out));
    const text = args['format'] === 'json' ? renderJson(report) : renderTable(report, { color: out === undefined && useColor(io) });
    return emit(io, text, out);
  },
};

/** Prints `text`, or writes it atomically to `out` and says so on stderr. */
export function emit(io: CliIo, text: string, out: string | undefined): number {
  if (out === undefined) {
    io.stdout(text);
  } else {
    writeOutputAtomically(out, text);
    io.stderr(`flowcost: wrote ${terminalText(out)}\n`);
  }
  return 0;
}

/**
 * `--dump-code`: the generated code of the workload (numbers and table indexes only): the run
 * function of its plan, then the metering of the architectures analysed.
 */
function dumpCode(args: ParsedArgs, io: CliIo): number {
  const file = String(args['file']);
  const workload = loadWorkloadFile(file, { files: projectFor(args, file) });
  const compiled = compilePlan(workload);
  const generated = generateSource(compiled);
  if (!generated) {
    io.stdout(`// The interpreter (src/engine/run.ts) runs this workload: ${notCompilable(compiled) ?? 'it is not compiled'}.\n`);
    return 0;
  }
  io.stdout(
    `// flowcost: the simulation of one execution, generated from the workload's state graph (src/engine/codegen.ts).\n` +
      `${generated.source}\n`,
  );
  const plan = planAnalysis(workload, catalogFrom(args), analysisOptionsFrom(args));
  const meter = new ChunkSimulator(workload, plan.architectures, undefined, 'compiled').meterSource;
  if (meter) {
    io.stdout(
      `\n// flowcost: the metering of one execution in ${plan.architectures.map((a) => a.id).join(', ')} (src/engine/meter-codegen.ts).\n${meter}\n`,
    );
  }
  return 0;
}
