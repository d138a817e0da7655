/**
 * Issue 15, capability 2: for each architecture that does not fit, what change would make it fit,
 * with numbers (architectures[].remedies).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { loadWorkloadFile } from '../../src/io/load-workload.js';
import { analyzeYaml, arch, catalog } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..');

describe('remedies', () => {
  it('every example: empty where it fits, a sentence with a number for each one that does not', () => {
    const files = [
      ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'examples', f)),
      join(root, 'examples', 'imported', 'scatter-gather.yaml'),
    ];
    for (const file of files) {
      const report = analyze(loadWorkloadFile(file), catalog, { samples: 2_000, seed: 1, freeTier: false });
      for (const a of report.architectures) {
        if (a.feasible) expect(a.remedies, `${file} ${a.id}`).toEqual([]);
        else {
          expect(a.remedies.length, `${file} ${a.id}`).toBeGreaterThan(0);
          for (const remedy of a.remedies) expect(remedy, `${file} ${a.id}`).toMatch(/\d/);
        }
      }
    }
  });

  it('a function whose timeout is too short: raise it from 5 to 9 minutes (p99.9 of the job)', () => {
    const report = analyzeYaml(`name: t
region: us-east-1
executionsPerMonth: 1000
lambda: { timeout: 5m }
steps:
  - task: crunch
    duration: { p50: 6m, p99: 8m }
`);
    expect(arch(report, 'lambda').remedies).toEqual([expect.stringMatching(/^Raise the function's timeout from 5 minutes to 9 minutes: 99\.9% of executions finish within 8m \d\ds\.$/)]);
    // The task, as a state of its own, has the same 5-minute timeout.
    expect(arch(report, 'sfn-standard').remedies).toEqual([expect.stringMatching(/^Raise `crunch`'s timeout from 5 minutes to 10 minutes: 99\.99% of its invocations finish within 9m \d\ds\.$/)]);
  });

  it('a task longer than any function may run: split it into steps under 15 minutes', () => {
    const report = analyzeYaml(`name: t
region: us-east-1
executionsPerMonth: 1000
steps:
  - task: transform
    duration: { p50: 18m, p99: 22m }
`);
    const standard = arch(report, 'sfn-standard').remedies;
    expect(standard).toEqual([expect.stringMatching(/^Split `transform` \(p99 2\dm \d\ds\) into steps that each run under 15 minutes: no Lambda invocation runs longer\.$/)]);
    expect(arch(report, 'lambda').remedies.join(' ')).toMatch(/Split `transform` \(p99 2\dm \d\ds\) into steps that each run under 15 minutes\./);
  });

  it('a Map that breaks the history limit: a Distributed Map, with its items and the events', () => {
    const report = analyzeYaml(`name: t
region: us-east-1
executionsPerMonth: 1000
steps:
  - map: fan
    items: 4000
    maxConcurrency: 40
    steps:
      - task: one
        duration: 100ms
      - task: two
        duration: 100ms
`);
    expect(arch(report, 'sfn-standard').feasible).toBe(false);
    expect(arch(report, 'sfn-standard').remedies).toEqual([
      expect.stringMatching(/^Use a Distributed Map for `fan` \(p99 4,000 items; the execution writes p99 [\d,]+ events, over 25,000\): each child execution of a Distributed Map keeps a history of its own\.$/),
    ]);
  });

  it('a callback in Express: move it into a Standard parent, naming the hybrid that fits and its cost', () => {
    const report = analyze(loadWorkloadFile(join(root, 'examples', 'order-fulfilment.yaml')), catalog, { samples: 2_000, seed: 1, freeTier: false });
    expect(arch(report, 'sfn-express').remedies).toEqual([
      expect.stringMatching(
        /^Move the wait `manager-approval` \(callback, p50 2h 0\dm\) out of Express into a Standard parent, where waiting is free, and keep the short steps in Express children of under 5 minutes\. Standard \+ Express children does that and fits \(\$[\d.,]+ a month\)\.$/,
      ),
    ]);
    expect(arch(report, 'lambda').remedies[0]).toMatch(/^Take the waits out of the function: it stays running, and billed, through `manager-approval` \(p50 2h 0\dm\)/);
  });

  it('a payload over every limit: pass a reference, with the size', () => {
    const report = analyzeYaml(`name: t
region: us-east-1
executionsPerMonth: 1000
payloadKb: 500
steps:
  - task: a
    duration: 100ms
`);
    expect(arch(report, 'sfn-standard').remedies).toEqual(['Keep the state under 256 KB: put the 500 KB payload in Amazon S3 and pass its key between states.']);
    expect(arch(report, 'lambda-chain').remedies).toEqual(['Keep the 500 KB state in Amazon S3 and its key in the DynamoDB item, which holds at most 400 KB.']);
  });

  it('the README says what remedies are', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('remedies');
  });
});
