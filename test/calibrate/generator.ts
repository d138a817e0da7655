/**
 * A test generator: simulates a known workload and writes its executions as AWS would export them
 * — `aws stepfunctions get-execution-history` JSON (HistoryEvent API reference,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html) and Lambda
 * log text with START / END / REPORT lines (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html).
 * It also writes the same workload as a step tree, as an ASL definition, and as unannotated
 * skeletons of both, so that a round trip through `flowcost calibrate` can be checked against
 * the truth. Its own small sampler, independent of flowcost's engine.
 *
 * Events are produced with local keys and sorted by time before they get their ids, as AWS numbers
 * them, so concurrent Map iterations and Parallel branches interleave in the history as they do
 * in a real one.
 */

export interface Spread {
  /** ms */
  readonly p50: number;
  readonly p95: number;
}

export type GenNode =
  | {
      readonly kind: 'task';
      readonly name: string;
      readonly duration: Spread;
      readonly memoryMb: number;
      readonly failureRate?: number;
      readonly retry?: { readonly maxAttempts: number; readonly intervalS: number; readonly backoffRate: number };
      readonly coldStart?: { readonly probability: number; readonly init: Spread };
    }
  | { readonly kind: 'wait'; readonly name: string; readonly duration: Spread }
  | { readonly kind: 'callback'; readonly name: string; readonly duration: Spread }
  | { readonly kind: 'choice'; readonly name: string; readonly branches: readonly { readonly probability: number; readonly steps: readonly GenNode[] }[] }
  | { readonly kind: 'map'; readonly name: string; readonly itemsMean: number; readonly maxItems: number; readonly maxConcurrency: number; readonly steps: readonly GenNode[] }
  | { readonly kind: 'parallel'; readonly name: string; readonly branches: readonly (readonly GenNode[])[] };

export interface GenWorkload {
  readonly name: string;
  readonly executionsPerMonth: number;
  readonly steps: readonly GenNode[];
}

const Z95 = 1.6448536269514722;
export const MONTH_MS = (365.25 / 12) * 86_400_000;

/** mulberry32: small, seeded, good enough for a test generator. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }
  logNormal(spread: Spread): number {
    const mu = Math.log(spread.p50);
    const sigma = (Math.log(spread.p95) - mu) / Z95;
    return Math.exp(mu + sigma * this.normal());
  }
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
  chance(p: number): boolean {
    return this.uniform() < p;
  }
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(this.uniform() * 16).toString(16);
    return out;
  }
}

// ── the workload in flowcost's two forms ─────────────────────────────────────────

const ms = (v: number) => `${Math.round(v * 1000) / 1000}ms`;

/** The known workload as a step tree, every number exact. */
export function stepTreeYaml(w: GenWorkload, skeleton = false, logged: readonly string[] = []): string {
  const lines = [`name: ${w.name}`, 'region: us-east-1', `executionsPerMonth: ${skeleton ? 1 : w.executionsPerMonth}`, 'lambda: { memoryMb: 128 }', 'steps:'];
  const emit = (nodes: readonly GenNode[], indent: string) => {
    for (const node of nodes) {
      switch (node.kind) {
        case 'task':
          lines.push(`${indent}- task: ${node.name}`);
          lines.push(`${indent}  duration: ${skeleton ? '100ms' : `{ p50: ${ms(node.duration.p50)}, p95: ${ms(node.duration.p95)} }`}`);
          // Memory is configuration, kept in the skeleton, except where the logs are to tell it.
          lines.push(`${indent}  memoryMb: ${skeleton && logged.includes(node.name) ? 128 : node.memoryMb}`);
          if (!skeleton && node.failureRate) lines.push(`${indent}  failureRate: ${node.failureRate}`);
          if (node.retry) lines.push(`${indent}  retry: { maxAttempts: ${node.retry.maxAttempts}, interval: ${node.retry.intervalS}s, backoffRate: ${node.retry.backoffRate} }`);
          if (!skeleton && node.coldStart) {
            lines.push(`${indent}  coldStarts: { probability: ${node.coldStart.probability}, init: { p50: ${ms(node.coldStart.init.p50)}, p95: ${ms(node.coldStart.init.p95)} } }`);
          }
          break;
        case 'wait':
        case 'callback':
          lines.push(`${indent}- wait: ${node.name}`);
          lines.push(`${indent}  mode: ${node.kind === 'wait' ? 'timer' : 'callback'}`);
          lines.push(`${indent}  duration: ${skeleton ? '1m' : `{ p50: ${ms(node.duration.p50)}, p95: ${ms(node.duration.p95)} }`}`);
          break;
        case 'choice':
          lines.push(`${indent}- choice: ${node.name}`);
          lines.push(`${indent}  branches:`);
          node.branches.forEach((b, i) => {
            const p = skeleton ? (i === node.branches.length - 1 ? 1 - (node.branches.length - 1) * Number((1 / node.branches.length).toFixed(6)) : Number((1 / node.branches.length).toFixed(6))) : b.probability;
            lines.push(`${indent}    - probability: ${p}`);
            lines.push(`${indent}      steps:`);
            emit(b.steps, `${indent}        `);
          });
          break;
        case 'map':
          lines.push(`${indent}- map: ${node.name}`);
          lines.push(`${indent}  items: ${skeleton ? 1 : `{ mean: ${node.itemsMean}, max: ${node.maxItems} }`}`);
          lines.push(`${indent}  maxConcurrency: ${node.maxConcurrency}`);
          lines.push(`${indent}  steps:`);
          emit(node.steps, `${indent}    `);
          break;
        case 'parallel':
          lines.push(`${indent}- parallel: ${node.name}`);
          lines.push(`${indent}  branches:`);
          for (const branch of node.branches) {
            lines.push(`${indent}    -`);
            emit(branch, `${indent}      `);
          }
          break;
      }
    }
  };
  emit(w.steps, '  ');
  return `${lines.join('\n')}\n`;
}

/** The same job as an Amazon States Language definition (one state per step). */
export function aslDefinition(w: GenWorkload): object {
  const scope = (nodes: readonly GenNode[], next: string | undefined): { StartAt: string; States: Record<string, object> } => {
    const states: Record<string, object> = {};
    nodes.forEach((node, i) => {
      const after = i + 1 < nodes.length ? firstName(nodes[i + 1]!) : next;
      const flow = after === undefined ? { End: true } : { Next: after };
      switch (node.kind) {
        case 'task':
          states[node.name] = {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${node.name}`, 'Payload.$': '$' },
            ...(node.retry ? { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: node.retry.intervalS, MaxAttempts: node.retry.maxAttempts, BackoffRate: node.retry.backoffRate }] } : {}),
            ...flow,
          };
          break;
        case 'wait':
          states[node.name] = { Type: 'Wait', SecondsPath: '$.delaySeconds', ...flow };
          break;
        case 'callback':
          states[node.name] = {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${node.name}`, Payload: { 'token.$': '$$.Task.Token' } },
            ...flow,
          };
          break;
        case 'choice': {
          states[node.name] = {
            Type: 'Choice',
            Choices: node.branches.slice(0, -1).map((b, j) => ({ Variable: '$.route', NumericEquals: j, Next: firstName(b.steps[0]!) })),
            Default: firstName(node.branches.at(-1)!.steps[0]!),
          };
          for (const b of node.branches) Object.assign(states, scope(b.steps, after).States);
          break;
        }
        case 'map':
          states[node.name] = { Type: 'Map', MaxConcurrency: node.maxConcurrency, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...scope(node.steps, undefined) }, ...flow };
          break;
        case 'parallel':
          states[node.name] = { Type: 'Parallel', Branches: node.branches.map((b) => scope(b, undefined)), ...flow };
          break;
      }
    });
    return { StartAt: firstName(nodes[0]!), States: states };
  };
  return { Comment: `${w.name}, generated by test/calibrate/generator.ts`, ...scope(w.steps, undefined) };
}

export function allNodes(nodes: readonly GenNode[]): GenNode[] {
  return nodes.flatMap((n) => [
    n,
    ...(n.kind === 'choice' ? n.branches.flatMap((b) => allNodes(b.steps)) : []),
    ...(n.kind === 'map' ? allNodes(n.steps) : []),
    ...(n.kind === 'parallel' ? n.branches.flatMap((b) => allNodes(b)) : []),
  ]);
}

function firstName(node: GenNode): string {
  return node.name;
}

/** The machine workload: full annotations (the truth), or none (the skeleton to calibrate). */
export function machineYaml(w: GenWorkload, definitionPath: string, skeleton = false, logged: readonly string[] = []): string {
  const lines = [`name: ${w.name}`, 'region: us-east-1', `executionsPerMonth: ${skeleton ? 1 : w.executionsPerMonth}`, 'lambda: { memoryMb: 128 }', 'stateMachine:', `  definition: ${definitionPath}`];
  lines.push('states:');
  if (skeleton) {
    // Memory is configuration, kept in the skeleton, except where the logs are to tell it.
    for (const node of allNodes(w.steps)) {
      if (node.kind === 'task' && !logged.includes(node.name) && node.memoryMb !== 128) lines.push(`  ${JSON.stringify(node.name)}: { memoryMb: ${node.memoryMb} }`);
    }
    return `${lines.join('\n')}\n`;
  }
  const emit = (nodes: readonly GenNode[]) => {
    for (const node of nodes) {
      const q = JSON.stringify(node.name);
      switch (node.kind) {
        case 'task': {
          const parts = [`duration: { p50: ${ms(node.duration.p50)}, p95: ${ms(node.duration.p95)} }`, `memoryMb: ${node.memoryMb}`];
          if (node.failureRate) parts.push(`failureRate: ${node.failureRate}`, 'error: OrderError');
          if (node.coldStart) parts.push(`coldStarts: { probability: ${node.coldStart.probability}, init: { p50: ${ms(node.coldStart.init.p50)}, p95: ${ms(node.coldStart.init.p95)} } }`);
          lines.push(`  ${q}: { ${parts.join(', ')} }`);
          break;
        }
        case 'wait':
          lines.push(`  ${q}: { duration: { p50: ${ms(node.duration.p50)}, p95: ${ms(node.duration.p95)} } }`);
          break;
        case 'callback':
          lines.push(`  ${q}: { duration: ${ms(CALLBACK_CALL_MS)}, callbackWait: { p50: ${ms(node.duration.p50)}, p95: ${ms(node.duration.p95)} } }`);
          break;
        case 'choice': {
          const next = node.branches.map((b) => `${JSON.stringify(b.steps[0]!.name)}: ${b.probability}`).join(', ');
          lines.push(`  ${q}: { next: { ${next} } }`);
          for (const b of node.branches) emit(b.steps);
          break;
        }
        case 'map':
          lines.push(`  ${q}: { items: { mean: ${node.itemsMean}, max: ${node.maxItems} } }`);
          emit(node.steps);
          break;
        case 'parallel':
          for (const b of node.branches) emit(b);
          break;
      }
    }
  };
  emit(w.steps);
  return `${lines.join('\n')}\n`;
}

// ── executions ───────────────────────────────────────────────────────────────────

/** The Lambda call of a callback task before it hands the token over. */
export const CALLBACK_CALL_MS = 40;

interface PendingEvent {
  readonly key: number;
  readonly prevKey: number;
  readonly type: string;
  readonly t: number;
  readonly detailsKey?: string;
  readonly details?: Record<string, unknown>;
}

export interface Invocation {
  readonly task: string;
  readonly t: number;
  readonly durationMs: number;
  readonly initMs: number | undefined;
  readonly memoryMb: number;
}

export interface GeneratedExecution {
  readonly history: { events: Record<string, unknown>[] };
  readonly invocations: readonly Invocation[];
}

export interface GenerateOptions {
  readonly executions: number;
  readonly seed: number;
  readonly timestamps: 'iso' | 'epoch';
  /** Put into every input, output, cause and application log line: it must never reach calibrate's output. */
  readonly secret: string;
  /** When the first execution starts (ms since the epoch). */
  readonly startMs?: number;
}

/** Executions started at evenly spaced times, at the workload's executionsPerMonth. */
export function generateExecutions(w: GenWorkload, options: GenerateOptions): GeneratedExecution[] {
  const rng = new Rng(options.seed);
  const gapMs = MONTH_MS / w.executionsPerMonth;
  const start = options.startMs ?? Date.UTC(2026, 2, 2, 9, 0, 0);
  const out: GeneratedExecution[] = [];
  for (let i = 0; i < options.executions; i++) out.push(generateExecution(w, rng, start + i * gapMs, options));
  return out;
}

function generateExecution(w: GenWorkload, rng: Rng, startMs: number, options: GenerateOptions): GeneratedExecution {
  const events: PendingEvent[] = [];
  const invocations: Invocation[] = [];
  let nextKey = 1;
  const secret = options.secret;
  const emit = (prevKey: number, type: string, t: number, detailsKey?: string, details?: Record<string, unknown>): number => {
    const key = nextKey++;
    events.push({ key, prevKey, type, t, ...(detailsKey ? { detailsKey, details: details ?? {} } : {}) });
    return key;
  };
  const payload = (what: string) => JSON.stringify({ order: what, card: secret });
  const started = emit(0, 'ExecutionStarted', startMs, 'executionStartedEventDetails', {
    input: payload('input'),
    inputDetails: { truncated: false },
    roleArn: 'arn:aws:iam::123456789012:role/service-role/StepFunctions-orders-role',
  });

  /** Runs nodes one after another; returns the last event and its time, or failed. */
  const sequence = (nodes: readonly GenNode[], prevKey: number, t: number): { key: number; t: number; failed: boolean } => {
    let key = prevKey;
    let now = t;
    for (const node of nodes) {
      const r = run(node, key, now + 1 + rng.uniform() * 4);
      key = r.key;
      now = r.t;
      if (r.failed) return { key, t: now, failed: true };
    }
    return { key, t: now, failed: false };
  };

  const run = (node: GenNode, prevKey: number, t: number): { key: number; t: number; failed: boolean } => {
    switch (node.kind) {
      case 'task': {
        const entered = emit(prevKey, 'TaskStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name), inputDetails: { truncated: false } });
        let key = entered;
        let now = t;
        const attempts = 1 + (node.retry?.maxAttempts ?? 0);
        for (let attempt = 0; attempt < attempts; attempt++) {
          if (attempt > 0) now += node.retry!.intervalS * 1000 * Math.pow(node.retry!.backoffRate, attempt - 1);
          const scheduled = emit(key, 'TaskScheduled', now, 'taskScheduledEventDetails', {
            resourceType: 'lambda',
            resource: 'invoke',
            region: 'us-east-1',
            parameters: JSON.stringify({ FunctionName: node.name, Payload: { card: secret } }),
          });
          const latency = 8 + rng.uniform() * 20;
          const taskStarted = emit(scheduled, 'TaskStarted', now + latency, 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke' });
          const cold = node.coldStart && rng.chance(node.coldStart.probability) ? rng.logNormal(node.coldStart.init) : undefined;
          const duration = rng.logNormal(node.duration);
          invocations.push({ task: node.name, t: now + latency, durationMs: duration, initMs: cold, memoryMb: node.memoryMb });
          // What Step Functions sees from TaskStarted: the invocation, INIT included.
          const end = now + latency + (cold ?? 0) + duration;
          const failed = rng.chance(node.failureRate ?? 0);
          if (failed) {
            key = emit(taskStarted, 'TaskFailed', end, 'taskFailedEventDetails', { resourceType: 'lambda', resource: 'invoke', error: 'OrderError', cause: `card ${secret} declined` });
            now = end;
            continue;
          }
          const succeeded = emit(taskStarted, 'TaskSucceeded', end, 'taskSucceededEventDetails', { resourceType: 'lambda', resource: 'invoke', output: payload('done'), outputDetails: { truncated: false } });
          const exited = emit(succeeded, 'TaskStateExited', end + 1, 'stateExitedEventDetails', { name: node.name, output: payload('done'), outputDetails: { truncated: false } });
          return { key: exited, t: end + 1, failed: false };
        }
        return { key, t: now, failed: true };
      }
      case 'wait': {
        const entered = emit(prevKey, 'WaitStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name), inputDetails: { truncated: false } });
        const end = t + rng.logNormal(node.duration);
        const exited = emit(entered, 'WaitStateExited', end, 'stateExitedEventDetails', { name: node.name, output: payload(node.name), outputDetails: { truncated: false } });
        return { key: exited, t: end, failed: false };
      }
      case 'callback': {
        const entered = emit(prevKey, 'TaskStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name), inputDetails: { truncated: false } });
        const scheduled = emit(entered, 'TaskScheduled', t + 1, 'taskScheduledEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: 'us-east-1', parameters: payload('token') });
        const wait = Math.max(CALLBACK_CALL_MS + 30, rng.logNormal(node.duration));
        const startedKey = emit(scheduled, 'TaskStarted', t + 11, 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
        const submitted = emit(startedKey, 'TaskSubmitted', t + 11 + CALLBACK_CALL_MS, 'taskSubmittedEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: payload('sent') });
        const succeeded = emit(submitted, 'TaskSucceeded', t + 1 + wait, 'taskSucceededEventDetails', { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: payload('approved') });
        const exited = emit(succeeded, 'TaskStateExited', t + 2 + wait, 'stateExitedEventDetails', { name: node.name, output: payload('approved') });
        return { key: exited, t: t + 2 + wait, failed: false };
      }
      case 'choice': {
        const entered = emit(prevKey, 'ChoiceStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name) });
        const exited = emit(entered, 'ChoiceStateExited', t + 1, 'stateExitedEventDetails', { name: node.name, output: payload(node.name) });
        let u = rng.uniform();
        let branch = node.branches[node.branches.length - 1]!;
        for (const b of node.branches) {
          if (u < b.probability) {
            branch = b;
            break;
          }
          u -= b.probability;
        }
        return sequence(branch.steps, exited, t + 1);
      }
      case 'map': {
        const entered = emit(prevKey, 'MapStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name) });
        const items = Math.min(node.maxItems, rng.poisson(node.itemsMean));
        const mapStarted = emit(entered, 'MapStateStarted', t + 1, 'mapStateStartedEventDetails', { length: items });
        const slots = new Array<number>(Math.max(1, node.maxConcurrency === 0 ? items : node.maxConcurrency)).fill(t + 2);
        let lastKey = mapStarted;
        let lastT = t + 2;
        for (let i = 0; i < items; i++) {
          let slot = 0;
          for (let s = 1; s < slots.length; s++) if (slots[s]! < slots[slot]!) slot = s;
          const begin = slots[slot]!;
          const iterationStarted = emit(mapStarted, 'MapIterationStarted', begin, 'mapIterationStartedEventDetails', { name: node.name, index: i });
          const r = sequence(node.steps, iterationStarted, begin);
          const done = emit(r.key, 'MapIterationSucceeded', r.t + 1, 'mapIterationSucceededEventDetails', { name: node.name, index: i });
          slots[slot] = r.t + 1;
          if (r.t + 1 >= lastT) {
            lastT = r.t + 1;
            lastKey = done;
          }
        }
        const succeeded = emit(lastKey, 'MapStateSucceeded', lastT + 1);
        const exited = emit(succeeded, 'MapStateExited', lastT + 2, 'stateExitedEventDetails', { name: node.name, output: payload(node.name) });
        return { key: exited, t: lastT + 2, failed: false };
      }
      case 'parallel': {
        const entered = emit(prevKey, 'ParallelStateEntered', t, 'stateEnteredEventDetails', { name: node.name, input: payload(node.name) });
        const parallelStarted = emit(entered, 'ParallelStateStarted', t + 1);
        let lastKey = parallelStarted;
        let lastT = t + 1;
        for (const branch of node.branches) {
          const r = sequence(branch, parallelStarted, t + 1);
          if (r.t >= lastT) {
            lastT = r.t;
            lastKey = r.key;
          }
        }
        const succeeded = emit(lastKey, 'ParallelStateSucceeded', lastT + 1);
        const exited = emit(succeeded, 'ParallelStateExited', lastT + 2, 'stateExitedEventDetails', { name: node.name, output: payload(node.name) });
        return { key: exited, t: lastT + 2, failed: false };
      }
    }
  };

  const result = sequence(w.steps, started, startMs);
  if (result.failed) emit(result.key, 'ExecutionFailed', result.t + 1, 'executionFailedEventDetails', { error: 'OrderError', cause: `card ${secret} declined` });
  else emit(result.key, 'ExecutionSucceeded', result.t + 1, 'executionSucceededEventDetails', { output: payload('shipped'), outputDetails: { truncated: false } });

  // AWS numbers events in the order they happened.
  events.sort((a, b) => a.t - b.t || a.key - b.key);
  const idOf = new Map<number, number>();
  events.forEach((e, i) => idOf.set(e.key, i + 1));
  const stamp = (t: number) => (options.timestamps === 'epoch' ? Math.round(t) / 1000 : isoWithOffset(t));
  return {
    history: {
      events: events.map((e) => ({
        timestamp: stamp(e.t),
        type: e.type,
        id: idOf.get(e.key)!,
        previousEventId: e.prevKey === 0 ? 0 : idOf.get(e.prevKey)!,
        ...(e.detailsKey ? { [e.detailsKey]: e.details } : {}),
      })),
    },
    invocations,
  };
}

/** "2026-03-02T10:00:00.123000+01:00", as the AWS CLI prints timestamps (here at UTC+01:00). */
export function isoWithOffset(t: number): string {
  const local = new Date(Math.round(t) + 3_600_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}000+01:00`
  );
}

/** Lambda log text of these invocations: START, an application line, END, REPORT (Init Duration when cold). */
export function reportLog(invocations: readonly Invocation[], secret: string, rng = new Rng(99)): string {
  const lines: string[] = [];
  for (const inv of invocations) {
    const id = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
    const iso = new Date(Math.round(inv.t)).toISOString();
    const d = inv.durationMs.toFixed(2);
    const billed = Math.ceil(inv.durationMs + (inv.initMs ?? 0));
    lines.push(`START RequestId: ${id} Version: $LATEST`);
    lines.push(`${iso}\t${id}\tINFO\tcharging card ${secret}`);
    lines.push(`END RequestId: ${id}`);
    lines.push(
      `REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${billed} ms\tMemory Size: ${inv.memoryMb} MB\tMax Memory Used: ${60 + Math.floor(rng.uniform() * 30)} MB` +
        (inv.initMs !== undefined ? `\tInit Duration: ${inv.initMs.toFixed(2)} ms` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}
