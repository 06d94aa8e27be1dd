/**
 * Versioned prompt templates: `prompts/<id>.md` with front matter (`id`, `version`, `route`,
 * `schema`, `variables`) and sections `# system`, `# user`, optionally per locale
 * (`# system (ru)`, `# system (en)`). `{{name}}` placeholders are filled from typed variables;
 * the version travels with every call into the log and the cache key.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../config.js';
import type { Message, RouteName } from './types.js';

export const PROMPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

export interface Prompt<V extends Record<string, string> = Record<string, string>> {
  id: string;
  version: string;
  /** The route whose models answer it; `any` for the router's own prompts (JSON instruction, repair). */
  route: RouteName;
  /** Name of the output schema the answer is validated against. */
  schema: string | null;
  variables: Array<keyof V & string>;
  sections: Array<{ role: 'system' | 'user'; locale: Locale | null; text: string }>;
}

const loaded = new Map<string, Prompt>();

/** Reads and parses `prompts/<id>.md` once; throws (a bug, not a runtime condition) when malformed. */
export function loadPrompt<V extends Record<string, string>>(id: string, dir = PROMPTS_DIR): Prompt<V> {
  const path = join(dir, `${id}.md`);
  let prompt = loaded.get(path);
  if (!prompt) {
    prompt = parsePrompt(readFileSync(path, 'utf8'), path);
    loaded.set(path, prompt);
  }
  return prompt as Prompt<V>;
}

export function parsePrompt(text: string, where = 'prompt'): Prompt {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${where}: missing front matter`);
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line.trim());
    if (kv) meta[kv[1]!] = kv[2]!.trim();
  }
  for (const key of ['id', 'version', 'route']) if (!meta[key]) throw new Error(`${where}: front matter lacks "${key}"`);
  const variables = (meta.variables ?? '').replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean);
  const sections: Prompt['sections'] = [];
  const parts = m[2]!.split(/^# (system|user)(?: \((ru|en)\))?\s*$/m);
  for (let i = 1; i < parts.length; i += 3) {
    sections.push({ role: parts[i] as 'system' | 'user', locale: (parts[i + 1] as Locale | undefined) ?? null, text: parts[i + 2]!.trim() });
  }
  if (sections.length === 0) throw new Error(`${where}: no "# system" or "# user" section`);
  for (const s of sections) {
    for (const [, name] of s.text.matchAll(/\{\{(\w+)\}\}/g)) {
      if (!variables.includes(name!)) throw new Error(`${where}: {{${name}}} is not declared in "variables"`);
    }
  }
  return { id: meta.id!, version: meta.version!, route: meta.route as RouteName, schema: meta.schema ?? null, variables, sections };
}

/** The prompt's messages for `locale`: locale-specific sections win over plain ones. */
export function renderPrompt<V extends Record<string, string>>(prompt: Prompt<V>, locale: Locale, vars: V): Message[] {
  const messages: Message[] = [];
  for (const role of ['system', 'user'] as const) {
    const ofRole = prompt.sections.filter((s) => s.role === role);
    const chosen = ofRole.filter((s) => s.locale === locale);
    for (const s of chosen.length > 0 ? chosen : ofRole.filter((x) => x.locale === null)) {
      const content = s.text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        const value = vars[name];
        if (value === undefined) throw new Error(`prompt ${prompt.id}: variable {{${name}}} has no value`);
        return value;
      });
      messages.push({ role, content });
    }
  }
  return messages;
}
