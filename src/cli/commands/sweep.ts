/**
 * `flowcost sweep FILE --vary PARAM=FROM..TO`: the analysis across a range of one parameter, and
 * where the answer changes; with a second `--vary`, the decision map: which architecture wins where.
 */
import { FlowcostError } from '../../errors/problem.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { checkOutputFile } from '../../io/write-output.js';
import { parseVary, type VarySpec } from '../../sweep/parameter.js';
import { decisionMapInParallel } from '../../sweep/decision-map-parallel.js';
import { renderSweepJson, renderSweepMarkdown, renderSweepTable } from '../../sweep/render.js';
import { SWEEP_SCALES, sweep, type SweepScale } from '../../sweep/sweep.js';
import { analysisOptionsFrom, catalogFrom, threadsFrom, warnAboutPricing, withAnalysisOptions } from '../analysis-options.js';
import { optionalString, type CommandModule } from '../command.js';
import { progressReporter } from '../progress.js';
import { projectFor } from '../project-root.js';
import { emit } from './analyze.js';

export const SWEEP_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
const MAX_STEPS = 200;
const DEFAULT_STEPS = 10;
/** A decision map's volume axis costs no simulation: it gets more points by default. */
const MAP_VOLUME_STEPS = 25;

export const sweepCommand: CommandModule = {
  command: 'sweep <file>',
  describe: 'Re-run the analysis across a range of one parameter (cost, feasibility, crossovers), or of two: a decision map of where each architecture wins',
  builder: (y) =>
    withAnalysisOptions(
      y
        .positional('file', { type: 'string', describe: 'Workload YAML file', demandOption: true })
        .option('vary', {
          type: 'string',
          demandOption: true,
          describe:
            'PARAM=FROM..TO, once or twice (twice: a decision map); PARAM: executionsPerMonth, lambda.memoryMb, steps.<name>.duration (its median), steps.<name>.memoryMb, steps.<name>.failureRate, steps.<name>.items',
        })
        .option('steps', { type: 'number', describe: `Grid points from FROM to TO, on each axis (2–${MAX_STEPS}; default 10, and 25 on a map's volume axis, which costs no simulation)` })
        .option('scale', { choices: SWEEP_SCALES, describe: 'Grid spacing (default: log for executionsPerMonth, linear otherwise)' })
        .option('format', { alias: 'f', choices: SWEEP_FORMATS, default: 'table', describe: 'Output format' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the result to this file (atomically) instead of stdout' }),
    )
      .example('$0 sweep examples/webhook-with-delay.yaml --vary executionsPerMonth=10k..100M', 'Where the architectures swap places as volume grows')
      .example('$0 sweep examples/order-fulfilment.yaml --vary steps.charge-card.duration=1s..20m -f html -o sweep.html', 'When does one function stop fitting?')
      .example(
        "$0 sweep examples/order-fulfilment.yaml --vary executionsPerMonth=10k..100M --vary 'steps.manager-approval.duration=1m..1d' -f html -o map.html",
        'A decision map: which architecture wins at each volume and approval time',
      ),
  async run(args, io) {
    const out = optionalString(args, 'out');
    if (out !== undefined) checkOutputFile(out);
    const file = String(args['file']);
    const texts = ([] as unknown[]).concat(args['vary']).map(String);
    if (texts.length > 2) {
      throw new FlowcostError([{ code: 'usage', message: `--vary is given ${texts.length} times; a sweep varies one parameter, a decision map two`, hint: 'keep one or two --vary options' }]);
    }
    const workload = loadWorkloadFile(file, { files: projectFor(args, file) });
    const varies = texts.map((text) => parseVary(text, workload));
    const given = args['steps'] === undefined ? undefined : Number(args['steps']);
    if (given !== undefined && !(Number.isInteger(given) && given >= 2 && given <= MAX_STEPS)) {
      throw new FlowcostError([{ code: 'usage', message: `--steps must be a whole number from 2 to ${MAX_STEPS} (got ${String(args['steps'])})`, hint: 'the default of 10 points is usually enough: crossovers are bisected between them' }]);
    }
    const scaleOf = (vary: VarySpec): SweepScale => (args['scale'] as SweepScale | undefined) ?? (vary.parameter.kind === 'executionsPerMonth' ? 'log' : 'linear');
    if (args['precision'] !== undefined) {
      // issue 19.3: every point of a sweep runs the same samples (common random numbers); a stop rule per point would break that.
      throw new FlowcostError([{ code: 'usage', message: '--precision is not available for sweep: every point runs the same --samples', hint: 'give --samples (default 10,000), or run analyze --precision on one point' }]);
    }
    const options = analysisOptionsFrom(args);
    const catalog = catalogFrom(args);
    warnAboutPricing(io, catalog, workload.region);
    const format = String(args['format']);
    if (varies.length === 2) {
      const pair = [varies[0]!, varies[1]!] as const;
      const steps = pair.map((v) => given ?? (v.parameter.kind === 'executionsPerMonth' ? MAP_VOLUME_STEPS : DEFAULT_STEPS)) as [number, number];
      const simulations = pair.some((v) => v.parameter.kind === 'executionsPerMonth') ? Math.min(...steps) : steps[0] * steps[1];
      const bar = progressReporter(io, simulations * options.samples);
      // Its cells on every thread (the map is the same on one): decision-map-parallel.ts.
      const result = await decisionMapInParallel(workload, catalog, pair, {
        threads: threadsFrom(args, io),
        steps,
        scales: [scaleOf(pair[0]), scaleOf(pair[1])],
        analyze: options,
        ...(bar ? { onProgress: (done: number, total: number) => bar(done * options.samples, total * options.samples) } : {}),
      });
      const maps = await import('../../sweep/render-map.js');
      if (format === 'json') return emit(io, maps.renderMapJson(result), out);
      if (format === 'markdown') return emit(io, maps.renderMapMarkdown(result, pair), out);
      if (format === 'html') return emit(io, await maps.renderMapHtml(result, pair), out);
      return emit(io, maps.renderMapTable(result, pair), out);
    }
    const vary = varies[0]!;
    const steps = given ?? DEFAULT_STEPS;
    const bar = progressReporter(io, steps * options.samples);
    const result = sweep(workload, catalog, vary, {
      steps,
      scale: scaleOf(vary),
      analyze: options,
      ...(bar ? { onProgress: (done: number, total: number) => bar(done * options.samples, total * options.samples) } : {}),
    });
    switch (format) {
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
