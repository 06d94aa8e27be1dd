/**
 * A small copy of the shared replay data (the first GSM8K rows, the first MT-Bench questions with
 * their answers and grades) in a temporary HERALD_SHARED_DATA, so the CLI runs in seconds on real
 * records. The whole set is checked by the trial tests.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitCsv } from '../../../src/data/retail/retail-csv.js';

const quote = (f: string) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

export function sliceReplayData(replayDir: string, gsm8kRows: number, mtbenchQuestions: number): string {
  const shared = mkdtempSync(join(tmpdir(), 'herald-replay-'));
  const out = join(shared, 'replay');
  mkdirSync(join(out, 'routellm'), { recursive: true });
  mkdirSync(join(out, 'mt_bench', 'model_answer'), { recursive: true });
  const records = splitCsv(readFileSync(join(replayDir, 'routellm', 'gsm8k_responses.csv'), 'utf8')).slice(0, gsm8kRows + 1);
  writeFileSync(join(out, 'routellm', 'gsm8k_responses.csv'), `${records.map((r) => r.fields.map(quote).join(',')).join('\n')}\n`);

  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const questions = lines(join(replayDir, 'mt_bench', 'question.jsonl')).slice(0, mtbenchQuestions);
  const ids = new Set(questions.map((l) => Number((JSON.parse(l) as { question_id: number }).question_id)));
  const keep = (l: string) => ids.has(Number((JSON.parse(l) as { question_id: number | string }).question_id));
  writeFileSync(join(out, 'mt_bench', 'question.jsonl'), `${questions.join('\n')}\n`);
  for (const f of readdirSync(join(replayDir, 'mt_bench', 'model_answer'))) {
    writeFileSync(join(out, 'mt_bench', 'model_answer', f), `${lines(join(replayDir, 'mt_bench', 'model_answer', f)).filter(keep).join('\n')}\n`);
  }
  writeFileSync(join(out, 'routellm', 'mt_bench_judgements.jsonl'), `${lines(join(replayDir, 'routellm', 'mt_bench_judgements.jsonl')).filter(keep).join('\n')}\n`);
  cpSync(join(replayDir, 'routellm', 'LICENSE'), join(out, 'routellm', 'LICENSE'));
  return shared;
}
