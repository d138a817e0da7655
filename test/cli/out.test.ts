/**
 * Issue 14, item 11: `--out` writes regular files only, atomically. A device node, a FIFO, a
 * directory, a file this run reads (by any path to it) and a read-only file are refused, exit 2,
 * and stay exactly as they were.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const WORKLOAD = 'name: w\nregion: us-east-1\nexecutionsPerMonth: 1000\nsteps:\n  - task: t\n    duration: 100ms\n';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-out-'));
  mkdirSync(join(dir, '.git'));
  const workload = join(dir, 'w.yaml');
  writeFileSync(workload, WORKLOAD);
  return { dir, workload };
}

describe('--out', () => {
  it('refuses a device node (made here with mknod), leaving it a device', async () => {
    const { dir, workload } = setup();
    const device = join(dir, 'null-device');
    // A character device like /dev/null (1, 3); skipped where mknod is not allowed.
    if (spawnSync('mknod', [device, 'c', '1', '3']).status !== 0) return;
    const commands = [
      ['analyze', workload, '--samples', '100'],
      ['sweep', workload, '--vary', 'executionsPerMonth=10..100', '--samples', '100'],
      ['import', join(import.meta.dirname, '..', 'fixtures', 'asl', 'retry-catch.asl.json')],
    ];
    for (const command of commands) {
      const result = await runCli([...command, '--out', device]);
      expect(result.code, command[0]).toBe(2);
      expect(result.stderr).toContain('is a character device, not a regular file');
      expect(statSync(device).isCharacterDevice()).toBe(true);
    }
  });

  it('refuses a FIFO and a directory at once (before simulating)', async () => {
    const { dir, workload } = setup();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const viaFifo = await runCli(['analyze', workload, '--out', fifo]);
    expect(viaFifo.code).toBe(2);
    expect(viaFifo.stderr).toContain('is a FIFO (named pipe), not a regular file');
    expect(statSync(fifo).isFIFO()).toBe(true);
    const viaDir = await runCli(['analyze', workload, '--out', dir]);
    expect(viaDir.code).toBe(2);
    expect(viaDir.stderr).toContain('is a directory, not a regular file');
  });

  it('refuses to overwrite a file the run reads: the workload, its definition, by a link or a hard link', async () => {
    const { dir, workload } = setup();
    writeFileSync(join(dir, 'machine.asl.json'), JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    const imported = join(dir, 'imported.yaml');
    writeFileSync(imported, 'name: i\nregion: us-east-1\nexecutionsPerMonth: 10\nstateMachine: { definition: machine.asl.json }\n');
    symlinkSync(workload, join(dir, 'link.yaml'));
    linkSync(workload, join(dir, 'hard.yaml'));
    const cases: [string, string][] = [
      [workload, workload],
      [join(dir, 'link.yaml'), workload],
      [workload, join(dir, 'hard.yaml')],
      [imported, join(dir, 'machine.asl.json')],
      [imported, imported],
    ];
    for (const [input, out] of cases) {
      const before = readFileSync(out, 'utf8');
      const result = await runCli(['analyze', input, '--samples', '100', '-f', 'json', '--out', out]);
      expect(result.code, out).toBe(2);
      expect(result.stderr).toContain('is a file this run reads');
      expect(readFileSync(out, 'utf8')).toBe(before);
    }
    const sweep = await runCli(['sweep', workload, '--vary', 'executionsPerMonth=10..100', '--samples', '100', '--out', workload]);
    expect(sweep.code).toBe(2);
    expect(readFileSync(workload, 'utf8')).toBe(WORKLOAD);
  });

  it('refuses a read-only file (even as root), keeps it and its mode', async () => {
    const { dir, workload } = setup();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o444);
    const result = await runCli(['analyze', workload, '--samples', '100', '-f', 'json', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is read-only');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(statSync(out).mode & 0o777).toBe(0o444);
  });

  it('replaces a writable regular file atomically and keeps its mode; never writes through a symbolic link', async () => {
    const { dir, workload } = setup();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o640);
    const result = await runCli(['analyze', workload, '--samples', '100', '-f', 'json', '--out', out]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    const link = join(dir, 'latest.json');
    symlinkSync(out, link);
    writeFileSync(out, 'old\n');
    const viaLink = await runCli(['analyze', workload, '--samples', '100', '-f', 'json', '--out', link]);
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toContain('is a symbolic link');
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(spawnSync('test', ['-L', link]).status).toBe(0);
  });
});
