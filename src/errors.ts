/** Errors that carry an exit status to the CLI (SPEC section 1). */

/** Bad usage (unknown flag, bad value): the CLI prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure the user can act on (no data for the day, a fault found): exit 1, one line. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** Bad configuration (environment or config file): the CLI prints it and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
