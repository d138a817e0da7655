/** Problems found in data before it has file positions: a path into the document and what is wrong. */
export type DataPath = readonly (string | number)[];

export interface SemanticProblem {
  readonly path: DataPath;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly hint: string;
}
