/**
 * Issue 14, item 13: `gate --policy-ref REF:PATH` takes the policy from git (the base branch), so a
 * pull request that turns every assertion off in its own copy of the policy still fails the gate.
 * Each case is a real git repository in a temporary folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers-cli.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'flowcost.mjs');
const WORKLOAD = 'name: orders\nregion: us-east-1\nexecutionsPerMonth: 1000000\nsteps:\n  - task: work\n    duration: 2s\n    memoryMb: 1024\n';
const STRICT = 'decision: lambda\nassertions:\n  decision-feasible: error\n  max-monthly-cost: [error, { usd: 1 }]\n';
const LAX = 'decision: lambda\nassertions:\n  decision-feasible: off\n  max-monthly-cost: off\n';

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
}

/** main holds the strict policy; the checked-out branch "pr" has turned it off. */
function repository(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-policy-ref-')));
  git(dir, 'init', '-q');
  mkdirSync(join(dir, 'flowcost'));
  writeFileSync(join(dir, 'flowcost', 'workload.yaml'), WORKLOAD);
  writeFileSync(join(dir, 'flowcost', 'policy.yaml'), STRICT);
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'main');
  git(dir, 'checkout', '-qb', 'pr');
  writeFileSync(join(dir, 'flowcost', 'policy.yaml'), LAX);
  git(dir, 'commit', '-qam', 'turn the gate off');
  return dir;
}

const fast = ['--samples', '200'];

describe('gate --policy-ref', () => {
  const dir = repository();
  const workload = join(dir, 'flowcost', 'workload.yaml');

  it("the base branch's policy judges the pull request, whatever the pull request's copy says", async () => {
    const own = await runCli(['gate', workload, '--policy', join(dir, 'flowcost', 'policy.yaml'), ...fast]);
    expect(own.code).toBe(0);
    const base = await runCli(['gate', workload, '--policy-ref', 'main:flowcost/policy.yaml', ...fast]);
    expect(base.code).toBe(1);
    expect(base.stdout).toContain('✗ FAIL  max-monthly-cost (error)');
    expect(base.stdout).toContain('set at main:flowcost/policy.yaml:4');
    // A commit id works as well as a branch name (the README's workflow passes the base SHA).
    const sha = git(dir, 'rev-parse', 'main').trim();
    expect((await runCli(['gate', workload, '--policy-ref', `${sha}:flowcost/policy.yaml`, ...fast])).code).toBe(1);
  });

  it('annotations point at the working-tree file only when it holds the same policy', async () => {
    const changed = await runCli(['gate', workload, '--policy-ref', 'main:flowcost/policy.yaml', '-f', 'github', ...fast]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^::error title=flowcost gate%3A max-monthly-cost::lambda costs/m);
    git(dir, 'checkout', '-q', 'main');
    try {
      const same = await runCli(['gate', workload, '--policy-ref', 'main:flowcost/policy.yaml', '-f', 'github', ...fast]);
      expect(same.stdout).toMatch(/^::error file=flowcost\/policy\.yaml,line=4,col=3,title=flowcost gate%3A max-monthly-cost::/m);
    } finally {
      git(dir, 'checkout', '-q', 'pr');
    }
  });

  it('clear errors: no such ref, no such file, a folder, REF:PATH missing, a ref that looks like an option', async () => {
    const cases: [string, RegExp][] = [
      ['origin/main:flowcost/policy.yaml', /the ref "origin\/main" does not exist in this repository/],
      ['main:flowcost/nope.yaml', /main has no file flowcost\/nope\.yaml/],
      ['main:flowcost', /flowcost is a tree in main, not a file/],
      ['main', /give a git ref and a path, REF:PATH/],
      ['--output=/tmp/flowcost-pwned:x', /this is not a git ref/],
    ];
    for (const [spec, message] of cases) {
      const result = await runCli(['gate', workload, `--policy-ref=${spec}`, ...fast]);
      expect(result.code, spec).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync('/tmp/flowcost-pwned')).toBe(false);
    const both = await runCli(['gate', workload, '--policy', 'x.yaml', '--policy-ref', 'main:flowcost/policy.yaml']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/mutually exclusive/);
  });

  it('outside a repository, and without git on the PATH', async () => {
    const loose = realpathSync(mkdtempSync(join(tmpdir(), 'flowcost-no-git-')));
    mkdirSync(join(loose, '.git'));
    writeFileSync(join(loose, 'w.yaml'), WORKLOAD);
    const notRepo = await runCli(['gate', join(loose, 'w.yaml'), '--policy-ref', 'main:policy.yaml', ...fast]);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/is not inside a git repository/);
    const noGit = spawnSync(process.execPath, [bin, 'gate', workload, '--policy-ref', 'main:flowcost/policy.yaml', ...fast], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: '/nonexistent', NO_COLOR: '1' },
    });
    expect(noGit.status).toBe(2);
    expect(noGit.stderr).toMatch(/git is not installed \(or not on the PATH\)/);
  });

  it('the output git prints is bounded: a policy over 1 MB is refused', async () => {
    const big = repository();
    writeFileSync(join(big, 'flowcost', 'big.yaml'), `# ${'x'.repeat(1_100_000)}\n${STRICT}`);
    git(big, 'add', '.');
    git(big, 'commit', '-qm', 'big');
    const result = await runCli(['gate', join(big, 'flowcost', 'workload.yaml'), '--policy-ref', 'pr:flowcost/big.yaml', ...fast]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('larger than the limit of 1,000,000 bytes');
  });
});
