/** `flowcost sweep FILE --vary PARAM=FROM..TO`: the analysis across a range of one parameter, and where the answer changes. */
import { FlowcostError } from '../../errors/problem.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { checkOutputFile } from '../../io/write-output.js';
import { parseVary } from '../../sweep/parameter.js';
import { renderSweepJson, renderSweepMarkdown, renderSweepTable } from '../../sweep/render.js';
import { SWEEP_SCALES, sweep, type SweepScale } from '../../sweep/sweep.js';
import { analysisOptionsFrom, catalogFrom, warnAboutPricing, withAnalysisOptions } from '../analysis-options.js';
import { optionalString, type CommandModule } from '../command.js';
import { progressReporter } from '../progress.js';
import { projectFor } from '../project-root.js';
import { emit } from './analyze.js';

export const SWEEP_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
const MAX_STEPS = 200;

export const sweepCommand: CommandModule = {
  command: 'sweep <file>',
  describe: 'Re-run the analysis across a range of one parameter; report cost, feasibility and the crossover points',
  builder: (y) =>
    withAnalysisOptions(
      y
        .positional('file', { type: 'string', describe: 'Workload YAML file', demandOption: true })
        .option('vary', {
          type: 'string',
          demandOption: true,
          describe:
            'PARAM=FROM..TO; PARAM: executionsPerMonth, lambda.memoryMb, steps.<name>.duration (its median), steps.<name>.memoryMb, steps.<name>.failureRate, steps.<name>.items',
        })
        .option('steps', { type: 'number', default: 10, describe: `Grid points from FROM to TO (2–${MAX_STEPS})` })
        .option('scale', { choices: SWEEP_SCALES, describe: 'Grid spacing (default: log for executionsPerMonth, linear otherwise)' })
        .option('format', { alias: 'f', choices: SWEEP_FORMATS, default: 'table', describe: 'Output format' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the result to this file (atomically) instead of stdout' }),
    )
      .example('$0 sweep examples/webhook-with-delay.yaml --vary executionsPerMonth=10k..100M', 'Where Express, Standard and one function swap places as volume grows')
      .example('$0 sweep examples/order-fulfilment.yaml --vary steps.charge-card.duration=1s..20m -f html -o sweep.html', 'When does one function stop fitting?'),
  async run(args, io) {
    const out = optionalString(args, 'out');
    if (out !== undefined) checkOutputFile(out);
    const file = String(args['file']);
    const workload = loadWorkloadFile(file, { files: projectFor(args, file) });
    const vary = parseVary(String(args['vary']), workload);
    const steps = Number(args['steps']);
    if (!(Number.isInteger(steps) && steps >= 2 && steps <= MAX_STEPS)) {
      throw new FlowcostError([{ code: 'usage', message: `--steps must be a whole number from 2 to ${MAX_STEPS} (got ${String(args['steps'])})`, hint: 'the default of 10 points is usually enough: crossovers are bisected between them' }]);
    }
    const scale: SweepScale = (args['scale'] as SweepScale | undefined) ?? (vary.parameter.kind === 'executionsPerMonth' ? 'log' : 'linear');
    const options = analysisOptionsFrom(args);
    const bar = progressReporter(io, steps * options.samples);
    const catalog = catalogFrom(args);
    warnAboutPricing(io, catalog, workload.region);
    const result = sweep(workload, catalog, vary, {
      steps,
      scale,
      analyze: options,
      ...(bar ? { onProgress: (done: number, total: number) => bar(done * options.samples, total * options.samples) } : {}),
    });
    switch (args['format']) {
      case 'json':
        return emit(io, renderSweepJson(result), out);
      case 'markdown':
        return emit(io, renderSweepMarkdown(result, vary.parameter), out);
      case 'html': {
        const { renderSweepHtml } = await import('../../sweep/render-html.js');
        return emit(io, await renderSweepHtml(result, vary.parameter), out);
      }
      default:
        return emit(io, renderSweepTable(result, vary.parameter), out);
    }
  },
};
