/**
 * GSM8K as RouteLLM recorded it (`replay/routellm/gsm8k_responses.csv`): the 1,319 test problems
 * in the test set's order, each with the full answer of Mixtral-8x7B-Instruct and GPT-4-1106 and
 * whether RouteLLM's grader found it correct (the last integer of the answer equals the reference).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitCsv } from '../../data/retail/retail-csv.js';
import { CHEAP_MODEL, ROUTELLM_NAMES, STRONG_MODEL } from './recorded-models.js';

export interface RecordedAnswer {
  text: string;
  correct: boolean;
}

export interface Gsm8kItem {
  /** 1-based position in GSM8K's test split, as a string ("1" … "1319"): the replay provider's key. */
  id: string;
  question: string;
  answers: Record<typeof CHEAP_MODEL | typeof STRONG_MODEL, RecordedAnswer>;
}

export const GSM8K_FILE = join('routellm', 'gsm8k_responses.csv');

/** A malformed replay file: names the file and row (the CLI exits 2 on it). */
export class ReplayDataError extends Error {
  override name = 'ReplayDataError';
}

/** Reads the CSV under `replayDir`; throws `ReplayDataError` naming the row on a bad one. */
export function loadGsm8k(replayDir: string): Gsm8kItem[] {
  const file = join(replayDir, GSM8K_FILE);
  const records = splitCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const header = records.shift()?.fields ?? [];
  const column = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new ReplayDataError(`${file}: line 1: missing column ${name}`);
    return i;
  };
  const iPrompt = column('prompt');
  const cols = (model: typeof CHEAP_MODEL | typeof STRONG_MODEL) => ({ correct: column(ROUTELLM_NAMES[model]!), text: column(`${ROUTELLM_NAMES[model]}_response`) });
  const cheap = cols(CHEAP_MODEL);
  const strong = cols(STRONG_MODEL);
  const items: Gsm8kItem[] = [];
  for (const { line, fields } of records) {
    if (fields.length === 1 && fields[0] === '') continue;
    const flag = (i: number) => {
      const v = fields[i];
      if (v !== 'True' && v !== 'False') throw new ReplayDataError(`${file}: line ${line}: column ${header[i]} is "${v ?? ''}", not True or False`);
      return v === 'True';
    };
    if (fields.length !== header.length) throw new ReplayDataError(`${file}: line ${line}: expected ${header.length} fields, got ${fields.length}`);
    items.push({
      id: String(items.length + 1),
      question: fields[iPrompt]!,
      answers: {
        [CHEAP_MODEL]: { text: fields[cheap.text]!, correct: flag(cheap.correct) },
        [STRONG_MODEL]: { text: fields[strong.text]!, correct: flag(strong.correct) },
      },
    });
  }
  return items;
}
