/**
 * `flowcost calibrate WORKLOAD --from SOURCE [--from SOURCE …] --out CALIBRATED.yaml`: reads
 * execution histories, Lambda logs and Power Tuning results (streamed, in bounded memory), fits
 * what they show (src/calibrate) and writes the workload back with measured numbers.
 *
 * This file is the I/O side: arguments, files and directories, the progress bar, the summary.
 */
import { closeSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { calibrate, type BoundSource, type Calibration, type Edit } from '../../calibrate/apply.js';
import { FIT_METHOD_LABELS } from '../../calibrate/fit.js';
import { count, plural, shortDuration } from '../../calibrate/format.js';
import { HistoryAnalyzer, historyEventKey, historyFieldKey, HistoryFileReader, type HistoryStats } from '../../calibrate/history.js';
import { emitParsed, JsonSyntaxError, JsonUnitReader, type JsonUnitHandler, type JsonUnitOptions } from '../../calibrate/json-stream.js';
import { BoundSourceReader, boundFieldKey, LambdaLogStats, LineSplitter, logEventKey, MAX_BOUND_STRING, readLogLine } from '../../calibrate/lambda-logs.js';
import { printable, SourceProblem } from '../../calibrate/problems.js';
import { bindableNames, machineTargets, stepTargets, type WorkloadTargets } from '../../calibrate/targets.js';
import { applyEdits } from '../../calibrate/yaml-edit.js';
import { closest, FlowcostError, type Problem } from '../../errors/problem.js';
import { loadDefinitionFile } from '../../io/load-definition.js';
import { parseWorkload } from '../../io/load-workload.js';
import { readTextFile } from '../../io/read-text.js';
import { writeOutputAtomically } from '../../io/write-output.js';
import { parseYamlSource } from '../../io/yaml-source.js';
import { optionalString, type CommandModule } from '../command.js';
import { projectFor, withRootOption } from '../project-root.js';
import type { ProjectFiles } from '../../io/project-files.js';
import type { CliIo } from '../io.js';
import { localeNumber } from '../../report/locale-number.js';

export const CALIBRATE_FORMATS = ['table', 'json'] as const;

/** Bytes read at a time: memory stays bounded whatever the size of a file. */
const CHUNK_BYTES = 1 << 20;
/** One buffer for every file (decoded text is copied out of it at once). */
let readBuffer: Buffer | undefined;
/** Sources smaller than this finish too fast for a progress bar to help. */
const MIN_BYTES_FOR_BAR = 32 * CHUNK_BYTES;

export const calibrateCommand: CommandModule = {
  command: 'calibrate <file>',
  describe: 'Fit a workload to what it really did: Step Functions execution histories, Lambda logs, AWS Lambda Power Tuning results',
  builder: (y) =>
    withRootOption(y)
      .positional('file', { type: 'string', describe: 'Workload YAML file (steps or an imported stateMachine)', demandOption: true })
      .option('from', {
        type: 'string',
        array: true,
        demandOption: true,
        describe:
          'A source. Execution histories: a file or a directory of files (aws stepfunctions get-execution-history --output json). ' +
          'NAME=FILE: Lambda logs (REPORT lines, filter-log-events JSON or platform.report records) or an AWS Lambda Power Tuning result of the task NAME; FILE may be a directory',
      })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the calibrated workload to this file (atomically) instead of stdout' })
      .option('volume-from-history', { type: 'boolean', default: false, describe: 'Also set executionsPerMonth from the executions the histories span' })
      .option('format', { alias: 'f', choices: CALIBRATE_FORMATS, default: 'table', describe: 'Summary: a table on stderr, or JSON on stdout (with --out)' })
      .example('$0 calibrate workload.yaml --from histories/ --out calibrated.yaml', 'Durations, failures, Choice and Map numbers from a week of execution histories')
      .example('$0 calibrate workload.yaml --from histories/ --from charge-card=logs/charge-card.txt --out calibrated.yaml', 'Plus a task\'s REPORT lines: its duration, cold starts and memory')
      .example('$0 calibrate workload.yaml --from resize=power-tuning.json --out calibrated.yaml', 'A duration-versus-memory curve from AWS Lambda Power Tuning')
      .example('$0 calibrate workload.yaml --from histories/ --volume-from-history -o calibrated.yaml', 'Executions per month from the time the histories span'),
  run(args, io) {
    const file = String(args['file']);
    const out = optionalString(args, 'out');
    const format = args['format'] === 'json' ? 'json' : 'table';
    if (format === 'json' && out === undefined) {
      throw usage('--format json prints the summary on stdout, where the calibrated workload would go', 'add --out CALIBRATED.yaml');
    }
    const text = readTextFile(file);
    // What the workload names (its definition) is read only inside its project.
    const files = projectFor(args, file);
    parseWorkload(text, file, { files });
    const data = parseYamlSource(text, file).data;
    const targets = targetsOf(data, file, files);
    const sources = parseSources((args['from'] as unknown[] | undefined)?.map(String) ?? [], targets);

    const progress = progressBar(io, sources.reduce((sum, s) => sum + s.files.reduce((n, f) => n + f.bytes, 0), 0));
    const historySources = sources.filter((s) => s.name === undefined);
    let histories: { stats: HistoryStats; label: string } | undefined;
    if (historySources.length > 0) {
      const analyzer = new HistoryAnalyzer(targets.catalog);
      for (const source of historySources) {
        for (const f of source.files) {
          const reader = new HistoryFileReader(analyzer, f.path);
          readSource(f.path, progress, (mode) => {
            if (mode === 'text') throw new SourceProblem('this is not JSON: execution histories are the JSON of aws stepfunctions get-execution-history', 'Lambda logs are bound to a task: --from NAME=FILE');
            return jsonConsumer(reader, HISTORY_OPTIONS, () => reader.end());
          });
        }
      }
      const left = analyzer.finish();
      if (left) throw sourceError(left.source, left.problem);
      histories = { stats: analyzer.stats, label: labelOf(historySources.map((s) => s.given)) };
    }

    const bound = new Map<string, BoundSource & { readonly files: number }>();
    for (const name of [...new Set(sources.filter((s) => s.name !== undefined).map((s) => s.name!))]) {
      const given = sources.filter((s) => s.name === name);
      const logs = new LambdaLogStats();
      const reader = new BoundSourceReader(logs);
      const files = given.flatMap((s) => s.files);
      for (const f of files) {
        readSource(f.path, progress, (mode) =>
          mode === 'json'
            ? jsonConsumer(reader, BOUND_OPTIONS, () => {})
            : lineConsumer(logs),
        );
      }
      if (logs.reports === 0 && !reader.powerTuning) {
        const where = files.length === 1 ? files[0]!.path : given[0]!.given;
        throw sourceError(
          where,
          new SourceProblem(
            `no REPORT line, platform.report record or Power Tuning result in ${files.length === 1 ? 'this file' : `these ${count(files.length)} files`} for "${printable(name, 60)}"`,
            'Lambda writes a REPORT line after every invocation: export the function\'s log group with aws logs filter-log-events --log-group-name /aws/lambda/FUNCTION --output json',
          ),
        );
      }
      bound.set(name, { label: labelOf(given.map((s) => s.given)), logs, powerTuning: reader.powerTuning, files: files.length });
    }
    progress?.done();

    let result: Calibration;
    try {
      result = calibrate({ targets, data, histories, bound, volumeFromHistory: args['volume-from-history'] === true });
    } catch (error) {
      if (error instanceof SourceProblem) throw sourceError(histories?.label ?? file, error);
      throw error;
    }
    const moved = out === undefined ? undefined : definitionMoved(data, file, out);
    const calibrated = applyEdits(text, moved ? [...result.edits, moved.edit] : result.edits);
    try {
      parseWorkload(calibrated, out ?? file, { files });
    } catch (error) {
      if (!(error instanceof FlowcostError)) throw error;
      // The sources held values the workload format refuses (a wait of centuries, say): nothing is written.
      throw new FlowcostError(
        error.problems.map((p) => ({
          code: 'calibration-source' as const,
          file: histories?.label ?? file,
          message: `the calibrated workload would not be valid: ${p.path ? `${p.path}: ` : ''}${p.message}`,
          hint: 'check the sources: their numbers are outside what a workload can hold',
        })),
      );
    }

    const summary = summaryOf(file, out, targets, histories, bound, moved ? { ...result, notes: [...result.notes, moved.note] } : result);
    if (out !== undefined) writeOutputAtomically(out, calibrated);
    else io.stdout(calibrated);
    if (format === 'json') io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stderr(renderSummary(summary));
    if (out !== undefined) io.stderr(`flowcost: wrote ${out}\n`);
    return 0;
  },
};

// ── the workload ───────────────────────────────────────────────────────────────

/** The states calibration can write to; a definition is read inside the workload's project (it was checked there already). */
function targetsOf(data: unknown, file: string, files: ProjectFiles): WorkloadTargets {
  const machine = (data as { stateMachine?: { definition: string; resource?: string } }).stateMachine;
  if (!machine) return stepTargets(data);
  const path = isAbsolute(machine.definition) ? machine.definition : join(dirname(file), machine.definition);
  return machineTargets(data, loadDefinitionFile(path, machine.resource, files).definition.root);
}

/**
 * A relative `stateMachine.definition` is relative to the workload file: written elsewhere, the
 * calibrated workload gets the path from its own directory.
 */
function definitionMoved(data: unknown, file: string, out: string): { edit: Edit; note: string } | undefined {
  const machine = (data as { stateMachine?: { definition: string } }).stateMachine;
  if (!machine || isAbsolute(machine.definition)) return undefined;
  const target = resolve(dirname(file), machine.definition);
  const path = relative(resolve(dirname(out)), target).split(sep).join('/');
  const portable = path.startsWith('.') ? path : `./${path}`;
  if (resolve(dirname(out), portable) === resolve(dirname(file), machine.definition) && dirname(resolve(out)) === dirname(resolve(file))) return undefined;
  return {
    edit: {
      at: ['stateMachine'],
      key: 'definition',
      value: portable,
      comment: 'relative to this file (the calibrated workload is in another directory)',
      field: 'stateMachine.definition',
      shown: portable,
      source: file,
      observations: 0,
    },
    note: `stateMachine.definition is now ${printable(portable)}, relative to ${printable(out)}`,
  };
}

// ── --from ─────────────────────────────────────────────────────────────────────

interface SourceFile {
  readonly path: string;
  readonly bytes: number;
}

interface Source {
  /** The --from value as given (for messages and comments). */
  readonly given: string;
  /** The task it is bound to; undefined for histories. */
  readonly name: string | undefined;
  readonly files: readonly SourceFile[];
}

function parseSources(values: readonly string[], targets: WorkloadTargets): Source[] {
  if (values.length === 0) throw usage('calibrate needs at least one --from SOURCE', 'give execution histories (--from histories/) or NAME=FILE for Lambda logs and Power Tuning results');
  const bindable = bindableNames(targets);
  return values.map((value) => {
    const eq = value.indexOf('=');
    // A path that exists is a path, even with an "=" in it.
    if (eq <= 0 || exists(value)) return { given: value, name: undefined, files: filesOf(value, value, true) };
    const name = value.slice(0, eq);
    const path = value.slice(eq + 1);
    const target = targets.byName.get(name);
    if (!target || !bindable.includes(name)) {
      const suggestion = closest(name, bindable);
      const what = target ? `"${printable(name, 60)}" is not a Lambda task (it is ${target.kind === 'task' ? 'a task that calls another service' : `a ${target.kind}`})` : `the workload has no task named "${printable(name, 60)}"`;
      throw new FlowcostError([
        {
          code: 'usage',
          file: path,
          message: `--from ${printable(value, 120)}: ${what}`,
          ...(bindable.length > 0 ? { expected: `one of ${bindable.slice(0, 12).map((n) => printable(n, 40)).join(', ')}${bindable.length > 12 ? ', …' : ''}` } : {}),
          hint: suggestion ? `did you mean "${printable(suggestion, 60)}"?` : 'bind Lambda logs and Power Tuning results to the Lambda task they measure: --from NAME=FILE',
        },
      ]);
    }
    if (path === '') throw usage(`--from ${printable(value, 120)}: no file after "="`, `give the file: --from ${printable(name, 60)}=logs.txt`);
    return { given: path, name, files: filesOf(path, path, false) };
  });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A regular file, or the regular files of a directory (histories: its .json files), sorted by name. */
function filesOf(path: string, given: string, histories: boolean): SourceFile[] {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowcostError([{ code: 'file-read', file: given, message: code === 'ENOENT' ? 'no such file or directory' : `cannot read it (${code ?? 'unknown error'})`, hint: 'check the path given to --from' }]);
  }
  if (stat.isFile()) return [{ path, bytes: stat.size }];
  if (!stat.isDirectory()) {
    throw new FlowcostError([{ code: 'file-read', file: given, message: 'this is neither a regular file nor a directory', hint: 'give a file or a directory of files; pipes and devices are not read' }]);
  }
  const files: SourceFile[] = [];
  for (const entry of readdirSync(path).sort()) {
    if (entry.startsWith('.')) continue;
    if (histories && !entry.toLowerCase().endsWith('.json')) continue;
    const full = join(path, entry);
    let entryStat: Stats;
    try {
      entryStat = statSync(full);
    } catch {
      continue;
    }
    if (entryStat.isFile()) files.push({ path: full, bytes: entryStat.size });
  }
  if (files.length === 0) {
    throw new FlowcostError([{ code: 'file-read', file: given, message: `the directory holds no ${histories ? '.json files' : 'files'}`, hint: histories ? 'save each history as NAME.json' : 'give the directory the log files were exported to' }]);
  }
  return files;
}

function labelOf(given: readonly string[]): string {
  const unique = [...new Set(given)];
  return unique.length === 1 ? unique[0]! : `${unique[0]} and ${plural(unique.length - 1, 'more source')}`;
}

// ── reading ────────────────────────────────────────────────────────────────────

interface Consumer {
  write(text: string): void;
  end(): void;
}

const HISTORY_OPTIONS: JsonUnitOptions = { eventKeys: historyEventKey, fieldKeys: historyFieldKey, maxStringLength: 4_096, maxItems: 100_000, maxDepth: 64 };
const BOUND_OPTIONS: JsonUnitOptions = { eventKeys: logEventKey, fieldKeys: boundFieldKey, maxStringLength: MAX_BOUND_STRING, maxItems: 100_000, maxDepth: 64 };

/**
 * A small file is read whole and parsed natively (several times faster), then walked through the
 * same allowlists; a larger one, or one JSON.parse refuses (JSON Lines, a syntax error to locate),
 * goes through the streaming reader. Either way memory stays bounded by WHOLE_FILE_CHARS.
 */
const WHOLE_FILE_CHARS = 4 << 20;

function jsonConsumer(handler: JsonUnitHandler, options: JsonUnitOptions, onEnd: () => void): Consumer {
  let whole: string | undefined = '';
  let reader: JsonUnitReader | undefined;
  const stream = () => (reader ??= new JsonUnitReader(handler, options));
  return {
    write: (t) => {
      if (whole !== undefined && whole.length + t.length <= WHOLE_FILE_CHARS) {
        whole += t;
        return;
      }
      if (whole !== undefined) {
        stream().write(whole);
        whole = undefined;
      }
      stream().write(t);
    },
    end: () => {
      if (whole !== undefined) {
        let parsed: unknown;
        let ok = true;
        try {
          parsed = JSON.parse(whole);
        } catch {
          ok = false;
        }
        if (ok) emitParsed(parsed, handler, options);
        else {
          stream().write(whole);
          stream().end();
        }
      } else {
        stream().end();
      }
      onEnd();
    },
  };
}

function lineConsumer(logs: LambdaLogStats): Consumer {
  const splitter = new LineSplitter(
    (line) => readLogLine(line, logs, 'text'),
    () => logs.overlongLines++,
  );
  return splitter;
}

/**
 * Streams one file through the consumer chosen by its first non-blank character ("{" or "[":
 * JSON, anything else: text), in chunks of CHUNK_BYTES. Problems name the file (and line).
 */
function readSource(path: string, progress: Progress | undefined, choose: (mode: 'json' | 'text') => Consumer): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new FlowcostError([{ code: 'file-read', file: path, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, hint: 'check the file permissions' }]);
  }
  const buffer = (readBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let consumer: Consumer | undefined;
  let held = '';
  const feed = (text: string): void => {
    if (consumer) {
      consumer.write(text);
      return;
    }
    held += text;
    const first = held.search(/[^\s\uFEFF]/);
    if (first === -1 && held.length < CHUNK_BYTES) return;
    consumer = choose(first !== -1 && (held[first] === '{' || held[first] === '[') ? 'json' : 'text');
    const pending = held;
    held = '';
    consumer.write(pending);
  };
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const bytes = buffer.subarray(0, n);
      if (bytes.includes(0)) throw new SourceProblem('the file is binary, not text', 'decompress it first (an export may be gzipped: gunzip FILE.gz)');
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw new SourceProblem('the file is not UTF-8 text', 'AWS exports are UTF-8: give the file as the AWS CLI wrote it');
      }
      feed(text);
      progress?.advance(n);
    }
    feed(decoder.decode());
    if (!consumer) {
      if (held.trim() === '') throw new SourceProblem('the file is empty', 'give an export with content');
      consumer = choose('text');
      consumer.write(held);
    }
    consumer.end();
  } catch (error) {
    if (error instanceof SourceProblem) throw sourceError(path, error);
    if (error instanceof JsonSyntaxError) {
      throw new FlowcostError([
        { code: 'calibration-source', file: path, line: error.line, column: error.column, message: `invalid JSON: ${error.message}`, hint: 'give the file as the AWS CLI wrote it (--output json)' },
      ]);
    }
    throw error;
  } finally {
    closeSync(fd);
  }
}

function sourceError(file: string, problem: SourceProblem): FlowcostError {
  const p: Problem = {
    code: 'calibration-source',
    file,
    ...(problem.where.line !== undefined ? { line: problem.where.line, column: problem.where.column ?? 1 } : {}),
    message: problem.message,
    hint: problem.hint,
  };
  return new FlowcostError([p]);
}

function usage(message: string, hint: string): FlowcostError {
  return new FlowcostError([{ code: 'usage', message, hint }]);
}

// ── progress ───────────────────────────────────────────────────────────────────

interface Progress {
  advance(bytes: number): void;
  done(): void;
}

/** A bar on stderr while reading, only on a terminal, outside CI, and for sources worth it. */
export function progressBar(io: CliIo, totalBytes: number): Progress | undefined {
  if (!io.stderrIsTTY || io.env['CI'] || totalBytes < MIN_BYTES_FOR_BAR) return undefined;
  const width = Math.max(10, Math.min(40, io.stderrColumns - 40));
  let read = 0;
  let shown = -1;
  const draw = () => {
    const share = Math.min(1, read / totalBytes);
    const percentDone = Math.floor(share * 100);
    if (percentDone === shown) return;
    shown = percentDone;
    const filled = Math.round(share * width);
    io.stderr(`\r  reading sources [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percentDone).padStart(3)}% of ${localeNumber(Math.round(totalBytes / 1e6))} MB`);
  };
  return {
    advance(bytes) {
      read += bytes;
      draw();
    },
    done() {
      io.stderr(`\r${' '.repeat(width + 50)}\r`);
    },
  };
}

// ── summary ────────────────────────────────────────────────────────────────────

interface Summary {
  readonly workload: string;
  readonly out: string | null;
  readonly form: WorkloadTargets['form'];
  readonly histories: {
    readonly sources: string;
    readonly executions: number;
    readonly events: number;
    readonly statuses: Record<string, number>;
    readonly executionDurationMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number } | null;
    readonly spanMs: number;
  } | null;
  readonly bound: readonly {
    readonly name: string;
    readonly sources: string;
    readonly files: number;
    readonly invocations: number;
    readonly coldStarts: number;
    readonly failures: number;
    readonly powerTuningPoints: number;
  }[];
  readonly calibrated: readonly {
    readonly field: string;
    readonly value: string;
    readonly source: string;
    readonly observations: number;
    readonly method?: string;
    readonly ksDistance?: number;
  }[];
  /** Observed but not part of the workload format (the model derives them): Parallel branches, Map iterations, retries. */
  readonly observed: readonly string[];
  readonly unobserved: readonly string[];
  readonly notes: readonly string[];
}

function summaryOf(
  file: string,
  out: string | undefined,
  targets: WorkloadTargets,
  histories: { stats: HistoryStats; label: string } | undefined,
  bound: ReadonlyMap<string, BoundSource & { readonly files: number }>,
  result: Calibration,
): Summary {
  const observed: string[] = [];
  if (histories) {
    for (const target of targets.targets) {
      const s = histories.stats.states.get(target.name);
      if (!s) continue;
      if (s.branches.size > 0) {
        const parts = [...s.branches.entries()].map(([first, obs]) => `${printable(first, 40)} p50 ${shortDuration(obs.quantile(0.5))} p99 ${shortDuration(obs.quantile(0.99))}`);
        observed.push(`${target.label}: branches ${parts.join('; ')}; whole state p50 ${shortDuration(s.duration.quantile(0.5))}`);
      }
      if (s.iteration.count > 0) observed.push(`${target.label}: ${plural(s.iteration.count, 'iteration')}, p50 ${shortDuration(s.iteration.quantile(0.5))}, p99 ${shortDuration(s.iteration.quantile(0.99))}`);
      if (s.retries > 0) observed.push(`${target.label}: ${plural(s.retries, 'retry', 'retries')} in ${plural(s.attempts, 'attempt')}`);
      if (s.aborted > 0) observed.push(`${target.label}: aborted ${plural(s.aborted, 'time')} (a Parallel branch or Map iteration failed elsewhere)`);
    }
  }
  const stats = histories?.stats;
  return {
    workload: file,
    out: out ?? null,
    form: targets.form,
    histories: stats
      ? {
          sources: histories!.label,
          executions: stats.executions,
          events: stats.events,
          statuses: Object.fromEntries(stats.statuses.ranked()),
          executionDurationMs:
            stats.executionDuration.count > 0
              ? {
                  p50: stats.executionDuration.quantile(0.5),
                  p95: stats.executionDuration.quantile(0.95),
                  p99: stats.executionDuration.quantile(0.99),
                  max: stats.executionDuration.max,
                }
              : null,
          spanMs: stats.executions > 0 ? stats.lastStartMs - stats.firstStartMs : 0,
        }
      : null,
    bound: [...bound.entries()].map(([name, b]) => ({
      name,
      sources: b.label,
      files: b.files,
      invocations: b.logs.reports,
      coldStarts: b.logs.coldStarts,
      failures: b.logs.failures,
      powerTuningPoints: b.powerTuning?.points.length ?? 0,
    })),
    calibrated: result.edits.map((e) => ({
      field: e.field,
      value: e.shown,
      source: e.source,
      observations: e.observations,
      ...(e.method ? { method: FIT_METHOD_LABELS[e.method] } : {}),
      ...(e.ks !== undefined ? { ksDistance: e.ks } : {}),
    })),
    observed,
    unobserved: result.unobserved,
    notes: result.notes,
  };
}

function renderSummary(s: Summary): string {
  const lines: string[] = [];
  const read: string[] = [];
  if (s.histories) {
    const statuses = Object.entries(s.histories.statuses).map(([k, n]) => `${count(n)} ${k.toLowerCase()}`).join(', ');
    read.push(`${plural(s.histories.executions, 'execution')} (${statuses}; ${plural(s.histories.events, 'event')}) from ${printable(s.histories.sources)}`);
  }
  for (const b of s.bound) {
    const what = [b.invocations > 0 ? plural(b.invocations, 'invocation') : '', b.powerTuningPoints > 0 ? 'a Power Tuning result' : ''].filter(Boolean).join(' and ');
    read.push(`${what} of ${printable(b.name, 60)} from ${printable(b.sources)}`);
  }
  lines.push(`flowcost calibrate ${printable(s.workload)}: ${read.join('; ')}`);
  if (s.histories?.executionDurationMs) {
    const d = s.histories.executionDurationMs;
    lines.push(`  executions took p50 ${shortDuration(d.p50)}, p95 ${shortDuration(d.p95)}, p99 ${shortDuration(d.p99)}, max ${shortDuration(d.max)}; started over ${shortDuration(s.histories.spanMs)}`);
  }
  if (s.calibrated.length === 0) lines.push('  nothing calibrated: the sources say nothing about this workload\'s values');
  const width = Math.min(48, Math.max(...s.calibrated.map((c) => printable(c.field, 60).length), 10));
  for (const c of s.calibrated) {
    const fit = c.method ? `  ${c.method}${c.ksDistance !== undefined ? ` (KS ${c.ksDistance})` : ''}` : '';
    lines.push(`  ${printable(c.field, 60).padEnd(width)}  ${c.value}${fit}  ← ${count(c.observations)} from ${printable(c.source)}`);
  }
  for (const o of s.observed) lines.push(`  observed: ${printable(o, 400)}`);
  if (s.unobserved.length > 0) lines.push(`  no observations (left as written): ${s.unobserved.map((u) => printable(u, 60)).join(', ')}`);
  for (const n of s.notes) lines.push(`  note: ${printable(n, 400)}`);
  return `${lines.join('\n')}\n`;
}

