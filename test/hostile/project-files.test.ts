/**
 * Issue 14, items 1 and 2: a file named by a file (a workload's definition, a template's
 * DefinitionUri) is read only inside the project root, never under .git/, never through a symbolic
 * link that leaves the project, regular files only, with a bounded read; paths on the command line
 * are read where they are, but as regular files with a bounded read too. Each case is built in a
 * temporary folder: a project with a `.git` holding a token the way actions/checkout stores it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowcostError } from '../../src/errors/problem.js';
import { defaultProjectRoot, projectFiles } from '../../src/io/project-files.js';
import { runCli } from '../helpers-cli.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'flowcost.mjs');
/** The token's text: it must appear nowhere in any output. */
const TOKEN = 'c2VjcmV0LXRva2VuLWZyb20tY2hlY2tvdXQ';
const SECRET_STATE = 'Secret state name 7f3a';
const ASL = (name: string) => JSON.stringify({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });

function project(): { dir: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-confine-')));
  const dir = join(base, 'repo');
  mkdirSync(join(dir, '.git'), { recursive: true });
  mkdirSync(join(dir, 'flowcost'));
  writeFileSync(join(dir, '.git', 'config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`);
  writeFileSync(join(dir, '.git', 'state.asl.json'), ASL(SECRET_STATE));
  writeFileSync(join(dir, 'flowcost', 'machine.asl.json'), ASL('Work'));
  // Outside the project: an ASL-shaped file whose state names must not be echoed, and a plain secret.
  const outside = join(base, 'elsewhere');
  mkdirSync(outside);
  writeFileSync(join(outside, 'machine.asl.json'), ASL(SECRET_STATE));
  writeFileSync(join(outside, 'secret.txt'), `token: ${TOKEN}\n`);
  return { dir, outside };
}

function workload(dir: string, definition: string, name = 'w.yaml'): string {
  const file = join(dir, 'flowcost', name);
  writeFileSync(file, `name: w\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: ${JSON.stringify(definition)} }\n`);
  return file;
}

function template(dir: string, uri: string): string {
  const file = join(dir, 'flowcost', 'template.yaml');
  writeFileSync(
    file,
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: ${JSON.stringify(uri)}\n`,
  );
  return file;
}

function expectClean(result: { stdout: string; stderr: string }): void {
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('extraheader');
    expect(text).not.toContain('AUTHORIZATION');
    expect(text).not.toContain(SECRET_STATE);
    expect(text).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
  }
}

/** The built binary, with a deadline: a read that blocks (a FIFO) must not hang the test run. */
function binary(args: string[], cwd: string) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 15_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started, signal: result.signal };
}

const commands = (file: string): string[][] => [
  ['validate', file],
  ['analyze', file, '--samples', '100'],
  ['sweep', file, '--vary', 'executionsPerMonth=10..100', '--samples', '100'],
  ['gate', file, '--policy', join(import.meta.dirname, '..', 'gate', 'fixtures', 'passing.yaml'), '--samples', '100'],
];

describe('files named by a workload stay inside the project', () => {
  const { dir, outside } = project();
  symlinkSync(join(outside, 'machine.asl.json'), join(dir, 'flowcost', 'link-out.asl.json'));
  symlinkSync(outside, join(dir, 'flowcost', 'dir-out'));
  symlinkSync(join(dir, '.git', 'config'), join(dir, 'flowcost', 'link-git.json'));
  symlinkSync(join(dir, 'flowcost', 'machine.asl.json'), join(dir, 'flowcost', 'link-in.asl.json'));

  const refused: [string, string, RegExp][] = [
    ['../.git/config (the checkout token)', '../.git/config', /definition: \.\.\/\.git\/config is inside a \.git folder, which flowcost never reads/],
    ['an ASL file under .git', '../.git/state.asl.json', /is inside a \.git folder/],
    ['a relative path that climbs out', '../../elsewhere/machine.asl.json', /is outside the project root/],
    ['/etc/passwd', '/etc/passwd', /definition: \/etc\/passwd is outside the project root/],
    ['an absolute path outside', join(outside, 'secret.txt'), /is outside the project root/],
    ['a symbolic link to a file outside', 'link-out.asl.json', /leads \(through a symbolic link\) outside the project root/],
    ['a path through a symbolic link to a folder outside', 'dir-out/machine.asl.json', /leads \(through a symbolic link\) outside the project root/],
    ['a symbolic link into .git', 'link-git.json', /is inside a \.git folder/],
    ['/dev/zero', '/dev/zero', /is outside the project root/],
  ];
  it.each(refused)('%s: exit 2, says why, quotes nothing from it', async (_name, definition, message) => {
    const file = workload(dir, definition);
    for (const argv of commands(file)) {
      const result = await runCli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv[0]).toMatch(message);
      expect(result.stderr).toMatch(/w\.yaml:4:\d+ {2}error\[file-read\]/);
      expectClean(result);
    }
  });

  it('a symbolic link that stays inside the project is read', async () => {
    const result = await runCli(['validate', workload(dir, 'link-in.asl.json')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('--root chooses the project: a definition beside a workload outside it is refused without --root and read with it', async () => {
    const loose = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-loose-')));
    mkdirSync(join(loose, 'flowcost'));
    writeFileSync(join(loose, 'flowcost', 'machine.asl.json'), ASL('Work'));
    const file = workload(loose, 'machine.asl.json');
    // No .git above it: the root is the working directory (this repository), which does not hold it.
    expect(defaultProjectRoot(file, process.cwd())).toBe(realpathSync(process.cwd()));
    const without = await runCli(['validate', file]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain(`is outside the project root ${realpathSync(process.cwd())}`);
    const withRoot = await runCli(['validate', file, '--root', loose]);
    expect(withRoot.stderr).toBe('');
    expect(withRoot.code).toBe(0);
    const analyzed = await runCli(['analyze', file, '--root', loose, '--samples', '100', '-f', 'json']);
    expect(analyzed.code).toBe(0);
    // --root .git does not open git's folder either.
    const gitRoot = await runCli(['validate', workload(dir, 'config', 'in-git.yaml'), '--root', join(dir, '.git')]);
    expect(gitRoot.code).toBe(2);
    expectClean(gitRoot);
    expect((await runCli(['validate', file, '--root', join(loose, 'nope')])).stderr).toContain('the project root');
  });

  it('a FIFO outside the project is never even opened (a waiting writer stays blocked)', async () => {
    const fifo = join(outside, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // This writer's open() returns only once a reader opens the FIFO.
    const writer = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, ${JSON.stringify(ASL(SECRET_STATE))})`]);
    try {
      for (const definition of [fifo, '../../elsewhere/pipe.json']) {
        const result = await runCli(['validate', workload(dir, definition)]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('is outside the project root');
        expectClean(result);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(writer.exitCode).toBeNull();
    } finally {
      writer.kill();
    }
  });
});

describe('files named by a template (DefinitionUri) stay inside the project', () => {
  const { dir, outside } = project();
  it.each([
    ['/etc/shadow', /DefinitionUri: \/etc\/shadow is outside the project root/],
    ['../.git/config', /DefinitionUri: \.\.\/\.git\/config is inside a \.git folder/],
    ['../../elsewhere/machine.asl.json', /is outside the project root/],
  ])('DefinitionUri %s: refused by import, validate and analyze', async (uri, message) => {
    const file = template(dir, uri);
    const imported = await runCli(['import', file]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(message);
    expect(imported.stderr).toMatch(/template\.yaml:6:\d+ {2}error\[file-read\]/);
    expectClean(imported);
    const viaWorkload = workload(dir, 'template.yaml');
    for (const argv of commands(viaWorkload)) {
      const result = await runCli(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expectClean(result);
    }
    void outside;
  });

  it('a DefinitionUri inside the project is read', async () => {
    const result = await runCli(['import', template(dir, 'machine.asl.json')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Work');
  });
});

describe('regular files only, bounded reads, never a hang', () => {
  const { dir } = project();
  const fifo = join(dir, 'flowcost', 'pipe.json');
  spawnSync('mkfifo', [fifo]);
  const socketPath = join(dir, 'flowcost', 'sock.json');
  const server = createServer();
  const listening = new Promise<void>((resolve) => server.listen(socketPath, resolve));
  afterAll(() => server.close());

  it('a FIFO, a socket and a device named by a workload are refused at once', async () => {
    await listening;
    for (const [definition, kind, extra] of [
      ['pipe.json', 'a FIFO (named pipe)', []],
      ['sock.json', 'a socket', []],
      ['/dev/zero', 'a character device', ['--root', '/']],
    ] as const) {
      const result = binary(['validate', workload(dir, definition), ...extra], dir);
      expect(result.signal, definition).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`definition: ${definition} is ${kind}, not a regular file`);
      expect(result.ms).toBeLessThan(10_000);
    }
  });

  it('paths on the command line: the workload, --policy, --baseline, --pricing as a device or FIFO are refused at once', () => {
    const good = workload(dir, 'machine.asl.json');
    const cases: [string[], string][] = [
      [['validate', '/dev/zero'], '/dev/zero  error[file-read]: the file is a character device, not a regular file'],
      [['analyze', fifo], 'the file is a FIFO (named pipe), not a regular file'],
      [['gate', good, '--policy', '/dev/zero'], '/dev/zero  error[file-read]: the file is a character device'],
      [['gate', good, '--policy', fifo], 'the file is a FIFO'],
      [['gate', good, '--baseline', '/dev/zero', '--policy', join(import.meta.dirname, '..', 'gate', 'fixtures', 'passing.yaml')], 'the file is a character device'],
      [['analyze', good, '--pricing', '/dev/zero'], 'the file is a character device'],
      [['analyze', good, '--pricing', fifo], 'the file is a FIFO'],
    ];
    for (const [argv, message] of cases) {
      const result = binary(argv, dir);
      expect(result.signal, argv.join(' ')).toBeNull();
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.ms).toBeLessThan(10_000);
    }
  });

  it('a file whose stat says nothing is still read at most up to the cap (/proc files report size 0)', () => {
    const files = projectFiles('/');
    // /proc/self/status is a regular file of size 0 that has content: read, bounded.
    const { text } = files.readText('/proc/self/status', '/namer.yaml');
    expect(text).toContain('Name:');
  });
});

describe('projectFiles (the interface the importers use)', () => {
  const { dir, outside } = project();
  const files = projectFiles(dir);

  it('reads relative to the naming file, returns the path as resolved, refuses outside with file = namedBy', () => {
    const namer = join(dir, 'flowcost', 'w.yaml');
    expect(files.root).toBe(dir);
    expect(files.readText('machine.asl.json', namer)).toEqual({ file: join(dir, 'flowcost', 'machine.asl.json'), text: ASL('Work') });
    for (const path of ['../.git/config', join(outside, 'secret.txt'), '../../elsewhere/secret.txt', 'missing.json']) {
      try {
        files.readText(path, namer);
        expect.unreachable(path);
      } catch (error) {
        expect(error).toBeInstanceOf(FlowcostError);
        const [problem] = (error as FlowcostError).problems;
        expect(problem).toMatchObject({ code: 'file-read', file: namer });
        expect(JSON.stringify(problem)).not.toContain(TOKEN);
      }
    }
  });

  it('lists directories inside the root (sorted, without .git), refuses outside; isDirectory only inside', () => {
    expect(files.list(dir)).toEqual(['flowcost']);
    expect(files.list(join(dir, 'flowcost'))).toEqual(['machine.asl.json']);
    expect(() => files.list(outside)).toThrow(FlowcostError);
    expect(() => files.list(join(dir, '.git'))).toThrow(/\.git/);
    expect(files.isDirectory(join(dir, 'flowcost'))).toBe(true);
    expect(files.isDirectory(join(dir, 'flowcost', 'machine.asl.json'))).toBe(false);
    expect(files.isDirectory(outside)).toBe(false);
    expect(files.isDirectory(join(dir, '.git'))).toBe(false);
  });

  it('the default root is the nearest ancestor holding .git (a folder or a file), else the working directory', () => {
    expect(defaultProjectRoot(join(dir, 'flowcost', 'w.yaml'), '/')).toBe(dir);
    const worktree = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-worktree-')));
    writeFileSync(join(worktree, '.git'), 'gitdir: /somewhere/else\n');
    mkdirSync(join(worktree, 'a', 'b'), { recursive: true });
    expect(defaultProjectRoot(join(worktree, 'a', 'b', 'w.yaml'), '/')).toBe(worktree);
    expect(defaultProjectRoot(join(outside, 'w.yaml'), dir)).toBe(dir);
  });
});
