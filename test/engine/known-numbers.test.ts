/**
 * The engine `compiled-shared` with known numbers (generated-functions.ts): a sweep or map learns
 * from a few of its cells which numbers of the generated code every cell shares, and writes those
 * in as literals. Only numbers are substituted, a cell that disagrees still gets its own numbers,
 * and every report is the interpreter's, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { analyze, regionPrices } from '../../src/analyze.js';
import { generateSource } from '../../src/engine/codegen.js';
import { compilePlan } from '../../src/engine/compile.js';
import { learnKnownNumbers, withKnownNumbers } from '../../src/engine/generated-functions.js';
import { prepareArchitectures, sharedSources } from '../../src/engine/simulate.js';
import { renderJson } from '../../src/report/render-json.js';
import { decisionMap } from '../../src/sweep/decision-map.js';
import { parseVary } from '../../src/sweep/parameter.js';
import { sweep } from '../../src/sweep/sweep.js';
import { catalog, workload } from '../helpers.js';

const at = (median: string, failureRate: number, name = 'a', last = '20ms') =>
  workload(
    `name: n\nregion: us-east-1\nexecutionsPerMonth: 1000\nlambda: { memoryMb: 512 }\nsteps:\n` +
      `  - task: ${JSON.stringify(name)}\n    duration: { p50: ${median}, p95: 900ms }\n    failureRate: ${failureRate}\n    retry: { maxAttempts: 2 }\n` +
      `  - task: b\n    duration: ${last}\n`,
  );
const runner = (median: string, failureRate: number, name = 'a', last = '20ms') => {
  const generated = generateSource(compilePlan(at(median, failureRate, name, last)), true)!;
  return { source: generated.source, constants: generated.emitter.constants };
};
const slotsLeft = (text: string) => [...text.matchAll(/(?<![\w$])K\[(\d+)\]/g)].map((m) => Number(m[1]));
const options = { samples: 2_500, seed: 4, freeTier: false } as const;

describe('known numbers of the shared engine', () => {
  it('writes in the numbers the learned cells agree on, and reads from K only the ones that differ', () => {
    const low = runner('100ms', 0.1);
    const high = runner('300ms', 0.1);
    expect(high.source).toBe(low.source);
    learnKnownNumbers([low, high]);
    const differing = Array.from(low.constants, (value, slot) => (Object.is(value, high.constants[slot]) ? -1 : slot)).filter((slot) => slot >= 0);
    expect(differing.length).toBeGreaterThan(0);
    const middle = runner('170ms', 0.1);
    const text = withKnownNumbers(middle.source, middle.constants);
    expect(slotsLeft(text)).toEqual(differing);
    // The literals are the numbers themselves: 0.1, the failure rate every cell shares, is written in.
    expect(text).toMatch(/< 0\.1\b/);
    // The same text for every cell that agrees: one function serves them all.
    const other = runner('250ms', 0.1);
    expect(withKnownNumbers(other.source, other.constants)).toBe(text);
  });

  it('keeps K for a cell whose number differs from the learned one, and stops guessing after a few such cells', () => {
    const low = runner('100ms', 0.2);
    const high = runner('300ms', 0.2);
    learnKnownNumbers([low, high]);
    const agreeing = withKnownNumbers(low.source, low.constants);
    const text = (rate: number, last: string) => {
      const cell = runner('200ms', rate, 'a', last);
      return withKnownNumbers(cell.source, cell.constants);
    };
    // Its own failure rate is never written in as 0.2: it is read from K, in a source of its own…
    const otherRate = text(0.05, '20ms');
    expect(otherRate).not.toBe(agreeing);
    expect(otherRate).not.toMatch(/< 0\.2\b/);
    expect(text(0.07, '20ms')).toBe(otherRate);
    const otherLast = text(0.2, '30ms');
    expect(otherLast).not.toBe(agreeing);
    // …and after MAX_VARIANTS (3) sources, the plain K form: at most a few extra compilations.
    expect(text(0.05, '30ms')).toBe(low.source);
    expect(text(0.2, '30ms')).toBe(otherLast);
    // A source learned from one cell only says nothing of what varies: it stays as it is.
    const generated = generateSource(compilePlan(workload('name: n\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: only\n    duration: 5ms\n')), true)!;
    const single = { source: generated.source, constants: generated.emitter.constants };
    expect(single.source).not.toBe(low.source);
    learnKnownNumbers([single]);
    expect(withKnownNumbers(single.source, single.constants)).toBe(single.source);
  });

  it('substitutes numbers only: no name of the workload enters the source', () => {
    const hostile = 'K[0] "${process.exit(1)}" \u2028 </script>';
    const prices = regionPrices(catalog, 'us-east-1');
    const cells = ['100ms', '300ms'].map((median) => at(median, 0.1, hostile));
    const sources = cells.flatMap((w) => sharedSources(w, prepareArchitectures(w, prices)));
    learnKnownNumbers(sources);
    for (const s of sources) {
      const text = withKnownNumbers(s.source, s.constants);
      expect(text).not.toContain('process.exit');
      expect(text).not.toContain('</script>');
      expect(text).not.toContain('\u2028');
      expect(slotsLeft(text).length).toBeLessThan(slotsLeft(s.source).length);
    }
  });

  it('changes no figure: learned, a sweep and a map give the interpreter’s cells, byte for byte', () => {
    const base = at('120ms', 0.05);
    const vary = parseVary('steps.a.failureRate=0..0.4', base);
    const shared = sweep(base, catalog, vary, { steps: 5, scale: 'linear', analyze: options });
    const interpreted = sweep(base, catalog, vary, { steps: 5, scale: 'linear', analyze: { ...options, engine: 'interpreted' } });
    expect(JSON.stringify(shared)).toBe(JSON.stringify(interpreted));
    const varies = [parseVary('steps.a.duration=50ms..400ms', base), vary] as const;
    const mapOptions = { steps: [3, 3] as const, scales: ['linear', 'linear'] as const };
    const map = decisionMap(base, catalog, varies, { ...mapOptions, analyze: options });
    const reference = decisionMap(base, catalog, varies, { ...mapOptions, analyze: { ...options, engine: 'interpreted' } });
    expect(JSON.stringify(map)).toBe(JSON.stringify(reference));
    // …and each cell is the report analyze gives there with the default engine.
    expect(renderJson(analyze(base, catalog, options))).toBe(renderJson(analyze(base, catalog, { ...options, engine: 'interpreted' })));
  });
});
