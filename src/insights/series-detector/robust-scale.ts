// An online, outlier-resistant estimate of the typical size of a signal: an exponentially
// weighted mean of |x| whose updates are clipped at a multiple of the current estimate, so one
// spike barely moves it, while a lasting change of regime still wins after a while.

export class RobustScale {
  private value = 0;
  private n = 0;

  /**
   * @param span  horizon in observations; early on the estimate is a plain mean (weight 1/n) so it
   *              is usable after a few points instead of being biased toward its start value.
   * @param clip  updates larger than `clip` × the estimate are clipped to it.
   */
  constructor(
    private readonly span: number,
    private readonly clip: number,
  ) {}

  get count(): number {
    return this.n;
  }

  /** Current typical |x|; 0 before any update. */
  get scale(): number {
    return this.value;
  }

  update(x: number): void {
    const a = Math.abs(x);
    this.n++;
    const w = Math.max(1 / this.n, 2 / (this.span + 1));
    // Clip only once the estimate has some history: the first points define it.
    const v = this.n > 10 && this.value > 0 ? Math.min(a, this.clip * this.value) : a;
    this.value += w * (v - this.value);
  }
}
