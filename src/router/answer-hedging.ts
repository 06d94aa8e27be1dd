/**
 * Hedging: the phrases a model writes when it doubts its own answer ("however", "assuming",
 * "approximately", "not enough information", "однако", "предположим", "недостаточно данных").
 * On GSM8K, Mixtral's answers that hedge are wrong far more often than those that do not (the
 * figures are in docs/model-choice.md), so a hedge is a cheap reason to ask the stronger model.
 */

const HEDGES: RegExp[] = [
  /\bhowever\b/i,
  /\bassum(?:e|es|ed|ing|ption)\b/i,
  /\bapproximately\b/i,
  /\bround(?:s|ed|ing)?\b/i,
  /\b(?:can't|cannot|can not)\b/i,
  /\bnot possible\b/i,
  /\bimpossible\b/i,
  /\bunclear\b/i,
  /\bactually\b/i,
  /\bwait\b/i,
  /\bmistake\b/i,
  /\bdoesn't make sense\b/i,
  /\bnot enough information\b/i,
  /\bpartial\b/i,
  /(?:^|[^\p{L}])(?:однако|предполож\p{L}*|примерно|приблизительно|невозможно|не могу|неясно|недостаточно данных|ошиб\p{L}*)(?=$|[^\p{L}])/iu,
];

/** How many distinct hedging phrases `text` contains. */
export function hedgeCount(text: string): number {
  let n = 0;
  for (const h of HEDGES) if (h.test(text)) n += 1;
  return n;
}
