import type { Command } from './command.js';
import { askCommand } from './ask.js';
import { briefCommand } from './brief.js';
import { callsCommand } from './calls.js';
import { dbCommand } from './db.js';
import { detectCommand } from './detect.js';
import { scanCommand } from './scan.js';
import { sendCommand } from './send.js';
import { startCommand } from './start.js';
import { subscriptionsCommand } from './subscriptions.js';

/** Every `herald` subcommand, in the order `herald --help` lists them. */
export const COMMANDS: Command[] = [
  startCommand,
  briefCommand,
  scanCommand,
  detectCommand,
  askCommand,
  callsCommand,
  sendCommand,
  subscriptionsCommand,
  dbCommand,
];
