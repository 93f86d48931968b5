import { homedir } from 'node:os';

/** A stream the CLI writes to: process.stdout/stderr, or a test's capture. */
export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** Everything the CLI reads from its process, so `run()` can be embedded and tested. */
export interface CliIO {
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream & NodeJS.WritableStream;
  stderr: OutputStream & NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  cwd: string;
  homedir: string;
}

export function processIO(): CliIO {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    homedir: homedir(),
  };
}
