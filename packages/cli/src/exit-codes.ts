/**
 * The `sportscloud` exit codes. Scripts key on them, so they never change meaning within a major version.
 */
export const EXIT_CODES = {
  /** The command did what was asked. */
  ok: 0,
  /** It failed: the API refused, the network failed, a file could not be read or decoded. */
  failure: 1,
  /** It was called wrongly: unknown command or option, a bad value, missing credentials. */
  usage: 2,
  /** It ran and found a problem: `doctor` has a failing check, `quota` needs more than is left today. */
  findings: 3,
  /** Ctrl-C (SIGINT): stopped cleanly; the output file is closed properly, complete up to the last item. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A failure with the exit code it ends the process with; its message is meant for the user. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT_CODES.failure,
  ) {
    super(message);
  }
}

/** Bad input from the command line or a config file. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_CODES.usage);
  }
}
