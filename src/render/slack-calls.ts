/**
 * The Slack Web API call that carries one rendered message: Block Kit messages go through
 * `chat.postMessage`, charts through `files.uploadV2` (Slack has no image block for bytes we hold:
 * an `image` block needs a public URL or an already uploaded file). The Slack sender makes these
 * calls and `herald brief --format slack-blocks` prints them, so what a script posts is what
 * Herald posts.
 */
import type { OutboundMessage } from '../messages/message.js';
import { escapedText, SLACK_MAX_SECTION_TEXT } from './slack-blocks.js';

export interface SlackPostCall { method: 'chat.postMessage'; text: string; blocks: unknown[] }
export interface SlackUploadCall { method: 'files.uploadV2'; filename: string; initial_comment?: string; file: Uint8Array }
export type SlackCall = SlackPostCall | SlackUploadCall;

/** Name of an uploaded chart that came without one. */
const CHART_FILENAME = 'chart.png';

export function slackPostCall(message: Extract<OutboundMessage, { format: 'slack-blocks' }>): SlackPostCall {
  return { method: 'chat.postMessage', text: message.text, blocks: message.blocks };
}

export function slackUploadCall(message: Extract<OutboundMessage, { format: 'photo' }>): SlackUploadCall {
  return {
    method: 'files.uploadV2',
    filename: message.filename ?? CHART_FILENAME,
    // Slack parses the comment like a message: escaped, or a caption could ping the channel.
    ...(message.caption ? { initial_comment: escapedText(message.caption, SLACK_MAX_SECTION_TEXT) } : {}),
    file: Buffer.from(message.pngBase64, 'base64'),
  };
}

/** The calls for the messages Slack gets, in order; a message of another platform is a bug. */
export function slackCalls(messages: readonly OutboundMessage[]): SlackCall[] {
  return messages.map((m) => {
    switch (m.format) {
      case 'slack-blocks':
        return slackPostCall(m);
      case 'photo':
        return slackUploadCall(m);
      default:
        throw new Error(`slackCalls: a ${m.format} message is not for Slack`);
    }
  });
}

/** A call as JSON for the CLI: the file's bytes as base64 under `file_base64`. */
export function slackCallJson(call: SlackCall): Record<string, unknown> {
  if (call.method !== 'files.uploadV2') return { ...call };
  const { file, ...rest } = call;
  return { ...rest, file_base64: Buffer.from(file).toString('base64') };
}
