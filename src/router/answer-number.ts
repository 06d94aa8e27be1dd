/**
 * The final number of an answer, when the answer marks one: `#### 18` (GSM8K's few-shot format),
 * `\boxed{18}`, "the answer is 18", "Answer: 18", "Ответ: 18", "Итого: 18". A number merely
 * mentioned last is not a final answer: a model that did not commit to one is exactly the doubt
 * the `answer-format` check escalates on.
 */

/** A number as models write it: `1,234.5`, `-3`, `0.25`, `1 234` is not one (Russian grouping is too ambiguous). */
export const NUMBER_SOURCE = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;

const SIGN = String.raw`[-−]?\s*[$€₽£]?\s*[-−]?`;
const MARKERS: RegExp[] = [
  new RegExp(String.raw`####\s*(${SIGN})(${NUMBER_SOURCE})`, 'g'),
  new RegExp(String.raw`\\boxed\{\s*(${SIGN})(${NUMBER_SOURCE})`, 'g'),
  new RegExp(
    String.raw`(?:final answer|the answer is|answer\s*:|ответ\s*:|ответ\s+—|итого\s*:?)\s*(?:is\s*)?[:=]?\s*\**\s*(${SIGN})(${NUMBER_SOURCE})`,
    'gi',
  ),
];

/** The marked final number of `text` (the last marked one), or null when the answer marks none. */
export function finalNumber(text: string): number | null {
  for (const marker of MARKERS) {
    let last: RegExpExecArray | null = null;
    for (const m of text.matchAll(marker)) last = m;
    if (last) {
      const negative = /[-−]/.test(last[1]!);
      const value = parseNumber(last[2]!);
      return negative ? -value : value;
    }
  }
  return null;
}

/** `1,234.5` → 1234.5. */
export function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** True when the final number exists and is not a whole number (GSM8K's answers all are). */
export function finalIsFractional(text: string): boolean {
  const n = finalNumber(text);
  return n !== null && !Number.isInteger(n);
}
