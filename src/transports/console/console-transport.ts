/**
 * The console transport: Herald as an interactive shell in the terminal, like Hubot's shell
 * adapter. It calls the same core commands as Telegram and Slack; buttons become numbered
 * choices. With a TTY it is a line-editing shell with history (kept in HERALD_DATA_DIR); without
 * one it reads commands from standard input and finishes at the end of input, so
 * `printf '/brief\n' | herald start` prints the brief and exits.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Locale } from '../../config.js';
import type { ChatCore } from '../../chat/chat-commands.js';
import type { ChatContext, InteractionOutcome, MediaInput, Reply } from '../../messages/reply.js';
import type { Button } from '../../messages/message.js';
import { consoleText } from '../../locales/console.js';
import { renderBriefText } from '../../render/brief-text.js';
import type { Transport } from '../transport.js';

export interface ConsoleTransportOptions {
  core: ChatCore;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  locale: Locale;
  timeZone: string;
  /** Where history and saved charts live (HERALD_DATA_DIR). */
  dataDir: string;
  /** Shown in "who did what" lines (default: $USER). */
  userName?: string;
}

export interface ConsoleTransport extends Transport {
  /** Resolves when the input ends or the user types /quit. */
  readonly finished: Promise<void>;
}

const HISTORY_LINES = 500;

export function createConsoleTransport(options: ConsoleTransportOptions): ConsoleTransport {
  const { core, output, locale } = options;
  const t = consoleText[locale];
  const tty = options.input.isTTY === true;
  const historyFile = join(options.dataDir, 'console_history');
  const userName = options.userName ?? process.env.USER ?? 'console';
  const ctx: ChatContext = { transport: 'console', chatId: 'console', userId: userName, userName, locale };
  let buttons: Button[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let rl: ReturnType<typeof createInterface> | null = null;

  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);

  /** The reply's blocks, then `note` (who pressed what), then its buttons as numbered choices. */
  function show(reply: Reply, note?: string): void {
    for (const block of reply.blocks) {
      switch (block.type) {
        case 'heading':
          write(tty ? `\x1b[1m${block.text}\x1b[0m` : block.text);
          break;
        case 'text':
          write(block.text);
          break;
        case 'brief':
          write(renderBriefText(block.brief, { locale, timeZone: options.timeZone, ...(block.full ? { maxItems: Infinity } : {}) }));
          break;
        case 'photo': {
          const dir = join(options.dataDir, 'charts');
          mkdirSync(dir, { recursive: true });
          const path = join(dir, block.filename);
          writeFileSync(path, block.png);
          write(`${block.caption}\n${t.chartSaved(path)}`);
          break;
        }
        default: {
          const never: never = block;
          throw new Error(`console: unknown block ${JSON.stringify(never)}`);
        }
      }
    }
    if (note) write(note);
    buttons = (reply.buttons ?? []).flat();
    if (buttons.length > 0) {
      write(buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   '));
      if (tty) write(t.pressHint(buttons.length));
    }
  }

  function showOutcome(outcome: InteractionOutcome): void {
    if (outcome.kind === 'refused') return void write(outcome.message);
    if (outcome.edit) show(outcome.edit, outcome.note);
    else write(outcome.note);
    if (outcome.followUp) show(outcome.followUp);
  }

  const entered: string[] = [];

  async function handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === '') return true;
    entered.push(text);
    if (/^\/?(quit|exit)$/i.test(text)) return false;
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      const button = buttons[n - 1];
      if (!button) write(t.noSuchButton(n));
      else showOutcome(await core.handleInteraction(ctx, button.data));
      return true;
    }
    const media = /^\/(voice|photo)(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i.exec(text);
    if (media) {
      const [, kind, path, caption] = media;
      const file = path ? fileMedia(path) : null;
      if (!file) {
        write(path ? t.noFile(path) : t.mediaUsage);
        return true;
      }
      const reply = kind!.toLowerCase() === 'voice' ? await core.handleVoice(ctx, file) : await core.handlePhoto(ctx, file, caption ?? '');
      if (reply) show(reply);
      return true;
    }
    // Plain text is a question, as in a private chat.
    const reply = text.startsWith('/') ? await core.handleCommand(ctx, text) : await core.handleQuestion(ctx, text);
    if (reply) show(reply);
    else write(t.notACommand);
    return true;
  }

  return {
    name: 'console',
    routes: [],
    finished,
    async start() {
      const history = tty ? loadHistory(historyFile) : [];
      rl = createInterface({
        input: options.input,
        output: tty ? output : undefined,
        terminal: tty,
        history: [...history],
        historySize: HISTORY_LINES,
        prompt: t.prompt,
      });
      if (tty) {
        write(t.greeting);
        rl.prompt();
      }
      // Lines are handled one at a time, in order, even when piped in faster than answered.
      void (async () => {
        try {
          for await (const line of rl!) {
            try {
              if (!(await handle(line))) break;
            } catch (err) {
              // One failed command (an unwritable chart folder, a dropped database) must not end the shell.
              write(t.failed((err as Error).message));
            }
            if (tty) rl!.prompt();
          }
        } finally {
          if (tty) {
            write(t.bye);
            saveHistory(historyFile, [...history.reverse(), ...entered]);
          }
          rl!.close();
          finish();
        }
      })();
    },
    async stop() {
      rl?.close();
      await finished;
    },
  };
}

const MEDIA_TYPES: Record<string, string> = {
  '.ogg': 'audio/ogg', '.oga': 'audio/ogg', '.opus': 'audio/ogg', '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.wav': 'audio/wav',
  '.webm': 'audio/webm', '.flac': 'audio/flac', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif',
};

/** A local file as the core's media: its type from the extension, its size from the file system. */
function fileMedia(path: string): MediaInput | null {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return null;
    size = st.size;
  } catch {
    return null;
  }
  return {
    mimeType: MEDIA_TYPES[extname(path).toLowerCase()] ?? null,
    sizeBytes: size,
    durationSeconds: null,
    filename: basename(path),
    download: async () => new Uint8Array(await readFile(path)),
  };
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_LINES);
  } catch {
    return [];
  }
}

/** Oldest first in the file; readline wants newest first. */
function saveHistory(file: string, oldestFirst: string[]): void {
  try {
    writeFileSync(file, `${oldestFirst.slice(-HISTORY_LINES).join('\n')}\n`);
  } catch {
    // History is a convenience; a read-only data dir must not break the shell.
  }
}
