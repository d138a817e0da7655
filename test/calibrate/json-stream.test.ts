/** The incremental JSON reader: same result however the text is cut into chunks, allowlists, errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitParsed, JsonSyntaxError, JsonUnitReader, type JsonObject, type JsonUnitOptions, type JsonValue } from '../../src/calibrate/json-stream.js';

const KEEP_ALL: JsonUnitOptions = { eventKeys: () => true, fieldKeys: () => true, maxStringLength: 1_000, maxItems: 1_000, maxDepth: 32 };

interface Read {
  events: JsonValue[];
  units: { fields: JsonObject; events: number | undefined }[];
  arrays: number;
}

function read(chunks: readonly string[], options: JsonUnitOptions = KEEP_ALL): Read {
  const out: Read = { events: [], units: [], arrays: 0 };
  const reader = new JsonUnitReader(
    {
      event: (v) => out.events.push(v),
      unit: (fields, events) => out.units.push({ fields: { ...fields }, events }),
      arrayEnd: () => out.arrays++,
    },
    options,
  );
  for (const c of chunks) reader.write(c);
  reader.end();
  return out;
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const HISTORY = JSON.stringify(
  {
    events: [
      { timestamp: 1712567843.827, type: 'ExecutionStarted', id: 1, previousEventId: 0, executionStartedEventDetails: { input: '{"card":"4111 \\"x\\""}', inputDetails: { truncated: false } } },
      { timestamp: '2024-04-08T11:17:23.900000+02:00', type: 'TaskStateEntered', id: 2, previousEventId: 1, stateEnteredEventDetails: { name: 'Charge \u00e9 card', input: '{}' } },
    ],
    NextToken: null,
  },
  null,
  4,
);

describe('JsonUnitReader', () => {
  it('hands over each element of "events" and the unit\'s other fields', () => {
    const r = read([HISTORY]);
    expect(plain(r.events)).toEqual(JSON.parse(HISTORY).events);
    expect(r.units).toHaveLength(1);
    expect(r.units[0]!.events).toBe(2);
    expect(plain(r.units[0]!.fields)).toEqual({ NextToken: null });
  });

  it('gives the same result however the text is cut (property)', () => {
    const whole = plain(read([HISTORY]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: HISTORY.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(HISTORY.slice(from, p));
          from = p;
        }
        chunks.push(HISTORY.slice(from));
        expect(plain(read(chunks))).toEqual(whole);
      }),
    );
  });

  it('matches JSON.parse on arbitrary JSON units (property)', () => {
    // Keys that could set a prototype are dropped at any depth (see "never lets a key set a prototype").
    const value = fc.jsonValue().filter((v) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(fc.dictionary(fc.string().filter((k) => !['__proto__', 'constructor', 'prototype', 'events'].includes(k)), value), fc.integer({ min: 1, max: 7 }), (object, size) => {
        const text = JSON.stringify(object);
        const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [''];
        const r = read(chunks, { ...KEEP_ALL, maxStringLength: 1e9, maxItems: 1e9, maxDepth: 1_000 });
        expect(plain(r.units[0]!.fields)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads several top-level values (JSON Lines) and top-level arrays of units', () => {
    const r = read(['{"type":"a","n":1}\n{"type":"b","n":2}\n[{"x":1},{"x":2}]']);
    expect(r.units.map((u) => plain(u.fields))).toEqual([{ type: 'a', n: 1 }, { type: 'b', n: 2 }, { x: 1 }, { x: 2 }]);
    expect(r.arrays).toBe(1);
  });

  it('keeps only allowlisted keys, at any depth, and drops long strings unread', () => {
    const options: JsonUnitOptions = { ...KEEP_ALL, eventKeys: (k) => k === 'id' || k === 'details' || k === 'name', maxStringLength: 10 };
    const r = read(['{"events":[{"id":1,"input":"secret","details":{"name":"ok","cause":"secret"}},{"id":2,"details":{"name":"far too long a name"}}]}'], options);
    expect(plain(r.events)).toEqual([{ id: 1, details: { name: 'ok' } }, { id: 2, details: {} }]);
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('never lets a key set a prototype', () => {
    const r = read(['{"__proto__":{"polluted":true},"a":{"constructor":1,"b":2}}']);
    expect(plain(r.units[0]!.fields)).toEqual({ a: { b: 2 } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"events":[{"id":1},', 'the text ends before the JSON is complete'],
    ['{"a": "unterminated', 'the text ends inside a string'],
    ['{"a": 1,}', 'a trailing comma?'],
    ['{1: 2}', 'expected a key in double quotes'],
    ['{"a" 1}', 'expected a colon'],
    ['[1, 2', 'the text ends before the JSON is complete'],
    ['{"a": tru}', 'not JSON'],
    ['{"a": 01}', 'not JSON'],
    ['{"a": [1 2]}', 'expected a comma'],
    ['   ', 'there is no JSON value'],
    ['"just a string"', 'expected an object or an array'],
    ['{"a": "bad \\x escape"}', 'invalid escape'],
  ])('%j is an error: %s', (text, message) => {
    expect(() => read([text])).toThrow(JsonSyntaxError);
    expect(() => read([text])).toThrow(message);
  });

  it('says where an error is (line and column)', () => {
    try {
      read(['{\n  "a": 1,\n  "b": ]\n}']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).line).toBe(3);
      expect((error as JsonSyntaxError).column).toBe(8);
    }
  });

  it('refuses hostile nesting and sizes', () => {
    expect(() => read(['['.repeat(100) + ']'.repeat(100)])).toThrow(/nests more than 32 levels/);
    expect(() => read([`{"a":[${Array.from({ length: 1_001 }, () => 1).join(',')}]}`])).toThrow(/more than 1,000 items/);
  });

  it('a file read whole and parsed natively gives exactly what streaming gives (property)', () => {
    const parsedRead = (text: string, options: JsonUnitOptions): Read => {
      const out: Read = { events: [], units: [], arrays: 0 };
      emitParsed(JSON.parse(text), { event: (v) => out.events.push(v), unit: (fields, events) => out.units.push({ fields: { ...fields }, events }), arrayEnd: () => out.arrays++ }, options);
      return out;
    };
    const options: JsonUnitOptions = { ...KEEP_ALL, eventKeys: (k) => k.length % 2 === 0, fieldKeys: (k) => k.length % 3 !== 1, maxStringLength: 6 };
    expect(plain(parsedRead(HISTORY, KEEP_ALL))).toEqual(plain(read([HISTORY])));
    const doc = fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
      fc.record({ events: fc.array(fc.jsonValue()), rest: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(doc, (value) => {
        const text = JSON.stringify(value);
        expect(plain(parsedRead(text, options))).toEqual(plain(read([text], options)));
      }),
    );
  });
});
