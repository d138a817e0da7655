/**
 * `flowcost calibrate` end to end: every source kind on the fixtures, what the calibrated
 * workload keeps of the user's file, the bad inputs (each a clear error naming the file, exit 2,
 * nothing written to --out), and that no payload or log message ever comes out.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { progressBar } from '../../src/cli/commands/calibrate.js';
import type { CliIo } from '../../src/cli/io.js';
import { analyze } from '../../src/analyze.js';
import { parseWorkload } from '../../src/io/load-workload.js';
import { applyParameter } from '../../src/sweep/parameter.js';
import { arch, catalog } from '../helpers.js';
import { runCli } from '../helpers-cli.js';

const root = join(import.meta.dirname, '..', '..');
const F = join(root, 'test', 'fixtures', 'calibrate');
const fixture = (name: string) => join(F, name);
const SECRET = 'SECRET';

const temps: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-calibrate-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

type Raw = Record<string, Record<string, unknown>>;

describe('flowcost calibrate on the fixtures', () => {
  it('calibrates an imported state machine from histories, logs of all three formats and Power Tuning', async () => {
    const dir = temp();
    const out = join(dir, 'calibrated.yaml');
    const result = await runCli([
      'calibrate',
      fixture('scatter-gather.yaml'),
      '--from', fixture('scatter-gather-history-cli.json'),
      '--from', fixture('scatter-gather-history-api.json'),
      '--from', `Get quote=${fixture('get-quote-report.log')}`,
      '--from', `Validate order=${fixture('validate-order-filter-log-events.json')}`,
      '--from', `Validate order=${fixture('power-tuning-output.json')}`,
      '--out', out,
    ]);
    expect(result.stderr).toContain(`flowcost: wrote ${out}`);
    expect(result.code).toBe(0);
    const written = readFileSync(out, 'utf8');
    const data = parse(written) as { states: Raw; stateMachine: { definition: string } };
    const states = data.states;
    expect(states['Get quote']).toMatchObject({ memoryMb: 256, timeout: '3s', failureRate: 0.2, error: 'States.Timeout' });
    expect(states['Get quote']!['coldStarts']).toEqual({ probability: 0.2, init: '166.62ms' });
    expect(states['Validate order']).toMatchObject({ memoryMb: 512, durationByMemory: { 128: '1.19012s', 256: '601.7ms', 512: '310.2ms', 1024: '160.41ms', 1536: '148.9ms', 3008: '146.3ms' } });
    expect(states['Get quotes']).toEqual({ items: 2 });
    expect(states['Approve']).toMatchObject({ duration: '30ms', callbackWait: { p50: '3.5h', p95: '4.85h' } });
    expect(states['Is valid?']).toEqual({ next: { Ship: 0.5, Reject: 0.5 } });
    // The user's comments, key order and untouched values stay; each calibrated value says where it came from.
    expect(written).toContain('executionsPerMonth: 100000 # our estimate for next quarter');
    expect(written).toContain('# guessed from staging');
    expect(Object.keys(parse(written) as object)).toEqual(['name', 'region', 'executionsPerMonth', 'stateMachine', 'states']);
    expect(written).toMatch(/failureRate: 0\.2 # calibrated from 1 of 5 attempts failed, 1 retry \(.*scatter-gather-history-cli\.json and 1 more source, 2 executions\)/);
    expect(written).toMatch(/memoryMb: 256 # calibrated from the Memory Size of 5 invocations \(.*get-quote-report\.log\); was 128/);
    // Written elsewhere, the definition is found from there.
    expect(data.stateMachine.definition).toMatch(/examples\/imported\/scatter-gather\.asl\.json$/);
    expect((await runCli(['analyze', out, '--samples', '500'])).code).toBe(0);
  });

  it('calibrates a step tree\'s poll wait: the loop\'s time and the check\'s duration', async () => {
    const result = await runCli(['calibrate', fixture('polling.yaml'), '--from', fixture('poll-histories.json'), '--volume-from-history']);
    expect(result.code).toBe(0);
    const data = parse(result.stdout) as { executionsPerMonth: number; steps: Record<string, unknown>[] };
    expect(data.executionsPerMonth).toBe(731); // two starts an hour apart
    expect(data.steps[1]).toMatchObject({ wait: 'export-done', mode: 'poll', interval: '30s', check: { duration: '150ms' } });
    expect(data.steps[1]!['duration']).toEqual({ p50: '2.01092m', p95: '2.46338m' });
    expect(result.stdout).toContain('duration: { p50: 2.01092m, p95: 2.46338m } # calibrated from 2 polling loops, median 4 rounds (');
    expect(result.stdout).toContain('; was 10m (until the export is ready)');
    expect(result.stderr).toMatch(/steps\.export-done\.check\.duration +150ms/);
  });

  it('a Power Tuning curve makes the duration follow memory changes', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'w.yaml'), 'name: resize\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: resize\n    duration: 160ms\n    memoryMb: 1024\n');
    const result = await runCli(['calibrate', join(dir, 'w.yaml'), '--from', `resize=${fixture('power-tuning-output.json')}`, '-o', join(dir, 'c.yaml')]);
    expect(result.code).toBe(0);
    const workload = parseWorkload(readFileSync(join(dir, 'c.yaml'), 'utf8'), join(dir, 'c.yaml'));
    const p50At = (memoryMb: number) =>
      arch(analyze(applyParameter(workload, { kind: 'memoryMb', step: 'resize' }, memoryMb), catalog, { samples: 500, seed: 1, freeTier: false }), 'sfn-standard').durationMs.p50;
    expect(p50At(1024)).toBeCloseTo(160, 0);
    expect(p50At(512)).toBeCloseTo(160 * (310.2 / 160.41), 0);
    expect(p50At(128)).toBeCloseTo(160 * (1190.12 / 160.41), 0);
  });

  it('prints the workload on stdout without --out, and the summary as JSON with --format json', async () => {
    const plain = await runCli(['calibrate', fixture('polling.yaml'), '--from', fixture('poll-histories.json')]);
    expect(plain.stdout).toMatch(/^# A step tree with a poll wait/);
    expect(plain.stderr).toMatch(/^flowcost calibrate .*polling\.yaml: 2 executions \(2 succeeded; 96 events\)/);
    const dir = temp();
    const json = await runCli(['calibrate', fixture('polling.yaml'), '--from', fixture('poll-histories.json'), '-f', 'json', '-o', join(dir, 'c.yaml')]);
    const summary = JSON.parse(json.stdout);
    expect(summary.histories).toMatchObject({ executions: 2, events: 96, statuses: { Succeeded: 2 } });
    expect(summary.calibrated.find((c: { field: string }) => c.field === 'steps.export-done.check.duration')).toMatchObject({ observations: 8, method: 'fixed' });
    expect((await runCli(['calibrate', fixture('polling.yaml'), '--from', fixture('poll-histories.json'), '-f', 'json'])).code).toBe(2);
  });
});

/** Each bad input: exit 2, a message, the file it is about, no stack trace, and --out untouched. */
interface BadCase {
  readonly name: string;
  readonly workload: string;
  readonly from: (dir: string) => string[];
  readonly message: string | RegExp;
  readonly file: (dir: string) => string;
  readonly extra?: string[];
}

const history = (name: string) => readFileSync(fixture(name), 'utf8');
const withMachine = (content: string, machine: string) =>
  content.replace('"roleArn"', `"stateMachineVersionArn": "arn:aws:states:us-east-1:123456789012:stateMachine:${machine}:3", "roleArn"`);

const BAD: readonly BadCase[] = [
  {
    name: 'a truncated JSON file',
    workload: 'scatter-gather.yaml',
    from: (dir) => {
      const text = history('scatter-gather-history-cli.json');
      writeFileSync(join(dir, 'truncated.json'), text.slice(0, text.indexOf('SECRET', 2_000) + 3));
      return [join(dir, 'truncated.json')];
    },
    message: 'the text ends inside a string (the file is truncated)',
    file: (dir) => join(dir, 'truncated.json'),
  },
  {
    name: 'histories of two different state machines mixed (by their states)',
    workload: 'scatter-gather.yaml',
    from: (dir) => {
      mkdirSync(join(dir, 'h'));
      copyFileSync(fixture('scatter-gather-history-cli.json'), join(dir, 'h', 'a.json'));
      copyFileSync(fixture('poll-histories.json'), join(dir, 'h', 'b.json'));
      return [join(dir, 'h')];
    },
    message: /histories of two different state machines are mixed: .*b\.json names Task state "start-export".*but .*a\.json fits it/,
    file: (dir) => join(dir, 'h', 'b.json'),
  },
  {
    name: 'histories of two different state machines mixed (by their version ARNs)',
    workload: 'scatter-gather.yaml',
    from: (dir) => {
      writeFileSync(join(dir, 'a.json'), withMachine(history('scatter-gather-history-cli.json'), 'ScatterGather'));
      writeFileSync(join(dir, 'b.json'), withMachine(history('scatter-gather-history-cli.json'), 'OrdersV2'));
      return [join(dir, 'a.json'), join(dir, 'b.json')];
    },
    message: /this one is an execution of "OrdersV2", .*a\.json one of "ScatterGather"/,
    file: (dir) => join(dir, 'b.json'),
  },
  {
    name: 'logs with no REPORT line',
    workload: 'scatter-gather.yaml',
    from: (dir) => {
      writeFileSync(join(dir, 'app.log'), `START RequestId: 1 Version: $LATEST\n2026-03-02T09:00:00.000Z\t1\tINFO\tcard ${SECRET}-4111\nEND RequestId: 1\n`);
      return [`Get quote=${join(dir, 'app.log')}`];
    },
    message: 'no REPORT line, platform.report record or Power Tuning result in this file for "Get quote"',
    file: (dir) => join(dir, 'app.log'),
  },
  {
    name: 'a state name in --from NAME= that the workload does not have',
    workload: 'scatter-gather.yaml',
    from: () => [`Get qoute=${fixture('get-quote-report.log')}`],
    message: /the workload has no task named "Get qoute".*did you mean "Get quote"\?/s,
    file: () => fixture('get-quote-report.log'),
  },
  {
    name: 'a history whose states are not in the definition',
    workload: 'scatter-gather.yaml',
    from: () => [fixture('poll-histories.json')],
    message: /the history's states are not in the workload's definition: Task state "start-export", Wait state "export-done"/,
    file: () => fixture('poll-histories.json'),
  },
  {
    name: 'logs bound to a state that calls no Lambda function',
    workload: 'scatter-gather.yaml',
    from: () => [`Ship=${fixture('get-quote-report.log')}`],
    message: '"Ship" is not a Lambda task',
    file: () => fixture('get-quote-report.log'),
  },
  {
    name: 'Lambda logs given as histories',
    workload: 'scatter-gather.yaml',
    from: () => [fixture('get-quote-report.log')],
    message: 'this is not JSON',
    file: () => fixture('get-quote-report.log'),
  },
  {
    name: 'a Power Tuning result given as histories',
    workload: 'scatter-gather.yaml',
    from: () => [fixture('power-tuning-output.json')],
    message: 'this is an AWS Lambda Power Tuning result, not an execution history',
    file: () => fixture('power-tuning-output.json'),
  },
  {
    name: 'a compressed export',
    workload: 'scatter-gather.yaml',
    from: (dir) => {
      writeFileSync(join(dir, 'history.json'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]));
      return [join(dir, 'history.json')];
    },
    message: 'the file is binary, not text',
    file: (dir) => join(dir, 'history.json'),
  },
  {
    name: 'a missing source',
    workload: 'scatter-gather.yaml',
    from: (dir) => [join(dir, 'nowhere')],
    message: 'no such file or directory',
    file: (dir) => join(dir, 'nowhere'),
  },
  {
    name: '--volume-from-history with one execution',
    workload: 'scatter-gather.yaml',
    from: () => [fixture('scatter-gather-history-cli.json')],
    extra: ['--volume-from-history'],
    message: '--volume-from-history needs at least two executions started at different times',
    file: () => fixture('scatter-gather-history-cli.json'),
  },
];

describe('bad calibration inputs', () => {
  it.each(BAD)('$name → exit 2, a clear error naming the file, nothing written', async (bad) => {
    const dir = temp();
    const out = join(dir, 'out.yaml');
    writeFileSync(out, 'old\n');
    const result = await runCli(['calibrate', fixture(bad.workload), ...bad.from(dir).flatMap((f) => ['--from', f]), ...(bad.extra ?? []), '--out', out]);
    expect(result.code).toBe(2);
    if (typeof bad.message === 'string') expect(result.stderr).toContain(bad.message);
    else expect(result.stderr).toMatch(bad.message);
    expect(result.stderr).toContain(`${bad.file(dir)}`);
    expect(result.stderr).toMatch(/error\[(calibration-source|usage|file-read)\]/);
    expect(result.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    expect(result.stderr).not.toContain(SECRET);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
  });

  it('says where in a JSON file the problem is', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'broken.json'), '{\n  "events": [\n    { "id": 1, }\n  ]\n}\n');
    const result = await runCli(['calibrate', fixture('scatter-gather.yaml'), '--from', join(dir, 'broken.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'broken.json')}:3:16  error[calibration-source]: invalid JSON: expected a value before the closing bracket (a trailing comma?)`);
  });
});

describe('no customer data comes out', () => {
  it('inputs, outputs, parameters, causes and log lines appear nowhere in the output, stdout or stderr', async () => {
    const dir = temp();
    const out = join(dir, 'calibrated.yaml');
    const result = await runCli([
      'calibrate',
      fixture('scatter-gather.yaml'),
      '--from', fixture('scatter-gather-history-cli.json'),
      '--from', fixture('scatter-gather-history-api.json'),
      '--from', `Get quote=${fixture('get-quote-report.log')}`,
      '--from', `Get quote=${fixture('get-quote-json-format.log')}`,
      '--from', `Validate order=${fixture('validate-order-filter-log-events.json')}`,
      '--out', out,
    ]);
    expect(result.code).toBe(0);
    for (const name of ['scatter-gather-history-cli.json', 'get-quote-report.log', 'get-quote-json-format.log', 'validate-order-filter-log-events.json']) {
      expect(readFileSync(fixture(name), 'utf8')).toContain('SECRET-4111-1111-1111-1111');
    }
    for (const text of [readFileSync(out, 'utf8'), result.stdout, result.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('4111');
      expect(text).not.toContain('supplier b timed out');
    }
  });

  it('control characters from a source never reach the terminal or the workload', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'h.json'),
      history('scatter-gather-history-cli.json').replace('"error": "States.Timeout"', '"error": "Bad\\u001b[31m\\n::error::injected"'),
    );
    const result = await runCli(['calibrate', fixture('scatter-gather.yaml'), '--from', join(dir, 'h.json'), '-o', join(dir, 'c.yaml')]);
    expect(result.code).toBe(0);
    const written = readFileSync(join(dir, 'c.yaml'), 'utf8');
    for (const text of [written, result.stderr]) {
      expect(text).not.toContain('\u001b');
      expect(text).not.toMatch(/^::error::/m);
    }
    expect((parse(written) as { states: Raw }).states['Get quote']!['error']).toBe('Bad?[31m?::error::injected');
  });
});

describe('progress bar', () => {
  const io = (tty: boolean, env: Record<string, string> = {}) => {
    let stderr = '';
    const value: CliIo = { stdout: () => {}, stderr: (t) => (stderr += t), env, stdoutIsTTY: tty, stderrIsTTY: tty, stderrColumns: 100 };
    return { value, stderr: () => stderr };
  };

  it('shows on a terminal for large sources, by bytes read, and clears itself', () => {
    const terminal = io(true);
    const bar = progressBar(terminal.value, 64 * 1024 * 1024)!;
    bar.advance(32 * 1024 * 1024);
    bar.advance(32 * 1024 * 1024);
    bar.done();
    expect(terminal.stderr()).toContain('reading sources [');
    expect(terminal.stderr()).toContain(' 50% of 67 MB');
    expect(terminal.stderr()).toContain('100% of 67 MB');
    expect(terminal.stderr().endsWith('\r')).toBe(true);
  });

  it('stays off in a pipe, in CI and for small sources', () => {
    expect(progressBar(io(false).value, 1e9)).toBeUndefined();
    expect(progressBar(io(true, { CI: 'true' }).value, 1e9)).toBeUndefined();
    expect(progressBar(io(true).value, 1_000)).toBeUndefined();
  });
});

describe('the built binary', () => {
  const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');
  const flowcost = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('--help shows the options and examples', () => {
    const help = flowcost(['calibrate', '--help']);
    expect(help.status).toBe(0);
    for (const text of ['--from', '--out', '--volume-from-history', '--format', 'flowcost calibrate workload.yaml --from', 'Power Tuning']) expect(help.stdout).toContain(text);
  });

  it('calibrates from the command line', () => {
    const dir = temp();
    const run = flowcost(['calibrate', 'test/fixtures/calibrate/polling.yaml', '--from', 'test/fixtures/calibrate/poll-histories.json', '--out', join(dir, 'c.yaml')]);
    expect(run.stderr).toContain('flowcost: wrote');
    expect(run.status).toBe(0);
    expect(flowcost(['analyze', join(dir, 'c.yaml'), '--samples', '500']).status).toBe(0);
  });
});
