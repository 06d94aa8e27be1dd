/**
 * MT-Bench as recorded in the shared replay data: FastChat's 80 two-turn questions and the
 * official answers of seven models (`mt_bench/`), and RouteLLM's GPT-4 judge grades of
 * GPT-4-1106 and Mixtral (`routellm/mt_bench_judgements.jsonl`). Those two models' answers are
 * the conversations the judge was shown, read back out of its prompt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayDataError } from './gsm8k-data.js';
import { CHEAP_MODEL, FASTCHAT_MODELS, ROUTELLM_NAMES, STRONG_MODEL } from './recorded-models.js';

export interface MtQuestion {
  /** FastChat's question id, "81" … "160". */
  id: string;
  category: string;
  turns: [string, string];
}

export interface MtBench {
  questions: MtQuestion[];
  /** model → question id → the answers to turn 1 and turn 2. */
  answers: Map<string, Map<string, [string, string]>>;
  /** model → question id → GPT-4's grades (1–10) of turn 1 and turn 2; only the graded models. */
  grades: Map<string, Map<string, [number, number]>>;
}

const CONVERSATION = /<\|The Start of Assistant A's Conversation with User\|>\n\n### User:\n[\s\S]*?\n\n### Assistant A:\n([\s\S]*?)\n\n### User:\n[\s\S]*?\n\n### Assistant A:\n([\s\S]*?)\n\n<\|The End of Assistant A's Conversation with User\|>/;

function readJsonl(file: string): Array<{ line: number; value: Record<string, unknown> }> {
  const out: Array<{ line: number; value: Record<string, unknown> }> = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(text) as Record<string, unknown> });
    } catch (err) {
      throw new ReplayDataError(`${file}: line ${i + 1}: not JSON (${(err as Error).message})`);
    }
  });
  return out;
}

function twoStrings(value: unknown, where: string): [string, string] {
  if (!Array.isArray(value) || value.length !== 2 || value.some((t) => typeof t !== 'string')) throw new ReplayDataError(`${where}: expected two turns`);
  return [value[0] as string, value[1] as string];
}

export function loadMtBench(replayDir: string): MtBench {
  const qFile = join(replayDir, 'mt_bench', 'question.jsonl');
  const questions = readJsonl(qFile).map(({ line, value }) => ({
    id: String(value.question_id),
    category: String(value.category),
    turns: twoStrings(value.turns, `${qFile}: line ${line}: turns`),
  }));

  const answers = new Map<string, Map<string, [string, string]>>();
  for (const model of FASTCHAT_MODELS) {
    const file = join(replayDir, 'mt_bench', 'model_answer', `${model}.jsonl`);
    const byQuestion = new Map<string, [string, string]>();
    for (const { line, value } of readJsonl(file)) {
      const choices = value.choices as Array<{ turns?: unknown }> | undefined;
      byQuestion.set(String(value.question_id), twoStrings(choices?.[0]?.turns, `${file}: line ${line}: choices[0].turns`));
    }
    answers.set(model, byQuestion);
  }

  const jFile = join(replayDir, 'routellm', 'mt_bench_judgements.jsonl');
  const keyOf = new Map(Object.entries(ROUTELLM_NAMES).map(([key, name]) => [name, key]));
  const grades = new Map<string, Map<string, [number, number]>>([[CHEAP_MODEL, new Map()], [STRONG_MODEL, new Map()]]);
  for (const { line, value } of readJsonl(jFile)) {
    const model = keyOf.get(String(value.model));
    const turn = Number(value.turn);
    const score = Number(value.score);
    const where = `${jFile}: line ${line}`;
    if (!model) throw new ReplayDataError(`${where}: unknown model ${String(value.model)}`);
    if (turn !== 1 && turn !== 2) throw new ReplayDataError(`${where}: turn ${String(value.turn)}`);
    if (!(score >= 1 && score <= 10)) throw new ReplayDataError(`${where}: score ${String(value.score)} is not 1–10`);
    const id = String(value.question_id);
    const pair = grades.get(model)!.get(id) ?? [Number.NaN, Number.NaN];
    pair[turn - 1] = score;
    grades.get(model)!.set(id, pair);
    if (turn === 2) {
      const m = CONVERSATION.exec(String(value.user_prompt));
      if (!m) throw new ReplayDataError(`${where}: the judge's prompt holds no two-turn conversation`);
      if (!answers.has(model)) answers.set(model, new Map());
      answers.get(model)!.set(id, [m[1]!, m[2]!]);
    }
  }
  for (const [model, byQuestion] of grades) {
    for (const q of questions) {
      const g = byQuestion.get(q.id);
      if (!g || g.some(Number.isNaN)) throw new ReplayDataError(`${jFile}: no grade of ${model} for both turns of question ${q.id}`);
    }
  }
  return { questions, answers, grades };
}
