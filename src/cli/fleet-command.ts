import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** `eksguard fleet discover|scan`: many accounts, regions and clusters (scaffold; the fleet helper fills it in). */
export function registerFleetCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
