/**
 * The bench's progress line on stderr: cases done, errors, spend so far, time left. On a
 * terminal it redraws in place (at most every 100 ms); elsewhere it prints a line at every tenth
 * of the way, so captured logs stay readable and hold no control characters.
 */
import type { Locale } from '../config.js';
import { labText } from '../locales/lab.js';

export interface BenchProgress {
  caseDone(error: boolean, costUsd: number): void;
  finish(): void;
}

export function createBenchProgress(stream: NodeJS.WritableStream | null, total: number, clock: () => number, locale: Locale = 'ru'): BenchProgress {
  const t = labText(locale);
  const tty = (stream as { isTTY?: boolean } | null)?.isTTY === true;
  const started = clock();
  let done = 0;
  let errors = 0;
  let spend = 0;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  const line = () => {
    const elapsed = clock() - started;
    const left = done > 0 ? ((total - done) * elapsed) / done : NaN;
    const share = total > 0 ? done / total : 1;
    const bar = '#'.repeat(Math.round(share * 20)).padEnd(20, '.');
    return t.progress({ bar, done, total, errors, spend: `$${spend.toFixed(4)}`, secondsLeft: Number.isFinite(left) ? Math.ceil(left / 1000) : null });
  };
  return {
    caseDone(error, costUsd) {
      done += 1;
      if (error) errors += 1;
      spend += costUsd;
      if (!stream) return;
      if (tty) {
        const t = clock();
        if (t - lastDraw >= 100 || done === total) {
          stream.write(`\r${line()}\x1b[K`);
          lastDraw = t;
        }
      } else {
        const tenth = Math.floor((done / Math.max(1, total)) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${line()}\n`);
        }
      }
    },
    finish() {
      if (stream && tty) stream.write('\n');
    },
  };
}
