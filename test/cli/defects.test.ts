/**
 * Issue 15, defects 1, 2, 3, 11 and 12, on the built binary (dist/bundle/flowcost.mjs, built by
 * `npm test` before vitest): a closed stdout, the version, the package's LICENSE and README links,
 * collection keys, and the help.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'bundle', 'flowcost.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license: string };

function flowcost(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs flowcost with a stdout whose reader has already gone: every write fails with EPIPE. */
function closedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout (flowcost … | head -1)', () => {
  it.each([
    [['pricing', 'list']],
    [['pricing', 'show']],
    [['analyze', 'examples/api-backend.yaml', '-n', '500']],
    [['analyze', 'examples/api-backend.yaml', '-n', '500', '-f', 'json']],
    [['sweep', 'examples/api-backend.yaml', '--vary', 'executionsPerMonth=1k..1M', '-n', '200']],
    [['validate', 'examples/api-backend.yaml']],
    [['--help']],
  ])('%j ends quietly with exit 0', async (args) => {
    const result = await closedStdout(args);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at .*\.m?js:\d+/);
  });

  it('through a real pipe to head -1 as well', () => {
    const out = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" pricing list | head -1; echo "exit \${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/^pricing .*\nexit 0\n$/);
  });
});

describe('--version', () => {
  it("prints flowcost's own version", () => {
    expect(flowcost(['--version']).stdout).toBe(`${pkg.version}\n`);
    // In a folder whose package.json says otherwise, too.
    const host = mkdtempSync(join(tmpdir(), 'flowcost-host-'));
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host', version: '9.9.9' }));
    expect(flowcost(['--version'], host).stdout).toBe(`${pkg.version}\n`);
  });

  it('installed from the packed tarball into another project, npx flowcost --version prints its own version', () => {
    const work = mkdtempSync(join(tmpdir(), 'flowcost-pack-'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const host = join(work, 'host');
    execFileSync('mkdir', [host]);
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host', version: '9.9.9', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(work, tarball)], { cwd: host, stdio: 'ignore' });
    const version = execFileSync('npx', ['--no-install', 'flowcost', '--version'], { cwd: host, encoding: 'utf8' });
    expect(version).toBe(`${pkg.version}\n`);
    // And it runs: the bundled example analyzes from the installed package.
    const analyzed = execFileSync('npx', ['--no-install', 'flowcost', 'analyze', 'node_modules/flowcost/examples/api-backend.yaml', '-n', '200', '-f', 'json'], { cwd: host, encoding: 'utf8' });
    expect((JSON.parse(analyzed) as { schemaVersion: number }).schemaVersion).toBe(1);
  }, 300_000);
});

describe('the package', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [{ files: { path: string }[] }];
  const files = packed[0].files.map((f) => f.path);

  it('holds a LICENSE (MIT, as package.json says)', () => {
    expect(pkg.license).toBe('MIT');
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it("every relative link of the README points at a file or folder in the package", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^(https?:|mailto:|#)/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const target = link.replace(/^\.\//, '').replace(/#.*$/, '').replace(/\/$/, '');
      expect(files.some((f) => f === target || f.startsWith(`${target}/`)), link).toBe(true);
    }
  });
});

describe('YAML keys that are collections (defect 11)', () => {
  it('are reported at their line and column, with no warning from Node', () => {
    const result = flowcost(['validate', 'test/bad-inputs/collection-key.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('test/bad-inputs/collection-key.yaml:5:3  error[yaml-syntax]: a key here is a list or a mapping');
    expect(result.stderr).not.toContain('stringified');
    expect(result.stderr).not.toContain('Warning');
  });
});

describe('help (defect 12)', () => {
  it('flowcost with no command prints the help on stderr and exits 2', () => {
    const result = flowcost([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('flowcost <command> [options]');
    expect(result.stderr).toMatch(/flowcost analyze <file>/);
    expect(result.stderr).toMatch(/flowcost: name a command: analyze, sweep, gate, pricing, validate, import, export, calibrate\n$/);
  });

  it('validate --help shows no contradictory [required] [default: []]', () => {
    const result = flowcost(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/files +Workload or policy YAML files \(one or more\) +\[array\] \[required\]\n/);
    expect(result.stdout).not.toContain('[default: []]');
    expect(flowcost(['validate']).code).toBe(2);
  });
});
