/**
 * A circuit breaker per model: after `failureThreshold` consecutive transient failures the model
 * is skipped (costing no request and no wait) for `cooldownMs`; then one probe is let through —
 * success closes the circuit, failure opens it for another cool-down. Time is injected.
 */
export interface BreakerOptions {
  /** Consecutive transient failures that open the circuit (default 5). */
  failureThreshold: number;
  /** How long an open circuit skips the model before a probe (default 30 s). */
  cooldownMs: number;
  now: () => number;
}

interface State {
  failures: number;
  openedAt: number | null;
  probing: boolean;
}

export interface CircuitBreaker {
  /** True when a request may go to the model now (closed, or the one half-open probe). */
  allow(model: string): boolean;
  success(model: string): void;
  failure(model: string): void;
  /** Ends an attempt that proved nothing either way (a 4xx, an abort, the call's deadline): a probe slot is freed. */
  release(model: string): void;
  state(model: string): 'closed' | 'open' | 'half_open';
}

export function createCircuitBreaker(options: BreakerOptions): CircuitBreaker {
  const states = new Map<string, State>();
  const get = (model: string): State => {
    let s = states.get(model);
    if (!s) states.set(model, (s = { failures: 0, openedAt: null, probing: false }));
    return s;
  };
  return {
    allow(model) {
      const s = states.get(model);
      if (!s || s.openedAt === null) return true;
      if (options.now() - s.openedAt < options.cooldownMs) return false;
      if (s.probing) return false;
      s.probing = true;
      return true;
    },
    success(model) {
      const s = get(model);
      s.failures = 0;
      s.openedAt = null;
      s.probing = false;
    },
    failure(model) {
      const s = get(model);
      s.failures += 1;
      if (s.probing || s.failures >= options.failureThreshold) s.openedAt = options.now();
      s.probing = false;
    },
    release(model) {
      // Without this a probe cut short by the caller would hold the half-open slot for ever.
      const s = states.get(model);
      if (s) s.probing = false;
    },
    state(model) {
      const s = states.get(model);
      if (!s || s.openedAt === null) return 'closed';
      return options.now() - s.openedAt < options.cooldownMs ? 'open' : 'half_open';
    },
  };
}
