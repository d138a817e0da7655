/**
 * When the items of an inline Map run, on both clocks: inside one function in waves of `wave`
 * items, each wave as long as its slowest item; in Step Functions each item starts in the slot
 * that frees first (at most 40 slots). Shared by both runners; one per Map node, reused per sample.
 */
export class MapSchedule {
  private lambdaMs = 0;
  private waveMax = 0;
  private inWave = 0;
  private wave = 0;

  constructor(private readonly slots: Float64Array) {}

  /** Starts a new Map run whose function-side waves hold `wave` items. */
  start(wave: number): void {
    const slots = this.slots;
    for (let s = 0; s < slots.length; s++) slots[s] = 0;
    this.lambdaMs = 0;
    this.waveMax = 0;
    this.inWave = 0;
    this.wave = wave;
  }

  /** The Step Functions slot the next item starts in (the one that frees first). */
  nextSlot(): number {
    const slots = this.slots;
    let first = 0;
    for (let s = 1; s < slots.length; s++) if (slots[s]! < slots[first]!) first = s;
    return first;
  }

  /** When `slot` frees, on the Step Functions clock. */
  slotStart(slot: number): number {
    return this.slots[slot]!;
  }

  /** Where the function-side clock stands (waves completed so far). */
  lambdaElapsed(): number {
    return this.lambdaMs;
  }

  /** Records one item that took `lambdaMs` inside a function and `sfnMs` as a Map iteration in `slot`. */
  finish(slot: number, lambdaMs: number, sfnMs: number): void {
    if (lambdaMs > this.waveMax) this.waveMax = lambdaMs;
    if (++this.inWave === this.wave) {
      this.lambdaMs += this.waveMax;
      this.waveMax = 0;
      this.inWave = 0;
    }
    this.slots[slot]! += sfnMs;
  }

  /** Both clocks once every item has finished. */
  totalLambdaMs(): number {
    return this.lambdaMs + this.waveMax;
  }

  totalSfnMs(): number {
    let sfn = 0;
    for (let s = 0; s < this.slots.length; s++) if (this.slots[s]! > sfn) sfn = this.slots[s]!;
    return sfn;
  }
}
