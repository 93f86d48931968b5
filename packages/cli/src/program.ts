import { Command, CommanderError } from 'commander';
import { defineApiKey } from './commands/api-key';
import { defineDecode } from './commands/decode';
import type { ActionFactory } from './commands/define';
import { examples } from './commands/define';
import { defineDoctor } from './commands/doctor';
import { defineExport } from './commands/export';
import { defineQuota } from './commands/quota';
import { defineRegister } from './commands/register';
import { defineSync } from './commands/sync';
import { CommandContext, type GlobalFlags } from './context';
import { ENV } from './credentials';
import { CliError, EXIT_CODES } from './exit-codes';
import { type CliIO, processIO } from './io';
import { loadCore } from './lazy';
import { Output } from './output';
import { VERSION } from './version';

export interface RunOptions {
  /** Abort to stop the running command cleanly (the bin wires Ctrl-C to it). */
  signal?: AbortSignal;
}

const OVERVIEW = `
Credentials are read from the environment or a config file, never from flags (flags land in shell history):
  ${ENV.consumerId}, ${ENV.sharedSecret}   required by every command but register and decode
  ${ENV.apiKey}                                  optional: fetched once when absent
  ${ENV.baseURL}                                 optional: default https://api.firstbeat.com/v1
  or the JSON file --config <path> / ${ENV.config} / ~/.config/sportscloud/credentials.json:
  {"consumerId": "…", "sharedSecret": "…", "apiKey": "…"} (keep it chmod 600; a wider mode is warned about)

Exit codes:
  0    ok
  1    failure (the API refused, the network failed, a file could not be read or decoded)
  2    usage error (unknown command or option, a bad value, missing credentials)
  3    findings (doctor: a check failed; quota: the plan does not fit in what is left today;
       sync: paused because the daily quota ran out)
  130  interrupted by Ctrl-C (the output file is closed properly, complete up to the last item)

NO_COLOR=1 turns colour off; progress goes to stderr (a bar on a terminal, plain lines otherwise).
${examples([
  ['sportscloud doctor', 'check credentials, clock and connection'],
  ['sportscloud quota --from 2025-03-01 --to 2025-04-01', 'what fetching a month of session results costs'],
  ['sportscloud sync', 'keep ~/.local/share/sportscloud/db in step (run it every few hours)'],
  [
    'sportscloud export --db --from 2025-03-03 --format parquet -o march.parquet',
    'export from it, no requests',
  ],
  ['sportscloud decode results.json --format csv -o results.csv', 'a saved results response as CSV'],
])}`;

/** Builds the command tree; `onExit` receives each command's exit code. */
export function createProgram(io: CliIO, signal: AbortSignal, onExit: (code: number) => void): Command {
  const program = new Command('sportscloud')
    .description('The Firstbeat Sports Cloud API from the command line.')
    .version(VERSION, '-V, --version')
    .option('--json', 'print the result as JSON (errors too, on stderr)')
    .option(
      '--config <path>',
      `the credentials file (default: $${ENV.config} or ~/.config/sportscloud/credentials.json)`,
    )
    .option('--base-url <url>', `the API base URL (default: $${ENV.baseURL} or https://api.firstbeat.com/v1)`)
    .addHelpText('after', OVERVIEW)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // "unknown option '--shared-secret=…'" must not echo what followed the "=".
      outputError: (text, write) => write(text.replace(/'(--?[\w-]+)=[^']*'/g, "'$1=…'")),
    });

  const action: ActionFactory = (body) =>
    async function (this: Command, ...args: unknown[]) {
      const flags = this.optsWithGlobals<GlobalFlags>();
      const output = new Output(io, flags.json === true);
      const ctx = new CommandContext(io, output, signal, flags);
      const positional = args.filter((arg): arg is string => typeof arg === 'string');
      try {
        onExit(await body(ctx, this, positional));
      } catch (error) {
        onExit(await report(error, output, signal));
      }
    };

  for (const define of [
    defineRegister,
    defineApiKey,
    defineDoctor,
    defineQuota,
    defineSync,
    defineExport,
    defineDecode,
  ]) {
    define(program, action);
  }
  return program;
}

/** Prints an error once, in the output's style, and gives its exit code. */
async function report(error: unknown, output: Output, signal: AbortSignal): Promise<number> {
  // The reader went away (`sportscloud decode … | head`): stop quietly, as other tools do.
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT_CODES.ok;
  // Loaded already when core raised the error.
  const { isSportsCloudError } = await loadCore();
  if (signal.aborted || (isSportsCloudError(error) && error.code === 'aborted')) {
    output.error('interrupted', 'interrupted');
    return EXIT_CODES.interrupted;
  }
  if (error instanceof CliError) {
    output.error(error.message, error.exitCode === EXIT_CODES.usage ? 'usage' : 'failure');
    return error.exitCode;
  }
  if (isSportsCloudError(error)) {
    const usage = error.code === 'invalid_argument' || error.code === 'configuration';
    output.error(error.message, error.code);
    return usage ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
  output.error(error instanceof Error ? error.message : String(error), 'internal');
  return EXIT_CODES.failure;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and resolves to the exit code. Never
 * exits the process itself.
 */
export async function run(
  argv: readonly string[],
  io: CliIO = processIO(),
  options: RunOptions = {},
): Promise<number> {
  const signal = options.signal ?? new AbortController().signal;
  let exitCode: number = EXIT_CODES.ok;
  const program = createProgram(io, signal, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and version end "successfully"; everything else commander rejects is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_CODES.ok;
    if (error.code === 'commander.help' && error.exitCode === 0) return EXIT_CODES.ok;
    return EXIT_CODES.usage;
  }
  return exitCode;
}
