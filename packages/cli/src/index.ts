export type { CredentialsFile } from './credentials';
export { defaultConfigPath, ENV } from './credentials';
export { CliError, EXIT_CODES, type ExitCode, UsageError } from './exit-codes';
export type { CliIO, OutputStream } from './io';
export { createProgram, type RunOptions, run } from './program';
