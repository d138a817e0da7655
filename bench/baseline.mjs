/**
 * The baseline of issue 8: a hand-written, allocation-free loop that simulates bench/ten-steps.yaml
 * with the same random-number algorithms as flowcost (xoshiro128**, polar normal) and sums the same
 * quantities (Lambda GB-s of one function, Standard transitions, task invocations and GB-s, Express
 * GB-hours, wall times). No percentiles, no limits, no report: the least work the answer needs.
 */
const Z95 = 1.6448536269514722;
const ln = (p50, p95) => [Math.log(p50), (Math.log(p95) - Math.log(p50)) / Z95];
const RECEIVE = ln(20, 60), VALIDATE = ln(40, 120), SCORE = ln(150, 400), LOOKUP = ln(80, 250);
const FAST = ln(30, 90), SLOW = ln(300, 900), ITEM = ln(100, 300), PERSIST = ln(25, 70), NOTIFY = ln(15, 40);

export function baseline(samples, seed) {
  // xoshiro128** seeded by splitmix32, as src/engine/random.ts
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const uniform = () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    return (r + 0.5) / 4294967296;
  };
  let spare = 0, hasSpare = false;
  const normal = () => {
    if (hasSpare) { hasSpare = false; return spare; }
    let u, v, q;
    do { u = 2 * uniform() - 1; v = 2 * uniform() - 1; q = u * u + v * v; } while (q >= 1);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f; hasSpare = true;
    return u * f;
  };
  const logn = (p) => Math.exp(p[0] + p[1] * normal());

  let lambdaGbS = 0, transitions = 0, invocations = 0, taskGbS = 0, expressGbH = 0, wallSum = 0;
  const task = (p, mb) => { const ms = logn(p); invocations++; transitions++; taskGbS += Math.ceil(ms) * mb; return ms; };
  const retried = (p, mb, failureRate, retries) => {
    let total = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) total += 1000 * 2 ** (attempt - 1);
      total += task(p, mb);
      if (!(uniform() < failureRate) || attempt === retries) return total;
    }
  };
  for (let i = 0; i < samples; i++) {
    let wall = task(RECEIVE, 512) + retried(VALIDATE, 512, 0.05, 2);
    transitions++; wall += Math.max(task(SCORE, 512), task(LOOKUP, 512));
    transitions++; wall += uniform() < 0.7 ? task(FAST, 512) : task(SLOW, 512);
    transitions++;
    let slot0 = 0, slot1 = 0, wave = 0, lambdaMap = 0;
    for (let item = 0; item < 4; item++) {
      const ms = task(ITEM, 512);
      if (slot0 <= slot1) slot0 += ms; else slot1 += ms;
      wave = Math.max(wave, ms);
      if (item % 2 === 1) { lambdaMap += wave; wave = 0; }
    }
    wall += Math.max(slot0, slot1);
    wall += retried(PERSIST, 512, 0.01, 3) + task(NOTIFY, 512);
    lambdaGbS += (Math.ceil(wall) * 512) / 1024 / 1000;
    expressGbH += ((Math.ceil(wall / 100) * 100) / 3600000) * (64 / 1024);
    wallSum += wall + lambdaMap * 0;
  }
  return { lambdaGbS, transitions, invocations, taskGbS: taskGbS / 1024 / 1000, expressGbH, meanWallMs: wallSum / samples };
}
