import { localeNumber } from '../report/locale-number.js';
/**
 * An incremental JSON reader for exports too large to hold in memory: text goes in chunk by chunk,
 * and out come "units" and their "events", each built from allowlisted keys only.
 *
 *  - A unit is a top-level object, or an object element of a top-level array. Several top-level
 *    values in a row (JSON Lines) are several units.
 *  - The elements of a unit's `events` array are handed over one at a time as they complete
 *    (`aws stepfunctions get-execution-history` and `aws logs filter-log-events` both put their
 *    records there), so a history of any length is never held as a whole.
 *  - Everything else is skipped unless its key is allowlisted; strings longer than a cap are
 *    scanned and dropped, never kept. Payloads (execution input and output, log messages one does
 *    not need) therefore never reach the rest of the program.
 *
 * Strict JSON (RFC 8259) except that skipped strings are not checked for control characters.
 * Errors carry 1-based line and column.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface JsonUnitHandler {
  /** One element of a unit's `events` array (an object keeps only `eventKeys`). */
  event(value: JsonValue): void;
  /** A unit ended: its allowlisted fields, and the number of its events (undefined: it had no `events` array). */
  unit(fields: JsonObject, events: number | undefined): void;
  /** A top-level array ended. */
  arrayEnd?(): void;
}

export interface JsonUnitOptions {
  /** Keys kept inside events (at any depth). */
  readonly eventKeys: (key: string) => boolean;
  /** Keys kept in a unit's fields (at any depth). */
  readonly fieldKeys: (key: string) => boolean;
  /** Longer strings are dropped (their key is left out). */
  readonly maxStringLength: number;
  /** Larger kept arrays or objects are an error. */
  readonly maxItems: number;
  readonly maxDepth: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const enum Role {
  TopArray,
  Unit,
  Events,
  Build,
  Skip,
}

const enum Expect {
  /** Object: a key or the end (just after `{`). */
  KeyOrEnd,
  /** Object: a key (after a comma). */
  Key,
  Colon,
  /** A value (object after a colon; array after a comma). */
  Value,
  /** Array: a value or the end (just after `[`). */
  ValueOrEnd,
  CommaOrEnd,
}

interface Frame {
  readonly role: Role;
  readonly isObject: boolean;
  expect: Expect;
  key: string | undefined;
  /** Built value (Build), or a unit's fields (Unit). */
  readonly target: JsonObject | JsonValue[] | undefined;
  readonly filter: ((key: string) => boolean) | undefined;
  items: number;
  /** Unit: its events count once its `events` array has ended. */
  events: number | undefined;
}

/** A value that was scanned but not kept. */
const SKIPPED = Symbol('skipped');
type Completed = JsonValue | typeof SKIPPED;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_KEY_LENGTH = 1_024;
const MAX_ATOM_LENGTH = 64;
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export class JsonUnitReader {
  private readonly stack: Frame[] = [];
  /** Offset of the chunk being read within the whole text. */
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private values = 0;

  // A string being read.
  private inString = false;
  private stringIsKey = false;
  private stringKept = false;
  private stringText = '';
  private stringEscaped = false;
  private stringLength = 0;
  private pendingEscape = false;
  // A number or literal being read.
  private atom = '';
  private inAtom = false;
  // Where the current token started (for messages).
  private tokenAt = 0;

  constructor(
    private readonly handler: JsonUnitHandler,
    private readonly options: JsonUnitOptions,
  ) {}

  /** Top-level values read so far. */
  get topLevelValues(): number {
    return this.values;
  }

  write(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        i = this.continueString(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.inAtom) {
        if (isAtomChar(c)) {
          if (this.atom.length >= MAX_ATOM_LENGTH) this.fail('a number or literal is too long', i);
          this.atom += chunk[i];
          i++;
          continue;
        }
        this.finishAtom(i);
      }
      switch (c) {
        case 0x20:
        case 0x09:
        case 0x0d:
          // Indentation comes in runs.
          while (i + 1 < n && chunk.charCodeAt(i + 1) === 0x20) i++;
          break;
        case 0x0a:
          this.line++;
          this.lineStart = this.offset + i + 1;
          break;
        case 0x7b: // {
          this.openContainer(true, i);
          break;
        case 0x5b: // [
          this.openContainer(false, i);
          break;
        case 0x7d: // }
          this.closeContainer(true, i);
          break;
        case 0x5d: // ]
          this.closeContainer(false, i);
          break;
        case 0x3a: // :
          this.colon(i);
          break;
        case 0x2c: // ,
          this.comma(i);
          break;
        case 0x22: // "
          this.startString(i);
          i++;
          continue;
        default:
          if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
            this.startValue(i);
            this.inAtom = true;
            this.atom = chunk[i]!;
            this.tokenAt = this.offset + i;
          } else if (c === 0xfeff && this.offset + i === 0) {
            // A byte-order mark at the start.
          } else {
            this.fail(`unexpected character ${describeChar(c)}`, i);
          }
      }
      i++;
    }
    this.offset += n;
  }

  end(): void {
    if (this.inAtom) this.finishAtom(0);
    if (this.inString) this.fail('the text ends inside a string (the file is truncated)', 0);
    if (this.stack.length > 0) {
      const open = this.stack.filter((f) => f.isObject).length;
      throw this.error(
        `the text ends before the JSON is complete: ${this.stack.length} bracket${this.stack.length === 1 ? '' : 's'} ` +
          `(${open} object${open === 1 ? '' : 's'}) still open (the file is truncated)`,
        0,
      );
    }
    if (this.values === 0) this.fail('there is no JSON value in the text', 0);
  }

  // ── structure ──────────────────────────────────────────────────────────────

  /** Checks that a value may start here and decides what becomes of it. */
  private startValue(at: number): { role: Role; filter: ((key: string) => boolean) | undefined } {
    const top = this.stack[this.stack.length - 1];
    if (!top) return { role: Role.Skip, filter: undefined };
    if (top.isObject ? top.expect !== Expect.Value : top.expect !== Expect.Value && top.expect !== Expect.ValueOrEnd) {
      this.fail(
        top.isObject && (top.expect === Expect.KeyOrEnd || top.expect === Expect.Key)
          ? 'expected a key in double quotes'
          : top.expect === Expect.Colon
            ? 'expected a colon after the key'
            : 'expected a comma or a closing bracket',
        at,
      );
    }
    switch (top.role) {
      case Role.TopArray:
        return { role: Role.Skip, filter: undefined };
      case Role.Unit: {
        const key = top.key;
        if (key === undefined) return { role: Role.Skip, filter: undefined };
        if (key === 'events') return { role: Role.Events, filter: undefined };
        return this.options.fieldKeys(key) && !FORBIDDEN_KEYS.has(key) ? { role: Role.Build, filter: this.options.fieldKeys } : { role: Role.Skip, filter: undefined };
      }
      case Role.Events:
        return { role: Role.Build, filter: this.options.eventKeys };
      case Role.Build: {
        if (!top.isObject) return { role: Role.Build, filter: top.filter };
        const key = top.key;
        if (key === undefined) return { role: Role.Skip, filter: undefined };
        return top.filter!(key) && !FORBIDDEN_KEYS.has(key) ? { role: Role.Build, filter: top.filter } : { role: Role.Skip, filter: undefined };
      }
      case Role.Skip:
        return { role: Role.Skip, filter: undefined };
    }
  }

  private openContainer(isObject: boolean, at: number): void {
    const top = this.stack[this.stack.length - 1];
    let role: Role;
    let filter: ((key: string) => boolean) | undefined;
    if (!top) {
      role = isObject ? Role.Unit : Role.TopArray;
    } else if (top.role === Role.TopArray) {
      this.startValue(at);
      role = isObject ? Role.Unit : Role.Skip;
    } else {
      ({ role, filter } = this.startValue(at));
      if (role === Role.Events && isObject) role = Role.Skip; // "events": {…} is not a list of events
    }
    if (this.stack.length >= this.options.maxDepth) this.fail(`the JSON nests more than ${this.options.maxDepth} levels deep`, at);
    const target = role === Role.Build || role === Role.Unit ? (isObject ? (Object.create(null) as JsonObject) : []) : undefined;
    this.stack.push({
      role,
      isObject,
      expect: isObject ? Expect.KeyOrEnd : Expect.ValueOrEnd,
      key: undefined,
      target,
      filter,
      items: 0,
      events: undefined,
    });
  }

  private closeContainer(isObject: boolean, at: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) this.fail(`unexpected ${isObject ? '}' : ']'}`, at);
    if (frame.isObject !== isObject) this.fail(`expected ${frame.isObject ? '}' : ']'} but found ${isObject ? '}' : ']'}`, at);
    const canClose = isObject ? frame.expect === Expect.KeyOrEnd || frame.expect === Expect.CommaOrEnd : frame.expect === Expect.ValueOrEnd || frame.expect === Expect.CommaOrEnd;
    if (!canClose) this.fail(frame.expect === Expect.Colon ? 'expected a colon after the key' : 'expected a value before the closing bracket (a trailing comma?)', at);
    this.stack.pop();
    let value: Completed = SKIPPED;
    switch (frame.role) {
      case Role.Build:
        value = frame.target as JsonValue;
        break;
      case Role.Unit:
        this.handler.unit(frame.target as JsonObject, frame.events);
        break;
      case Role.Events: {
        const unit = this.stack[this.stack.length - 1];
        if (unit && unit.role === Role.Unit) unit.events = (unit.events ?? 0) + frame.items;
        break;
      }
      case Role.TopArray:
        this.handler.arrayEnd?.();
        break;
      case Role.Skip:
        break;
    }
    this.completeValue(value, at);
  }

  private completeValue(value: Completed, at: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.values++;
      return;
    }
    top.items++;
    switch (top.role) {
      case Role.Events:
        if (value !== SKIPPED) this.handler.event(value);
        break;
      case Role.Unit:
      case Role.Build:
        if (value !== SKIPPED) {
          if (top.items > this.options.maxItems) this.fail(`more than ${localeNumber(this.options.maxItems)} items in one array or object`, at);
          if (top.isObject) (top.target as JsonObject)[top.key!] = value;
          else (top.target as JsonValue[]).push(value);
        }
        break;
      default:
        break;
    }
    top.expect = Expect.CommaOrEnd;
  }

  private colon(at: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || !top.isObject || top.expect !== Expect.Colon) this.fail('unexpected colon', at);
    top.expect = Expect.Value;
  }

  private comma(at: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.expect !== Expect.CommaOrEnd) this.fail('unexpected comma', at);
    top.expect = top.isObject ? Expect.Key : Expect.Value;
  }

  // ── strings ────────────────────────────────────────────────────────────────

  private startString(at: number): void {
    const top = this.stack[this.stack.length - 1];
    this.tokenAt = this.offset + at;
    if (top && top.isObject && (top.expect === Expect.KeyOrEnd || top.expect === Expect.Key)) {
      this.stringIsKey = true;
      this.stringKept = true;
    } else {
      const { role } = this.startValue(at);
      if (!top) this.fail('expected an object or an array, not a string', at);
      this.stringIsKey = false;
      this.stringKept = role === Role.Build;
    }
    this.inString = true;
    this.stringText = '';
    this.stringEscaped = false;
    this.stringLength = 0;
    this.pendingEscape = false;
  }

  private continueString(chunk: string, from: number): number {
    const n = chunk.length;
    let i = from;
    while (i < n) {
      if (this.pendingEscape) {
        this.keep(chunk, i, i + 1);
        this.pendingEscape = false;
        i++;
        continue;
      }
      const quote = chunk.indexOf('"', i);
      const backslash = chunk.indexOf('\\', i);
      if (backslash !== -1 && (quote === -1 || backslash < quote)) {
        this.keep(chunk, i, backslash + 1);
        this.pendingEscape = true;
        this.stringEscaped = true;
        i = backslash + 1;
        continue;
      }
      if (quote === -1) {
        this.keep(chunk, i, n);
        return n;
      }
      this.keep(chunk, i, quote);
      this.finishString(quote);
      return quote + 1;
    }
    return n;
  }

  private keep(chunk: string, from: number, to: number): void {
    this.stringLength += to - from;
    if (!this.stringKept) return;
    // Escapes take up to six characters per character: the cap on the decoded string is checked at its end.
    const limit = 6 * (this.stringIsKey ? MAX_KEY_LENGTH : this.options.maxStringLength);
    if (this.stringLength > limit) {
      this.stringKept = false;
      this.stringText = '';
      return;
    }
    this.stringText += chunk.slice(from, to);
  }

  private finishString(at: number): void {
    this.inString = false;
    let value: string | undefined;
    if (this.stringKept) {
      if (!this.stringEscaped) value = this.stringText;
      else {
        try {
          value = JSON.parse(`"${this.stringText}"`) as string;
        } catch {
          this.fail('a string holds an invalid escape or control character', at);
        }
      }
    }
    this.stringText = '';
    if (value !== undefined && value.length > (this.stringIsKey ? MAX_KEY_LENGTH : this.options.maxStringLength)) value = undefined;
    const top = this.stack[this.stack.length - 1]!;
    if (this.stringIsKey) {
      // A key too long to keep: its value is skipped.
      top.key = value;
      top.expect = Expect.Colon;
      return;
    }
    this.completeValue(value === undefined ? SKIPPED : value, at);
  }

  // ── numbers and literals ───────────────────────────────────────────────────

  private finishAtom(at: number): void {
    this.inAtom = false;
    const text = this.atom;
    let value: JsonValue;
    if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else if (NUMBER_RE.test(text)) value = Number(text);
    else {
      // The text itself is not echoed: it may be anything.
      this.failAt('a value that is not JSON (not a number, true, false, null or a string in double quotes)', this.tokenAt);
    }
    const top = this.stack[this.stack.length - 1];
    if (!top) this.failAt('expected an object or an array at the top level', this.tokenAt);
    const { role } = this.startValueChecked(at);
    this.completeValue(role === Role.Build || role === Role.Events || top.role === Role.Events ? value : SKIPPED, at);
  }

  /** startValue for an atom that has already been read (its position was checked when it began). */
  private startValueChecked(at: number): { role: Role } {
    const top = this.stack[this.stack.length - 1]!;
    if (top.role === Role.Events) return { role: Role.Events };
    return this.startValue(at);
  }

  // ── errors ─────────────────────────────────────────────────────────────────

  private error(message: string, at: number): JsonSyntaxError {
    const absolute = this.offset + at;
    return new JsonSyntaxError(message, this.line, Math.max(1, absolute - this.lineStart + 1));
  }

  private fail(message: string, at: number): never {
    throw this.error(message, at);
  }

  private failAt(message: string, absolute: number): never {
    throw new JsonSyntaxError(message, this.line, Math.max(1, absolute - this.lineStart + 1));
  }
}

function isAtomChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b || c === 0x2d;
}

function describeChar(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `"${String.fromCharCode(c)}"` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The same units and events from a value JSON.parse has already built (a small file read whole:
 * native parsing is several times faster than this reader). The allowlists, the string cap and the
 * size limits apply exactly as when streaming.
 */
export function emitParsed(value: unknown, handler: JsonUnitHandler, options: JsonUnitOptions): void {
  const unit = (object: Record<string, unknown>): void => {
    const fields = Object.create(null) as JsonObject;
    let events: number | undefined;
    for (const key of Object.keys(object)) {
      const v = object[key];
      if (key.length > MAX_KEY_LENGTH) continue;
      if (key === 'events' && Array.isArray(v)) {
        if (v.length > MAX_PARSED_EVENTS) throw new JsonSyntaxError(`more than ${localeNumber(MAX_PARSED_EVENTS)} events in one list`, 1, 1);
        for (const e of v) {
          const built = filtered(e, options.eventKeys, options, 1);
          if (built !== SKIPPED) handler.event(built);
        }
        events = (events ?? 0) + v.length;
        continue;
      }
      if (FORBIDDEN_KEYS.has(key) || !options.fieldKeys(key)) continue;
      const built = filtered(v, options.fieldKeys, options, 1);
      if (built !== SKIPPED) fields[key] = built;
    }
    handler.unit(fields, events);
  };
  if (Array.isArray(value)) {
    for (const element of value) if (element !== null && typeof element === 'object' && !Array.isArray(element)) unit(element as Record<string, unknown>);
    handler.arrayEnd?.();
  } else if (value !== null && typeof value === 'object') {
    unit(value as Record<string, unknown>);
  } else {
    throw new JsonSyntaxError('expected an object or an array at the top level', 1, 1);
  }
}

/** An events list read whole may be this long (a streamed one is handed over element by element). */
const MAX_PARSED_EVENTS = 1_000_000;

function filtered(value: unknown, keep: (key: string) => boolean, options: JsonUnitOptions, depth: number): Completed {
  if (depth > options.maxDepth) throw new JsonSyntaxError(`the JSON nests more than ${options.maxDepth} levels deep`, 1, 1);
  if (typeof value === 'string') return value.length > options.maxStringLength ? SKIPPED : value;
  if (value === null || typeof value !== 'object') return value as JsonValue;
  if (Array.isArray(value)) {
    if (value.length > options.maxItems) throw new JsonSyntaxError(`more than ${localeNumber(options.maxItems)} items in one array or object`, 1, 1);
    const out: JsonValue[] = [];
    for (const item of value) {
      const built = filtered(item, keep, options, depth + 1);
      if (built !== SKIPPED) out.push(built);
    }
    return out;
  }
  const out = Object.create(null) as JsonObject;
  let items = 0;
  for (const key of Object.keys(value)) {
    if (key.length > MAX_KEY_LENGTH || FORBIDDEN_KEYS.has(key) || !keep(key)) continue;
    if (++items > options.maxItems) throw new JsonSyntaxError(`more than ${localeNumber(options.maxItems)} items in one array or object`, 1, 1);
    const built = filtered((value as Record<string, unknown>)[key], keep, options, depth + 1);
    if (built !== SKIPPED) out[key] = built;
  }
  return out;
}
