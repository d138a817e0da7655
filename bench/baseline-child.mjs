// The baseline loop as its own process: node bench/baseline-child.mjs SAMPLES
import { baseline } from './baseline.mjs';
const result = baseline(Number(process.argv[2] ?? 1_000_000), 1);
process.stdout.write(JSON.stringify(result) + '\n');
