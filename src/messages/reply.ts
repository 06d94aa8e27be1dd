/**
 * The neutral shapes the core answers with. Each transport renders them its own way (Telegram
 * HTML, Slack Block Kit, plain text in the console); the core never sees a vendor type.
 */
import type { Locale } from '../config.js';
import type { Button, TransportKind } from './message.js';
import type { Brief } from '../insights/types.js';

export type ReplyBlock =
  /** A bold line. */
  | { type: 'heading'; text: string }
  /** Plain text; the transport escapes it for its markup. */
  | { type: 'text'; text: string }
  /**
   * A whole brief, rendered by the transport's own brief renderer; `full` lists every product
   * (the Details button) instead of the first few.
   */
  | { type: 'brief'; brief: Brief; full?: boolean }
  /** An image (charts); sent as a photo / file upload. */
  | { type: 'photo'; png: Uint8Array; caption: string; filename: string };

export interface Reply {
  blocks: ReplyBlock[];
  /** Rows of buttons under the (last) message; `data` is callback data (see callback-data.ts). */
  buttons?: Button[][];
}

/** Who is talking to Herald, and where. */
export interface ChatContext {
  transport: TransportKind;
  /** Telegram chat id (e.g. "-100123") or Slack channel id ("C0123"). */
  chatId: string;
  /** Telegram numeric user id or Slack "U…" id; compared with HERALD_ADMINS. */
  userId: string;
  /** Shown in "who did what" lines. */
  userName: string;
  locale: Locale;
}

/** What the transport does after a button press. */
export type InteractionOutcome =
  | {
      kind: 'done';
      /** A short notice shown to the presser (Telegram's answerCallbackQuery text). */
      toast?: string;
      /** The line appended to the original message: who did what, when. */
      note: string;
      /** Replaces the original message's content (the note is appended to it). */
      edit?: Reply;
      /** Sent as a new message in the same chat. */
      followUp?: Reply;
    }
  /** Not allowed or not valid; `message` is shown to the presser only, nothing is edited. */
  | { kind: 'refused'; message: string };

/**
 * A voice message or photo as the core sees it: what the platform said about it, and how to fetch
 * it. Limits are checked on the metadata first, so an oversized file is never downloaded.
 */
export interface MediaInput {
  /** MIME type as the platform reported it (null when unknown). */
  mimeType: string | null;
  /** Size in bytes when known before downloading. */
  sizeBytes: number | null;
  /** Seconds, for audio. */
  durationSeconds?: number | null;
  filename: string;
  download(): Promise<Uint8Array>;
}

export function textReply(...lines: string[]): Reply {
  return { blocks: lines.map((text) => ({ type: 'text', text })) };
}

