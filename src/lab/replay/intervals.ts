/** 95 % intervals for the lab's rates and means. */

const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion k/n — unlike the normal approximation it stays inside
 * [0, 1] and behaves near 0 and 1 (842/1,319 and 1,130/1,319 are both far from the edges, but a
 * small slice is not).
 */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Normal-approximation interval of a mean of values in [0, 1] (MT-Bench grades ÷ 10), clipped to [0, 1]. */
export function meanInterval(values: readonly number[], z = Z95): [number, number] {
  const n = values.length;
  if (n < 2) return [0, 1];
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = z * Math.sqrt(variance / n);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}
