import { describe, expect, it } from 'vitest';
import { constantValue, isConstantValue, isRecordField, recordField } from '../../src/architectures/known-measures.js';
import type { PreparedArchitecture } from '../../src/architectures/types.js';
import { ExecutionRecord, fieldIndex, RECORD_FIELDS } from '../../src/engine/execution.js';
import { prepareArchitectures, simulate } from '../../src/engine/simulate.js';
import { regionPrices } from '../../src/analyze.js';
import { catalog, workload } from '../helpers.js';

describe('measures the simulation evaluates without calling them', () => {
  it('the record holds every field of RECORD_FIELDS, in that order, and each reads as a property', () => {
    const record = new ExecutionRecord();
    expect(record.values.length).toBe(RECORD_FIELDS.length);
    record.values.forEach((_, i) => (record.values[i] = 100 + i));
    expect(RECORD_FIELDS.map(([field]) => record[field])).toEqual(RECORD_FIELDS.map((_, i) => 100 + i));
    expect(fieldIndex('taskMbMs')).toBe(RECORD_FIELDS.findIndex(([field]) => field === 'taskMbMs'));
  });

  it('is a plain function of the record, and says which field it reads', () => {
    const record = new ExecutionRecord();
    record.values[fieldIndex('taskMbMs')] = 2_048_000;
    const gbSeconds = recordField('taskMbMs', 1_024_000);
    expect(gbSeconds(record)).toBe(2);
    expect(isRecordField(gbSeconds)).toBe(true);
    expect(isRecordField((r: ExecutionRecord) => r.taskMbMs)).toBe(false);
    expect(constantValue(3)()).toBe(3);
    expect(isConstantValue(constantValue(0))).toBe(true);
    expect(isConstantValue(gbSeconds)).toBe(false);
  });

  it('the simulation gives the same numbers reading fields as calling the functions', () => {
    const w = workload(
      'name: fields\nregion: us-east-1\nexecutionsPerMonth: 1000000\nsteps:\n' +
        '  - task: a\n    duration: { p50: 200ms, p95: 900ms }\n    failureRate: 0.2\n    retry: { maxAttempts: 2 }\n' +
        '  - wait: w\n    duration: { min: 1s, max: 20m }\n' +
        '  - map: m\n    items: { min: 1, max: 6 }\n    steps: [ { task: b, duration: { p50: 1s, p95: 4s } } ]\n',
    );
    const architectures = prepareArchitectures(w, regionPrices(catalog, 'us-east-1'));
    expect(architectures.some((a) => a.meters.some((m) => isRecordField(m.measure)))).toBe(true);
    expect(architectures.some((a) => isConstantValue(a.transitions))).toBe(true); // one function: no transitions
    // The same architectures with every field and constant measure hidden behind an ordinary closure.
    const hide = (fn: (r: ExecutionRecord) => number) => (isRecordField(fn) || isConstantValue(fn) ? (r: ExecutionRecord) => fn(r) : fn);
    const plain: PreparedArchitecture[] = architectures.map((a) => ({
      ...a,
      meters: a.meters.map((m) => ({ ...m, measure: hide(m.measure) })),
      limits: a.limits.map((l) => ({ ...l, observe: hide(l.observe) })),
      durationMs: hide(a.durationMs),
      transitions: hide(a.transitions),
    }));
    const unitRates = architectures.map((a) => new Float64Array(a.meters.length).fill(1e-6));
    const fast = simulate(w, architectures, { samples: 3_000, seed: 4, unitRates });
    const slow = simulate(w, plain, { samples: 3_000, seed: 4, unitRates });
    fast.architectures.forEach((a, i) => {
      const b = slow.architectures[i]!;
      expect(Array.from(a.meterMeans)).toEqual(Array.from(b.meterMeans));
      for (const q of [0.5, 0.95, 0.99]) {
        expect(a.durationMs.quantile(q)).toBe(b.durationMs.quantile(q));
        expect(a.costUsd.quantile(q)).toBe(b.costUsd.quantile(q));
        expect(a.transitions.quantile(q)).toBe(b.transitions.quantile(q));
        expect(a.transitions.count).toBe(b.transitions.count);
        expect(a.transitions.mean).toBe(b.transitions.mean);
      }
      a.limits.forEach((limit, l) => {
        expect(limit.exceeded).toBe(b.limits[l]!.exceeded);
        expect(limit.observed.quantile(0.99)).toBe(b.limits[l]!.observed.quantile(0.99));
      });
    });
  });
});
