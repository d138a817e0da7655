/**
 * Numbers written into generated source (codegen.ts, meter-codegen.ts): as literals that read back
 * as exactly that double, or, with `asData` (the engine `compiled-shared`), as slots of a table `K`,
 * one slot per use, so that the source depends on the shape of what is generated only and every
 * cell of a sweep compiles to the same function (V8 caches functions by their source).
 */
export class SourceNumbers {
  /** With `asData`: the numbers, by slot (passed to the generated code as `K`). */
  readonly constants: number[] = [];

  constructor(
    readonly asData: boolean,
    /** What the numbers come from, for the internal error on a NaN. */
    private readonly of: string,
  ) {}

  text(x: number): string {
    if (Number.isNaN(x)) throw new Error(`internal: NaN in ${this.of}`);
    return this.asData ? `K[${this.constants.push(x) - 1}]` : numberLiteral(x);
  }
}

/** A number as JavaScript source that reads back as exactly that number. */
export function numberLiteral(x: number): string {
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  const text = String(x);
  return x < 0 ? `(${text})` : text;
}
