/**
 * The last check before an answer leaves Herald (OWASP LLM02/LLM07): a model talked into echoing
 * its instructions or a key must not get it to the chat. An answer is withheld when it carries a
 * known secret value, or a run of the system prompt's words long enough to be a quotation rather
 * than a coincidence.
 */

/** Words in a row taken from the system prompt that count as quoting it. */
const SHINGLE_WORDS = 8;

export function leaks(answer: string, systemPrompt: string, secrets: readonly string[]): boolean {
  for (const secret of secrets) if (secret.length >= 8 && answer.includes(secret)) return true;
  const said = ` ${words(answer).join(' ')} `;
  const rules = words(systemPrompt);
  for (let i = 0; i + SHINGLE_WORDS <= rules.length; i++) {
    if (said.includes(` ${rules.slice(i, i + SHINGLE_WORDS).join(' ')} `)) return true;
  }
  return false;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
