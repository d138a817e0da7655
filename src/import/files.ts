/**
 * The files of one project, as the importers see them. Importers are pure functions over parsed
 * data plus this interface; src/io implements it (reading only inside the project root).
 */

/** Files of one project, read only inside its root. */
export interface ProjectFiles {
  readonly root: string;
  /** Text of a file named by another file: `path` is relative to the folder of `namedBy` (or absolute); throws FlowcostError (code 'file-read', file = namedBy) when it cannot or may not be read. */
  readText(path: string, namedBy: string): { readonly file: string; readonly text: string };
  /** Names of the entries of a directory inside the root (sorted). */
  list(dir: string): readonly string[];
  isDirectory(path: string): boolean;
}
