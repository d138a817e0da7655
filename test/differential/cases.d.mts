import type { Random } from '../../src/engine/random.js';
export interface DifferentialCase {
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly samples: number;
}
export function mutate(text: string, random: Random): string;
export function differentialCases(options: { Random: typeof Random; fuzzCandidates?: number }): DifferentialCase[];
