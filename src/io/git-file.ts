/**
 * A file as a git commit holds it (`gate --policy-ref origin/main:flowcost/policy.yaml`): the policy
 * that judges a pull request comes from the base branch, which the pull request cannot change.
 *
 * git runs through execFile with a fixed argv (never a shell), `--end-of-options` before the only
 * argument that comes from the user (which may not start with "-" either), a time limit and a
 * bounded output; its answers become clear errors (no git, not a repository, no such ref, no such file).
 */
import { FlowcostError } from '../errors/problem.js';
import { terminalText } from '../report/escape.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';
import { localeNumber } from '../report/locale-number.js';

export interface GitFile {
  /** "REF:PATH", as given: the name problems carry. */
  readonly spec: string;
  readonly ref: string;
  /** PATH, relative to the repository's top folder. */
  readonly path: string;
  readonly text: string;
  /** The repository's top folder (its working tree). */
  readonly topLevel: string;
}

const TIMEOUT_MS = 20_000;

/** Reads REF:PATH from the git repository that holds `cwd`. */
export function readGitFile(spec: string, cwd: string, what = 'the policy'): GitFile {
  function fail(message: string, hint: string): never {
    throw new FlowcostError([{ code: 'usage', message: `--policy-ref ${terminalText(spec)}: ${message}`, hint }]);
  }
  const colon = spec.indexOf(':');
  const ref = colon < 0 ? '' : spec.slice(0, colon);
  const path = colon < 0 ? '' : spec.slice(colon + 1).replace(/^\.?\//, '');
  if (ref === '' || path === '') fail('give a git ref and a path, REF:PATH', 'e.g. --policy-ref origin/main:flowcost/policy.yaml');
  if (ref.startsWith('-') || /[\0\n\r]/.test(spec)) fail('this is not a git ref', 'e.g. --policy-ref origin/main:flowcost/policy.yaml');

  const git = (args: readonly string[], maxBuffer: number): { ok: true; stdout: Buffer } | { ok: false; stderr: string; code: string | undefined } => {
    try {
      // (child_process loads on first use: about 3 ms of every start otherwise.)
      const stdout = process.getBuiltinModule('node:child_process').execFileSync('git', [...args], {
        cwd,
        encoding: 'buffer',
        maxBuffer,
        timeout: TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        windowsHide: true,
      });
      return { ok: true, stdout };
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string | Buffer };
      return { ok: false, stderr: String(failure.stderr ?? ''), code: failure.code };
    }
  };

  const topLevel = git(['rev-parse', '--show-toplevel'], 64 * 1024);
  if (!topLevel.ok) {
    if (topLevel.code === 'ENOENT') fail('git is not installed (or not on the PATH)', 'install git, or give the policy file with --policy');
    fail(`${cwd} is not inside a git repository`, 'run flowcost in the repository (or choose it with --root), or give the policy file with --policy');
  }
  const commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], 64 * 1024);
  if (!commit.ok) {
    fail(
      `the ref "${terminalText(ref)}" does not exist in this repository`,
      'fetch it first (e.g. git fetch --depth=1 origin "$BASE_SHA"), or check its name',
    );
  }
  const kind = git(['cat-file', '-t', '--end-of-options', `${ref}:${path}`], 64 * 1024);
  if (!kind.ok) fail(`${terminalText(ref)} has no file ${terminalText(path)}`, `check the path: it is relative to the repository's top folder, and ${what} must be committed on ${terminalText(ref)}`);
  const type = kind.stdout.toString('utf8').trim();
  if (type !== 'blob') fail(`${terminalText(path)} is a ${terminalText(type)} in ${terminalText(ref)}, not a file`, 'give the path of a YAML file');

  // One byte over the cap makes execFileSync fail with ENOBUFS: the output is bounded.
  const shown = git(['show', '--no-textconv', '--end-of-options', `${ref}:${path}`], MAX_SOURCE_BYTES + 1);
  if (!shown.ok) {
    if (shown.code === 'ENOBUFS') fail(`the file is larger than the limit of ${localeNumber(MAX_SOURCE_BYTES)} bytes`, 'split the file or remove unused parts');
    fail(`git could not show it (${terminalText(shown.stderr.trim().split('\n')[0] ?? '')})`, 'check the ref and the path');
  }
  if (shown.stdout.includes(0)) fail('the file is binary, not YAML text', 'give a YAML policy file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(shown.stdout).replace(/^\uFEFF/, '');
  } catch {
    fail('the file is not UTF-8 text', 'save the file as UTF-8');
  }
  return { spec, ref, path, text, topLevel: topLevel.stdout.toString('utf8').trim() };
}
