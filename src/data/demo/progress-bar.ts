/**
 * A one-line progress bar for long loads. On a terminal it redraws in place
 * (`\r[#####.....] 40% rows 14400/36000`); elsewhere (logs, CI, pipes) it stays silent until a
 * single summary line, so captured stderr holds no control characters.
 */

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Ends the bar; `summary` is printed as the one line of a non-terminal stream. */
  finish(summary: string): void;
}

const WIDTH = 20;

export function createProgressBar(stream: NodeJS.WritableStream | undefined, label = 'rows'): ProgressBar {
  const tty = stream !== undefined && (stream as { isTTY?: boolean }).isTTY === true;
  let drawn = false;
  return {
    update(done, total) {
      if (!tty || !stream) return;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${label} ${done}/${total}`);
      drawn = true;
    },
    finish(summary) {
      if (!stream) return;
      if (tty) stream.write(`${drawn ? '\r\x1b[K' : ''}${summary}\n`);
      else stream.write(`${summary}\n`);
    },
  };
}
