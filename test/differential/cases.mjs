/**
 * The inputs of the differential test (test/differential/differential.test.ts): every example, every
 * benchmark and gate fixture, every hand-made ASL fixture, the sample collection when present, and
 * fuzz documents mutated from frozen copies of the examples (seeds/, so that later edits to
 * examples/ do not change the fuzz cases). Plain JavaScript: the baseline generator runs it against
 * the build of an older commit (write-baseline.mjs), the test against the sources.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const here = dirname(new URL(import.meta.url).pathname);
const repo = join(here, '..', '..');
const collection = join(repo, '..', 'shared', 'samples', 'aws-step-functions-workflows-collection');

const FRAGMENTS = [':', '-', ' ', '\n', '\t', '{', '}', '[', ']', '&a', '*a', '!!', '"', "'", '#', '0', '9', '.', 'e9', '1e400',
  '-1', 'ms', 'd', 'task: x', 'wait: y', 'map: m', 'items: ', '__proto__: 1', 'probability: 2', 'p95: 1ms', '999999999999d', '.nan', '~'];

/** The fuzz test's mutation (test/hostile/fuzz.test.ts), on a given Random. */
export function mutate(text, random) {
  let out = text;
  const mutations = 1 + Math.floor(random.uniform() * 4);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(random.uniform() * (out.length + 1));
    const kind = Math.floor(random.uniform() * 5);
    const fragment = FRAGMENTS[Math.floor(random.uniform() * FRAGMENTS.length)];
    if (kind === 0) out = out.slice(0, at) + fragment + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random.uniform() * 20));
    else if (kind === 2) out = out.replace(/\d+(\.\d+)?/, () => String(Math.floor(random.uniform() * 1e6) * (random.uniform() < 0.2 ? -1 : 1)));
    else if (kind === 3) {
      const lines = out.split('\n');
      const i = Math.floor(random.uniform() * lines.length);
      lines.splice(i, 0, lines[Math.floor(random.uniform() * lines.length)]);
      out = lines.join('\n');
    } else out = out.slice(0, at) + fragment.repeat(1 + Math.floor(random.uniform() * 3)) + out.slice(at);
  }
  return out;
}

const yamlFiles = (dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));

function definitionFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'broken' ? [] : definitionFiles(path);
    return /\.(json|ya?ml)$/.test(name) && name !== 'template.yaml' ? [path] : [];
  });
}

/** A workload around a definition, every state at flowcost's defaults. */
function machineWorkload(name, definition) {
  return `name: ${JSON.stringify(name)}\nregion: us-east-1\nexecutionsPerMonth: 100000\nstateMachine:\n  definition: ${JSON.stringify(basename(definition))}\n`;
}

/**
 * Every case: { id, file, text, samples }. `file` is where the text is read from (relative
 * definitions resolve against it). Fuzz cases come as candidates; the baseline keeps those that loaded.
 */
export function differentialCases({ Random, fuzzCandidates = 600 }) {
  const cases = [];
  const add = (id, file, samples) => cases.push({ id, file, text: readFileSync(file, 'utf8'), samples });
  const workloads = (dir) => yamlFiles(dir).filter((f) => readFileSync(f, 'utf8').includes('executionsPerMonth'));
  for (const file of workloads(join(repo, 'examples'))) add(`examples/${basename(file)}`, file, 10_000);
  for (const file of workloads(join(repo, 'examples', 'imported'))) add(`examples/imported/${basename(file)}`, file, 10_000);
  for (const file of workloads(join(repo, 'bench'))) add(`bench/${basename(file)}`, file, 10_000);
  for (const file of workloads(join(repo, 'test', 'gate', 'fixtures'))) add(`test/gate/fixtures/${basename(file)}`, file, 5_000);
  const asl = join(repo, 'test', 'fixtures', 'asl');
  for (const definition of definitionFiles(asl)) {
    const id = `test/fixtures/asl/${relative(asl, definition)}`;
    cases.push({ id, file: join(dirname(definition), 'differential.yaml'), text: machineWorkload(basename(definition), definition), samples: 2_000 });
  }
  if (existsSync(collection)) {
    for (const folder of readdirSync(collection).sort()) {
      const dir = join(collection, folder);
      if (!statSync(dir).isDirectory()) continue;
      for (const definition of definitionFiles(dir).filter((f) => /\.asl\.(json|ya?ml)$/.test(f))) {
        const id = `samples/${relative(collection, definition)}`;
        cases.push({ id, file: join(dirname(definition), 'differential.yaml'), text: machineWorkload(folder, definition), samples: 500 });
      }
    }
  }
  const seedsDir = join(here, 'seeds');
  const seeds = yamlFiles(seedsDir).map((f) => readFileSync(f, 'utf8'));
  const random = new Random(20261201);
  for (let i = 0; i < fuzzCandidates; i++) {
    cases.push({ id: `fuzz/${i}`, file: join(seedsDir, `fuzz-${i}.yaml`), text: mutate(seeds[i % seeds.length], random), samples: 300 });
  }
  return cases;
}
