import type { Command } from './command.js';
import { briefCommand } from './brief.js';
import { dbCommand } from './db.js';
import { startCommand } from './start.js';

/** Every `herald` subcommand, in the order `herald --help` lists them. */
export const COMMANDS: Command[] = [
  startCommand,
  briefCommand,
  dbCommand,
];
