/**
 * Text from the ETL (product titles, SKUs, categories) reaches every rendering — chat messages,
 * buttons, chart titles, notification fallbacks. A 100,000-character title must not become dozens
 * of messages, so each rendering shows a readable cut of it; the full value stays in the data
 * (`brief --format json`, the alerts table).
 */

/** Characters of a product title shown anywhere: a marketplace card title fits, an essay does not. */
export const TITLE_MAX = 80;
/** Characters of a SKU or category shown anywhere. */
export const LABEL_MAX = 40;

/**
 * Cuts `s` to at most `max` UTF-16 units (as Telegram and Slack count), ending with "…" when cut,
 * never splitting a surrogate pair.
 */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** One line (newlines and runs of spaces collapsed), trimmed and cut to `max`. */
export function readableTitle(s: string, max = TITLE_MAX): string {
  return cutText(s.replace(/\s+/g, ' ').trim(), max);
}
