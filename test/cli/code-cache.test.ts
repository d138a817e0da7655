/**
 * The bin starts the CLI bundle from V8's code cache written at build time (scripts/launcher/,
 * scripts/make-code-cache.mjs): on this Node the cache is taken, and a cache that does not match is
 * ignored (V8 compiles the bundle as without one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'cli-script.mjs')).href;

interface CliScript {
  readonly CACHE_FILE: string;
  compileCli(cachedData: Buffer | undefined): { readonly script: { readonly cachedDataRejected?: boolean } };
}

describe('the code cache of the CLI bundle', () => {
  it('is accepted by the Node that built it', async () => {
    const { CACHE_FILE, compileCli } = (await import(launcher)) as CliScript;
    expect(compileCli(readFileSync(CACHE_FILE)).script.cachedDataRejected).toBe(false);
  });
  it('is ignored when it does not match, and the bundle still compiles', async () => {
    const { compileCli } = (await import(launcher)) as CliScript;
    expect(compileCli(Buffer.from('not a code cache')).script.cachedDataRejected).toBe(true);
  });
});
