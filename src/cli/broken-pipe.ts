/**
 * `herald brief --format json | head -1`: the reader closes the pipe, the next write to stdout
 * fails with EPIPE. Node ignores SIGPIPE, so without this the failure surfaces as an unhandled
 * 'error' event (a stack trace and exit 1). A closed reader means nobody wants the rest of the
 * output — the Unix convention is to end quietly — so the command ends without printing more.
 */

const closed = new WeakSet<NodeJS.WritableStream>();

/** True for the error a write to a pipe whose reader has gone away reports. */
export function isBrokenPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * Swallows EPIPE on the process's output streams: later writes fail the same way and are
 * dropped, so a command that does not wait for its writes runs to its end (closing the store
 * normally) and exits with its own status. Any other stream error is still thrown.
 */
export function endQuietlyOnBrokenPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err) => {
      if (!isBrokenPipe(err)) throw err;
      closed.add(stream);
    });
  }
}

/**
 * True when `err` is `stream`'s own EPIPE — a command awaited a write to a closed stdout — and
 * not an EPIPE from a database or API socket, which is a real failure.
 */
export async function isClosedOutput(err: unknown, stream: NodeJS.WritableStream): Promise<boolean> {
  if (!isBrokenPipe(err)) return false;
  // A failed write calls back before its stream emits 'error' (on a later tick): let it land.
  await new Promise((resolve) => setImmediate(resolve));
  return closed.has(stream);
}
