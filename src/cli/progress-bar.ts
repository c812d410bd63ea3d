/**
 * A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% when
 * piped), so long rebuilds and exports show they are moving.
 */
export type ProgressBar = { update(done: bigint, total: bigint): void; finish(message: string): void };

const WIDTH = 30;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(done, total) {
      const fraction = total <= 0n ? 1 : Math.min(1, Number((done * 10_000n) / total) / 10_000);
      const filled = Math.round(fraction * WIDTH);
      const rate = Math.round(Number(done) / Math.max((Date.now() - started) / 1000, 0.001));
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(1)}% ${done}/${total} (${rate}/s)`;
      if (stream.isTTY) {
        stream.write(`\r${line}`);
      } else if (Math.floor(fraction * 10) !== lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        stream.write(`${line}\n`);
      }
    },
    finish(message) {
      stream.write(`${stream.isTTY ? '\n' : ''}${label}: ${message}\n`);
    },
  };
}
