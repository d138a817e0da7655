/** The three alternatives of issue 9 on fixed-duration workloads, checked against hand arithmetic. */
import { describe, expect, it } from 'vitest';
import { blocksOf } from '../../src/workload/graph-structure.js';
import { chooseExpressChildren } from '../../src/architectures/hybrid-grouping.js';
import { analyzeYaml, arch, catalog, line, workload } from '../helpers.js';

const twentySteps = Array.from({ length: 20 }, (_, i) => `  - task: step-${i + 1}\n    duration: 100ms\n`).join('');
const approvalFlow = `name: approval-and-twenty-steps
region: us-east-1
executionsPerMonth: 1000000
steps:
  - wait: approval
    mode: callback
    duration: 2h
${twentySteps}`;

describe('sfn-hybrid', () => {
  const report = analyzeYaml(approvalFlow);
  it('moves the twenty short steps into one Express child and keeps the callback in the parent', () => {
    const hybrid = arch(report, 'sfn-hybrid');
    expect(hybrid.notes).toHaveLength(1);
    expect(hybrid.notes![0]).toMatch(/^Express child 1: step-1 → step-2 → .* → step-20 \(64 MB/);
    // parent: the callback state and the Task state that starts the child
    expect(line(report, 'sfn-hybrid', 'sfn-transitions').quantity).toBeCloseTo(2e6, 6);
    expect(line(report, 'sfn-hybrid', 'express-requests').quantity).toBeCloseTo(1e6, 6);
    // child: 20 × 100 ms = 2,000 ms (already a multiple of 100 ms) at 64 MB
    expect(line(report, 'sfn-hybrid', 'express-duration').quantity).toBeCloseTo((1e6 * 2 * (64 / 1024)) / 3600, 9);
    // Standard pays 21 transitions; the hybrid 2 transitions + 1 Express request + 0.125 GB-s
    const standard = arch(report, 'sfn-standard').monthlyCost.total;
    expect(hybrid.monthlyCost.total).toBeLessThan(standard);
    expect(line(report, 'sfn-hybrid', 'lambda-duration').usd).toBeCloseTo(line(report, 'sfn-standard', 'lambda-duration').usd, 9);
    expect(hybrid.feasible).toBe(true);
  });

  it('leaves a lone short step in the parent: a child would cost more than the transition it saves', () => {
    const w = workload(`name: lone
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: only
    duration: 100ms
`);
    expect(chooseExpressChildren(w.graph, blocksOf(w.graph.root), catalog.regions['us-east-1']!, 0, 1)).toEqual([]);
  });

  it('never puts a wait in a child, and keeps a child under a minute on average', () => {
    const w = workload(`name: mixed
region: us-east-1
executionsPerMonth: 1000
steps:
${Array.from({ length: 4 }, (_, i) => `  - task: a${i}\n    duration: 100ms\n`).join('')}  - wait: pause
    duration: 10s
${Array.from({ length: 4 }, (_, i) => `  - task: b${i}\n    duration: 40s\n`).join('')}`);
    const children = chooseExpressChildren(w.graph, blocksOf(w.graph.root), catalog.regions['us-east-1']!, 0, 1);
    expect(children[0]!.names).toEqual(['a0', 'a1', 'a2', 'a3']);
    for (const child of children) expect(child.names.includes('pause')).toBe(false);
    // 40 s steps: two of them already pass a minute, so no child holds more than one
    for (const child of children.slice(1)) expect(child.names).toHaveLength(1);
  });
});

describe('lambda-chain', () => {
  it('bills functions, DynamoDB per step, SQS per hand-over and Scheduler per long wait', () => {
    const report = analyzeYaml(`name: chain
region: us-east-1
executionsPerMonth: 1000000
payloadKb: 6
steps:
  - task: a
    duration: 100ms
  - task: b
    duration: 100ms
  - wait: overnight
    duration: 1h
  - task: c
    duration: 100ms
  - wait: short
    duration: 5m
  - task: d
    duration: 100ms
  - wait: approval
    mode: callback
    duration: 1h
  - task: e
    duration: 100ms
`);
    // 5 steps + the API handler that resumes the callback
    expect(line(report, 'lambda-chain', 'lambda-requests').quantity).toBeCloseTo(6e6, 6);
    // 6 KB of state: 6 write request units and 2 read request units, once per invocation
    expect(line(report, 'lambda-chain', 'dynamodb-writes').quantity).toBeCloseTo(36e6, 6);
    expect(line(report, 'lambda-chain', 'dynamodb-reads').quantity).toBeCloseTo(12e6, 6);
    // hand-overs by message: a→b and c→(5 min delay)→d; 3 requests each
    expect(line(report, 'lambda-chain', 'sqs-requests').quantity).toBeCloseTo(6e6, 6);
    // the one-hour wait rides on a schedule
    expect(line(report, 'lambda-chain', 'scheduler-invocations').quantity).toBeCloseTo(1e6, 6);
    expect(line(report, 'lambda-chain', 'dynamodb-writes').usd).toBeCloseTo(36e6 * 0.000000625, 9);
    expect(arch(report, 'lambda-chain').stateHandling).toMatch(/idempotency/);
  });

  it('refuses state over DynamoDB’s 400 KB item limit', () => {
    const report = analyzeYaml(`name: big
region: us-east-1
executionsPerMonth: 1000
payloadKb: 500
steps: [ { task: a, duration: 1s } ]
`);
    expect(arch(report, 'lambda-chain').limits.find((l) => l.id === 'dynamodb-item')!.status).toBe('exceeded');
  });
});

describe('lambda-durable limits', () => {
  const threeLong = (between: string) => `name: long-stretch
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: a
    duration: 6m
${between}  - task: b
    duration: 6m
  - task: c
    duration: 6m
`;
  it('an invocation computing 18 minutes without a wait breaks the function timeout', () => {
    const report = analyzeYaml(threeLong(''));
    const limit = arch(report, 'lambda-durable').limits.find((l) => l.id === 'durable-invocation')!;
    expect(limit.observedP99).toBeCloseTo(18 * 60_000, 6);
    expect(limit.status).toBe('exceeded');
  });

  it('a wait between the steps splits it into invocations under the timeout', () => {
    const report = analyzeYaml(threeLong('  - wait: pause\n    duration: 1m\n'));
    const limit = arch(report, 'lambda-durable').limits.find((l) => l.id === 'durable-invocation')!;
    expect(limit.observedP99).toBeCloseTo(12 * 60_000, 6);
    // 12 of 15 minutes: no execution over it, but p99 at 80% of it
    expect(limit.exceedProbability).toBe(0);
    expect(limit.status).toBe('near');
    // requests: the first invocation and one resume after the wait
    expect(line(report, 'lambda-durable', 'lambda-requests').quantity).toBeCloseTo(2_000, 6);
  });
});

describe('--architectures', () => {
  it('analyzes only the architectures asked for, in report order', () => {
    const report = analyzeYaml(approvalFlow, { architectures: ['sfn-hybrid', 'lambda'] });
    expect(report.architectures.map((a) => a.id)).toEqual(['lambda', 'sfn-hybrid']);
  });
});

describe('recommendation and do-it-yourself orchestration', () => {
  it('a chain of functions that saves little is passed over for the cheapest managed option, with the reason', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'approval-twenty-steps.yaml'), 'utf8');
    const report = analyzeYaml(text, { samples: 3_000 });
    const chain = arch(report, 'lambda-chain').monthlyCost.total;
    const hybrid = arch(report, 'sfn-hybrid').monthlyCost.total;
    expect(chain).toBeLessThan(hybrid);
    expect(chain).toBeGreaterThan(0.8 * hybrid);
    expect(report.recommendation.architecture).toBe('sfn-hybrid');
    expect(report.recommendation.reasons[1]).toMatch(/^Chain of Lambda functions would cost .* less\), but you would build and run the orchestration yourself/);
    expect(report.architectures.map((a) => a.id)).toEqual(['lambda', 'sfn-standard', 'sfn-express', 'lambda-durable', 'sfn-hybrid', 'lambda-chain', 'lambda-managed', 'lambda-microvm']);
  });
});
