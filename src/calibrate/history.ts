/**
 * Step Functions execution histories → what each state did: durations per attempt, failures and
 * their errors, retries, Choice targets, Map item counts and iteration times, Wait and callback
 * times, Parallel branch times, and when each execution started.
 *
 * Event types and fields are the HistoryEvent API reference's
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html). Events
 * are linked by previousEventId: a state's own events (TaskScheduled → TaskStarted →
 * TaskSucceeded, a retry's TaskScheduled after TaskFailed, …) each point at the one before, a
 * state entered after another points at that one's *StateExited, and the first state of a
 * Parallel branch or a Map iteration points at ParallelStateStarted / MapIterationStarted. That
 * gives every event its state instance, even when Map iterations run at the same time.
 *
 * Only allowlisted fields are ever read (HISTORY_EVENT_KEYS): no input, output, parameters or
 * cause — histories hold customer data, and none of it may reach the calibrated workload.
 */
import { closest } from '../errors/problem.js';
import type { JsonObject, JsonUnitHandler, JsonValue } from './json-stream.js';
import { Observations, Tally } from './observations.js';
import { pollStateNames } from './poll-states.js';
import { printable, SourceProblem } from './problems.js';
import { timestampMs } from './timestamps.js';
import { localeNumber } from '../report/locale-number.js';

export const HISTORY_STATE_TYPES = ['Task', 'Wait', 'Choice', 'Parallel', 'Map', 'Pass', 'Succeed', 'Fail'] as const;
export type HistoryStateType = (typeof HISTORY_STATE_TYPES)[number];

/** How a Task attempt ran, from its events: request-response, `.sync`, `.waitForTaskToken`, or an activity. */
export type AttemptPattern = 'request' | 'sync' | 'callback' | 'activity';

/** Standard allows 25,000 events per execution; anything far beyond is not a history. */
export const MAX_EVENTS_PER_HISTORY = 100_000;

const DETAIL_KEYS = ['name', 'error', 'length', 'index', 'resource', 'resourceType', 'stateMachineVersionArn', 'stateMachineAliasArn'];
const EVENT_KEYS = new Set(['id', 'previousEventId', 'timestamp', 'type', 'ingestionTime', ...DETAIL_KEYS]);

/** Keys read from a history event (at any depth); everything else is skipped unread. */
export function historyEventKey(key: string): boolean {
  return EVENT_KEYS.has(key) || key.endsWith('EventDetails');
}

/** Keys read from the objects around events (to tell a history from other exports). */
export function historyFieldKey(key: string): boolean {
  return historyEventKey(key) || key === 'results' || key === 'power' || key === 'stats' || key === 'logStreamName' || key === 'record';
}

export interface CompactEvent {
  readonly id: number;
  readonly prev: number;
  readonly type: string;
  /** ms since the epoch. */
  readonly t: number;
  readonly name: string | undefined;
  readonly error: string | undefined;
  readonly length: number | undefined;
  readonly index: number | undefined;
  readonly resource: string | undefined;
  /** The state machine's name, from ExecutionStarted's version or alias ARN. */
  readonly machine: string | undefined;
}

/** A history event as read → its compact form, or a SourceProblem saying what is wrong with it. */
export function compactEvent(value: JsonValue, position: number): CompactEvent {
  const at = `event ${position + 1}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SourceProblem(`${at} is not an object`, 'give the JSON of aws stepfunctions get-execution-history');
  }
  const id = value['id'];
  const type = value['type'];
  if (typeof id !== 'number' || typeof type !== 'string') {
    const logs = 'ingestionTime' in value || 'logStreamName' in value;
    throw new SourceProblem(
      `${at} is not a Step Functions history event (it has no ${typeof id !== 'number' ? 'numeric id' : 'type'})`,
      logs
        ? 'this looks like CloudWatch Logs output: bind Lambda logs to a task with --from NAME=FILE'
        : 'give the JSON of aws stepfunctions get-execution-history --execution-arn … --output json',
    );
  }
  const t = timestampMs(value['timestamp']);
  if (t === undefined) {
    throw new SourceProblem(
      `${at} (${printable(type, 40)}) has no readable timestamp`,
      'timestamps are epoch seconds (1712567843.827) or ISO 8601 with an offset (2024-04-08T11:17:23.827000+02:00)',
    );
  }
  const details = detailsOf(value);
  const text = (key: string): string | undefined => {
    const v = details?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const num = (key: string): number | undefined => {
    const v = details?.[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const prev = value['previousEventId'];
  return {
    id,
    prev: typeof prev === 'number' ? prev : 0,
    type,
    t,
    name: text('name'),
    error: text('error'),
    length: num('length'),
    index: num('index'),
    resource: text('resource'),
    machine: machineName(text('stateMachineVersionArn') ?? text('stateMachineAliasArn')),
  };
}

function detailsOf(event: JsonObject): JsonObject | undefined {
  for (const key of Object.keys(event)) {
    const v = event[key];
    if (key.endsWith('EventDetails') && v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  }
  return undefined;
}

/** "arn:aws:states:us-east-1:123456789012:stateMachine:Orders:3" → "Orders". */
function machineName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const parts = arn.split(':');
  const i = parts.indexOf('stateMachine');
  return i >= 0 && parts[i + 1] ? parts[i + 1] : undefined;
}

/** What the workload says about the states a history may name. */
export interface StateCatalog {
  /** The state's type in the workload's definition, or undefined when there is no such state. */
  typeOf(name: string): HistoryStateType | undefined;
  /** A step tree's poll wait: a Wait state heading a Wait → check → Choice loop. */
  isPollWait(name: string): boolean;
  /** State types that may appear under any name (a step tree's exported Pass, Succeed and Fail states). */
  readonly freeTypes: ReadonlySet<HistoryStateType>;
  /** Every name, for "did you mean". */
  readonly names: readonly string[];
}

/** What was observed of one state, over every history. */
export class StateStats {
  entered = 0;
  aborted = 0;
  /** StateEntered → StateExited. */
  readonly duration = new Observations();
  /** Attempts that ended (succeeded, failed or timed out). */
  attempts = 0;
  failedAttempts = 0;
  retries = 0;
  readonly errors = new Tally<string>();
  /** One attempt's call: Started → end (request-response, .sync job), Started → Submitted (callback). */
  readonly call = new Observations();
  /** Until the task token came back: Submitted → end (callback), Scheduled → end (activity). */
  readonly callbackWait = new Observations();
  /** A callback task's whole wait: Scheduled → end. */
  readonly tokenWait = new Observations();
  readonly patterns = new Tally<AttemptPattern>(8);
  /** Choice: the state entered next. */
  readonly next = new Tally<string>();
  /** Map: MapStateStarted.length. */
  readonly items = new Observations();
  /** Map: MapIterationStarted → MapIterationSucceeded/Failed. */
  readonly iteration = new Observations();
  /** Parallel: each branch's time, keyed by the branch's first state. */
  readonly branches = new Map<string, Observations>();
  /** Poll wait: the whole loop, first Wait entered → last Choice exited. */
  readonly pollLoop = new Observations();
  readonly pollRounds = new Observations();

  constructor(
    readonly name: string,
    readonly type: HistoryStateType,
  ) {}
}

export const EXECUTION_STATUSES = ['Succeeded', 'Failed', 'TimedOut', 'Aborted', 'Running'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Everything observed, over every history read. */
export class HistoryStats {
  executions = 0;
  events = 0;
  readonly statuses = new Tally<ExecutionStatus>(8);
  firstStartMs = Infinity;
  lastStartMs = -Infinity;
  readonly executionDuration = new Observations();
  readonly states = new Map<string, StateStats>();
  /** Sources (files) that held at least one history. */
  readonly sources = new Set<string>();

  state(name: string, type: HistoryStateType): StateStats {
    let stats = this.states.get(name);
    if (!stats) {
      stats = new StateStats(name, type);
      this.states.set(name, stats);
    }
    return stats;
  }
}

interface Branch {
  readonly first: string;
  readonly start: number;
  end: number;
}

interface PollLoop {
  readonly wait: string;
  readonly start: number;
  end: number;
  rounds: number;
}

interface Instance {
  readonly name: string;
  readonly type: HistoryStateType;
  /** Where its observations go (a poll loop's check and Choice under their canonical names). */
  readonly key: string;
  readonly parent: Instance | undefined;
  readonly enteredAt: number;
  closed: boolean;
  attemptOpen: boolean;
  attemptsInEntry: number;
  scheduledAt: number;
  startedAt: number;
  submittedAt: number;
  pattern: AttemptPattern;
  readonly branch: Branch | undefined;
  readonly branches: Branch[];
  readonly iterationStarts: Map<number, number>;
  readonly loop: PollLoop | undefined;
}

const STATE_ENTERED = 'StateEntered';
const STATE_EXITED = 'StateExited';
const STATE_ABORTED = 'StateAborted';
/** Events after which the next state entered is the first of a branch or an iteration. */
const CONTAINER_STARTS = new Set(['ParallelStateStarted', 'MapIterationStarted', 'MapStateStarted']);

const ATTEMPT_START = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
const ATTEMPT_STARTED = new Set(['TaskStarted', 'LambdaFunctionStarted', 'ActivityStarted']);
const ATTEMPT_SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);
/** Failed attempts, with the error AWS reports when the details give none. */
const ATTEMPT_FAILED: ReadonlyMap<string, string> = new Map([
  ['TaskFailed', 'States.TaskFailed'],
  ['TaskTimedOut', 'States.Timeout'],
  ['TaskStartFailed', 'States.TaskFailed'],
  ['TaskSubmitFailed', 'States.TaskFailed'],
  ['LambdaFunctionFailed', 'States.TaskFailed'],
  ['LambdaFunctionTimedOut', 'States.Timeout'],
  ['LambdaFunctionStartFailed', 'States.TaskFailed'],
  ['LambdaFunctionScheduleFailed', 'States.TaskFailed'],
  ['ActivityFailed', 'States.TaskFailed'],
  ['ActivityTimedOut', 'States.Timeout'],
  ['ActivityScheduleFailed', 'States.TaskFailed'],
]);
const EXECUTION_ENDS: ReadonlyMap<string, ExecutionStatus> = new Map([
  ['ExecutionSucceeded', 'Succeeded'],
  ['ExecutionFailed', 'Failed'],
  ['ExecutionTimedOut', 'TimedOut'],
  ['ExecutionAborted', 'Aborted'],
]);

function stateType(eventType: string, suffix: string): HistoryStateType | undefined {
  if (!eventType.endsWith(suffix)) return undefined;
  const type = eventType.slice(0, -suffix.length);
  return (HISTORY_STATE_TYPES as readonly string[]).includes(type) ? (type as HistoryStateType) : undefined;
}

function attemptPattern(eventType: string, resource: string | undefined): AttemptPattern {
  if (eventType.startsWith('Activity')) return 'activity';
  if (resource?.endsWith('.waitForTaskToken')) return 'callback';
  if (resource && /\.sync(:\d+)?$/.test(resource)) return 'sync';
  return 'request';
}

interface UnknownState {
  readonly name: string;
  readonly type: HistoryStateType;
  readonly expected: HistoryStateType | undefined;
}

/**
 * Reads executions one at a time into HistoryStats, checking each against the workload's states.
 * Histories that name states the workload does not have are errors: "mixed" when other
 * histories fit (two state machines' histories given together), otherwise "not in the definition".
 */
export class HistoryAnalyzer {
  readonly stats = new HistoryStats();
  private matched: { source: string; count: number } | undefined;
  private foreign: { source: string; unknown: readonly UnknownState[] } | undefined;
  private machine: { name: string; source: string } | undefined;

  constructor(private readonly catalog: StateCatalog) {}

  addExecution(unordered: readonly CompactEvent[], source: string): void {
    if (unordered.length === 0) throw new SourceProblem('the history has no events', 'export it with aws stepfunctions get-execution-history --output json');
    const events = [...unordered].sort((a, b) => a.id - b.id);
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.id === events[i - 1]!.id) throw new SourceProblem(`two events have the id ${events[i]!.id}`, 'give each execution its own file, or an array of get-execution-history outputs');
    }
    const first = events[0]!;
    if (first.type !== 'ExecutionStarted') {
      throw new SourceProblem(
        `the history does not begin with ExecutionStarted (its first event is ${printable(first.type, 40)})`,
        'export the whole history (aws stepfunctions get-execution-history pages through it by itself)',
      );
    }
    this.checkMachine(first.machine, source);
    const unknown = this.run(events);
    if (unknown.length > 0) {
      if (this.matched) throw this.mixedProblem(source, unknown, this.matched);
      this.foreign ??= { source, unknown };
      return;
    }
    if (this.foreign) throw this.mixedProblem(this.foreign.source, this.foreign.unknown, { source, count: 1 });
    this.matched = this.matched ? { ...this.matched, count: this.matched.count + 1 } : { source, count: 1 };
    this.stats.sources.add(source);
  }

  /** After the last history: the problem of histories that fit nothing, if there were only such. */
  finish(): { readonly source: string; readonly problem: SourceProblem } | undefined {
    if (this.foreign && !this.matched) return { source: this.foreign.source, problem: this.notInDefinition(this.foreign.unknown) };
    return undefined;
  }

  private checkMachine(name: string | undefined, source: string): void {
    if (name === undefined) return;
    if (!this.machine) {
      this.machine = { name, source };
      return;
    }
    if (this.machine.name !== name) {
      throw new SourceProblem(
        `histories of two different state machines are mixed: this one is an execution of "${printable(name, 80)}", ` +
          `${printable(this.machine.source)} one of "${printable(this.machine.name, 80)}" (stateMachineVersionArn / stateMachineAliasArn)`,
        'calibrate one state machine at a time: give only the histories of the machine this workload describes',
      );
    }
  }

  private mixedProblem(source: string, unknown: readonly UnknownState[], matched: { source: string; count: number }): SourceProblem {
    return new SourceProblem(
      `histories of two different state machines are mixed: ${printable(source)} names ${describeUnknown(unknown)}, ` +
        `which the workload does not have, but ${printable(matched.source)}${matched.count > 1 ? ` and ${matched.count - 1} other histories` : ''} fit${matched.count > 1 ? '' : 's'} it`,
      'calibrate one state machine at a time: give only the histories of the machine this workload describes',
    );
  }

  private notInDefinition(unknown: readonly UnknownState[]): SourceProblem {
    const names = this.catalog.names;
    const wrongType = unknown.find((u) => u.expected !== undefined);
    const suggestion = unknown.map((u) => closest(u.name, names)).find((s) => s !== undefined);
    return new SourceProblem(
      `the history's states are not in the workload's definition: ${describeUnknown(unknown)}`,
      wrongType
        ? `"${printable(wrongType.name, 60)}" is a ${wrongType.expected} in the workload; check that the workload and the histories are of the same state machine`
        : suggestion
          ? `did you mean "${printable(suggestion, 60)}"? The workload's states are: ${names.slice(0, 12).map((n) => printable(n, 40)).join(', ')}${names.length > 12 ? ', …' : ''}`
          : `the workload's states are: ${names.slice(0, 12).map((n) => printable(n, 40)).join(', ')}${names.length > 12 ? ', …' : ''}`,
    );
  }

  /** One execution's events (sorted by id) → observations; returns the states the catalog does not know. */
  private run(events: readonly CompactEvent[]): UnknownState[] {
    const stats = this.stats;
    const catalog = this.catalog;
    const unknown: UnknownState[] = [];
    const unknownNames = new Set<string>();
    const byId = new Map<number, CompactEvent>();
    const owner = new Map<number, Instance | undefined>();
    const open = new Set<Instance>();
    const loops: PollLoop[] = [];
    let startedAt = NaN;
    let endedAt = NaN;
    let status: ExecutionStatus = 'Running';

    const ancestor = (from: Instance | undefined, type: HistoryStateType, name?: string): Instance | undefined => {
      for (let inst = from; inst; inst = inst.parent) if (inst.type === type && (name === undefined || inst.name === name)) return inst;
      if (name !== undefined) for (const inst of open) if (inst.type === type && inst.name === name) return inst;
      return undefined;
    };
    const finishAttempt = (inst: Instance, t: number, error: string | undefined): void => {
      if (!inst.attemptOpen) return;
      inst.attemptOpen = false;
      const s = stats.state(inst.key, inst.type);
      // An attempt counts when it ends: one aborted with its state (a Parallel branch failed) neither failed nor succeeded.
      s.attempts++;
      const callStart = Number.isNaN(inst.startedAt) ? inst.scheduledAt : inst.startedAt;
      switch (inst.pattern) {
        case 'callback':
          if (!Number.isNaN(inst.submittedAt)) {
            s.call.add(inst.submittedAt - callStart);
            s.callbackWait.add(t - inst.submittedAt);
          } else {
            s.call.add(t - callStart);
          }
          s.tokenWait.add(t - inst.scheduledAt);
          break;
        case 'activity':
          s.callbackWait.add(t - inst.scheduledAt);
          if (!Number.isNaN(inst.startedAt)) s.call.add(t - inst.startedAt);
          break;
        default:
          s.call.add(t - callStart);
      }
      if (error !== undefined) {
        s.failedAttempts++;
        s.errors.add(printable(error, 256));
      }
    };

    for (const e of events) {
      byId.set(e.id, e);
      const prevEvent = byId.get(e.prev);
      const prevOwner = owner.get(e.prev);
      const entered = stateType(e.type, STATE_ENTERED);
      if (entered) {
        const name = e.name;
        if (name === undefined) throw new SourceProblem(`event ${e.id} (${e.type}) has no state name`, 'export the history with the AWS CLI as it is; do not edit it');
        const parent = prevEvent && CONTAINER_STARTS.has(prevEvent.type) ? prevOwner : prevOwner?.parent;
        let loop: PollLoop | undefined;
        let key = name;
        let structural = false;
        if (entered === 'Wait' && catalog.isPollWait(name)) {
          if (prevEvent?.type === 'ChoiceStateExited' && prevOwner?.loop?.wait === name) {
            loop = prevOwner.loop;
            loop.rounds++;
          } else {
            loop = { wait: name, start: e.t, end: e.t, rounds: 1 };
            loops.push(loop);
          }
        } else if (prevOwner?.loop && prevEvent?.type === 'WaitStateExited' && prevOwner.type === 'Wait' && entered === 'Task') {
          loop = prevOwner.loop;
          key = pollStateNames(loop.wait).check;
          structural = true;
        } else if (prevOwner?.loop && prevEvent?.type === 'TaskStateExited' && prevOwner.type === 'Task' && entered === 'Choice') {
          loop = prevOwner.loop;
          key = pollStateNames(loop.wait).choice;
          structural = true;
        }
        if (!structural && !unknownNames.has(name)) {
          const expected = catalog.typeOf(name);
          if (expected === undefined ? !catalog.freeTypes.has(entered) : expected !== entered) {
            unknownNames.add(name);
            unknown.push({ name, type: entered, expected });
          }
        }
        if (prevEvent?.type === 'ChoiceStateExited' && prevOwner) stats.state(prevOwner.key, prevOwner.type).next.add(name);
        let branch: Branch | undefined;
        if (parent?.type === 'Parallel' && prevEvent?.type === 'ParallelStateStarted') {
          branch = { first: name, start: e.t, end: e.t };
          parent.branches.push(branch);
        } else if (prevOwner?.branch && prevOwner.parent === parent) {
          branch = prevOwner.branch;
        }
        const inst: Instance = {
          name,
          type: entered,
          key,
          parent,
          enteredAt: e.t,
          closed: false,
          attemptOpen: false,
          attemptsInEntry: 0,
          scheduledAt: NaN,
          startedAt: NaN,
          submittedAt: NaN,
          pattern: 'request',
          branch,
          branches: [],
          iterationStarts: new Map(),
          loop,
        };
        open.add(inst);
        owner.set(e.id, inst);
        stats.state(key, entered).entered++;
        continue;
      }
      const exited = stateType(e.type, STATE_EXITED) ?? stateType(e.type, STATE_ABORTED);
      if (exited) {
        let inst = prevOwner && !prevOwner.closed && prevOwner.type === exited && (e.name === undefined || prevOwner.name === e.name) ? prevOwner : undefined;
        inst ??= ancestor(prevOwner, exited, e.name);
        if (inst && !inst.closed) {
          inst.closed = true;
          open.delete(inst);
          const s = stats.state(inst.key, inst.type);
          if (e.type.endsWith(STATE_ABORTED)) s.aborted++;
          else s.duration.add(e.t - inst.enteredAt);
          if (inst.branch) inst.branch.end = Math.max(inst.branch.end, e.t);
          if (inst.loop && inst.type === 'Choice') inst.loop.end = e.t;
        }
        owner.set(e.id, inst);
        continue;
      }
      if (ATTEMPT_START.has(e.type)) {
        const inst = ancestor(prevOwner, 'Task');
        if (inst) {
          const s = stats.state(inst.key, inst.type);
          if (inst.attemptOpen) finishAttempt(inst, e.t, undefined);
          inst.attemptsInEntry++;
          if (inst.attemptsInEntry > 1) s.retries++;
          inst.attemptOpen = true;
          inst.scheduledAt = e.t;
          inst.startedAt = NaN;
          inst.submittedAt = NaN;
          inst.pattern = attemptPattern(e.type, e.resource);
          s.patterns.add(inst.pattern);
        }
        owner.set(e.id, inst);
        continue;
      }
      const failedWith = ATTEMPT_FAILED.get(e.type);
      if (ATTEMPT_STARTED.has(e.type) || e.type === 'TaskSubmitted' || ATTEMPT_SUCCEEDED.has(e.type) || failedWith !== undefined) {
        const inst = ancestor(prevOwner, 'Task');
        if (inst) {
          if (ATTEMPT_STARTED.has(e.type)) inst.startedAt = e.t;
          else if (e.type === 'TaskSubmitted') inst.submittedAt = e.t;
          else finishAttempt(inst, e.t, failedWith === undefined ? undefined : (e.error ?? failedWith));
        }
        owner.set(e.id, inst);
        continue;
      }
      if (e.type.startsWith('ParallelState')) {
        const inst = ancestor(prevOwner, 'Parallel');
        if (inst && (e.type === 'ParallelStateSucceeded' || e.type === 'ParallelStateFailed')) {
          const s = stats.state(inst.key, inst.type);
          for (const b of inst.branches) {
            let times = s.branches.get(b.first);
            if (!times && s.branches.size < 64) s.branches.set(b.first, (times = new Observations()));
            times?.add(b.end - b.start);
          }
          inst.branches.length = 0;
        }
        owner.set(e.id, inst);
        continue;
      }
      if (e.type.startsWith('MapIteration')) {
        const inst = ancestor(prevOwner, 'Map', e.name);
        if (inst && e.index !== undefined) {
          if (e.type === 'MapIterationStarted') inst.iterationStarts.set(e.index, e.t);
          else {
            const start = inst.iterationStarts.get(e.index);
            if (start !== undefined && e.type !== 'MapIterationAborted') stats.state(inst.key, inst.type).iteration.add(e.t - start);
            inst.iterationStarts.delete(e.index);
          }
        }
        owner.set(e.id, inst);
        continue;
      }
      if (e.type.startsWith('MapState') || e.type.startsWith('MapRun')) {
        const inst = ancestor(prevOwner, 'Map');
        if (inst && e.type === 'MapStateStarted' && e.length !== undefined) stats.state(inst.key, inst.type).items.add(e.length);
        owner.set(e.id, inst);
        continue;
      }
      if (e.type === 'ExecutionStarted') {
        startedAt = e.t;
        owner.set(e.id, undefined);
        continue;
      }
      const ended = EXECUTION_ENDS.get(e.type);
      if (ended) {
        status = ended;
        endedAt = e.t;
      }
      owner.set(e.id, prevOwner);
    }

    for (const loop of loops) {
      const s = stats.state(loop.wait, 'Wait');
      s.pollLoop.add(loop.end - loop.start);
      s.pollRounds.add(loop.rounds);
    }
    stats.executions++;
    stats.events += events.length;
    stats.statuses.add(status);
    if (!Number.isNaN(endedAt)) stats.executionDuration.add(endedAt - startedAt);
    stats.firstStartMs = Math.min(stats.firstStartMs, startedAt);
    stats.lastStartMs = Math.max(stats.lastStartMs, startedAt);
    return unknown;
  }
}

function describeUnknown(unknown: readonly UnknownState[]): string {
  const shown = unknown.slice(0, 4).map((u) => `${u.type} state "${printable(u.name, 60)}"`);
  return `${shown.join(', ')}${unknown.length > 4 ? ` and ${unknown.length - 4} more` : ''}`;
}

/**
 * Reads one source (a file) of histories: `{ "events": [...] }` per execution, an array of them,
 * several in a row, or a bare array of events (`--query events`).
 */
export class HistoryFileReader implements JsonUnitHandler {
  private buffer: CompactEvent[] = [];
  private bare = false;
  histories = 0;

  constructor(
    private readonly analyzer: HistoryAnalyzer,
    private readonly source: string,
  ) {}

  event(value: JsonValue): void {
    if (this.bare) this.flush();
    this.push(compactEvent(value, this.buffer.length));
  }

  unit(fields: JsonObject, events: number | undefined): void {
    if (events !== undefined) {
      if (this.bare) this.flush();
      this.flush();
      return;
    }
    if (typeof fields['type'] === 'string' && typeof fields['id'] === 'number') {
      this.bare = true;
      this.push(compactEvent(fields, this.buffer.length));
      return;
    }
    throw notAHistory(fields);
  }

  arrayEnd(): void {
    if (this.bare) this.flush();
  }

  /** After the last chunk. */
  end(): void {
    if (this.bare && this.buffer.length > 0) this.flush();
    if (this.histories === 0) throw new SourceProblem('there is no execution history here', 'give the JSON of aws stepfunctions get-execution-history --output json');
  }

  private push(event: CompactEvent): void {
    if (this.buffer.length >= MAX_EVENTS_PER_HISTORY) {
      throw new SourceProblem(
        `one execution has more than ${localeNumber(MAX_EVENTS_PER_HISTORY)} events`,
        'Standard executions have at most 25,000 events: give one execution per { "events": [...] } object',
      );
    }
    this.buffer.push(event);
  }

  private flush(): void {
    const events = this.buffer;
    this.buffer = [];
    this.bare = false;
    this.analyzer.addExecution(events, this.source);
    this.histories++;
  }
}

function notAHistory(fields: JsonObject): SourceProblem {
  if ('results' in fields || 'power' in fields || 'stats' in fields) {
    return new SourceProblem('this is an AWS Lambda Power Tuning result, not an execution history', 'bind it to the task it measured: --from NAME=FILE');
  }
  if ('record' in fields || 'logStreamName' in fields) {
    return new SourceProblem('these are Lambda logs, not an execution history', 'bind Lambda logs to the task they come from: --from NAME=FILE');
  }
  return new SourceProblem('this is not a Step Functions execution history (no "events" list)', 'give the JSON of aws stepfunctions get-execution-history --output json');
}
