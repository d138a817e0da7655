/** A progress bar on stderr for long runs, only when stderr is a terminal. */
import type { CliIo } from './io.js';

/** Runs shorter than this many samples finish too fast for a bar to help. */
const MIN_SAMPLES_FOR_BAR = 200_000;

export function progressReporter(io: CliIo, totalSamples: number): ((done: number, total: number) => void) | undefined {
  if (!io.stderrIsTTY || totalSamples < MIN_SAMPLES_FOR_BAR || io.env['CI']) return undefined;
  const width = Math.max(10, Math.min(40, io.stderrColumns - 30));
  let lastShown = -1;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    const percent = Math.floor(share * 100);
    if (percent === lastShown) return;
    lastShown = percent;
    const filled = Math.round(share * width);
    io.stderr(`\r  simulating [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
    if (done >= total) io.stderr('\r' + ' '.repeat(width + 30) + '\r');
  };
}
