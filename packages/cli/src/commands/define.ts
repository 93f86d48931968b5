import type { Command } from 'commander';
import type { CommandContext } from '../context';
import type { ExitCode } from '../exit-codes';

/** Wraps a command body: gives it its context, and records its exit code. */
export type ActionFactory = (
  body: (ctx: CommandContext, command: Command, args: string[]) => Promise<ExitCode>,
) => (...args: unknown[]) => Promise<void>;

/** Adds one command to the program. */
export type Define = (program: Command, action: ActionFactory) => Command;

/** The "Examples:" block every command's --help ends with. */
export function examples(list: readonly (readonly [command: string, what: string])[]): string {
  return `\nExamples:\n${list.map(([command, what]) => `  $ ${command}\n      ${what}`).join('\n')}\n`;
}
