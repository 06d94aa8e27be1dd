/**
 * The fake's flood control: a sliding-window log per key, like the Bot API server's ("no more than
 * N messages in any W ms"). Rejected hits are not recorded, so a client that waits out
 * `retry_after` gets through.
 */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

export class SlidingWindows {
  private readonly hits = new Map<string, number[]>();

  /**
   * Records a hit on every `[key, rule]` if all allow it at `now` and returns 0; otherwise records
   * nothing and returns the ms until the tightest window frees a slot.
   */
  hit(entries: ReadonlyArray<readonly [string, WindowRule]>, now: number): number {
    let wait = 0;
    for (const [key, rule] of entries) {
      const log = this.prune(key, rule, now);
      if (log.length >= rule.limit) wait = Math.max(wait, log[log.length - rule.limit]! + rule.windowMs - now);
    }
    if (wait > 0) return wait;
    for (const [key] of entries) {
      const log = this.hits.get(key) ?? [];
      log.push(now);
      this.hits.set(key, log);
    }
    return 0;
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(key: string, rule: WindowRule, now: number): number[] {
    const log = this.hits.get(key) ?? [];
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - rule.windowMs) drop += 1;
    if (drop > 0) log.splice(0, drop);
    return log;
  }
}
