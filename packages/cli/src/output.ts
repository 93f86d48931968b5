import type { CliIO, OutputStream } from './io';

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const;
export type Style = keyof typeof STYLES;
export type Paint = (style: Style, text: string) => string;

/**
 * Colour only for a terminal, and never when NO_COLOR is set to anything but "" (no-color.org), which
 * wins over FORCE_COLOR; FORCE_COLOR turns it on where there is no terminal.
 */
export function colorEnabled(stream: OutputStream, env: CliIO['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

function painter(enabled: boolean): Paint {
  return enabled
    ? (style, text) => `\x1b[${STYLES[style][0]}m${text}\x1b[${STYLES[style][1]}m`
    : (_s, t) => t;
}

const REDACTED = '[redacted]';

/**
 * All the CLI prints goes through here: results to stdout (text, or one JSON document with `--json`),
 * warnings, progress and errors to stderr. Every known secret is replaced before a byte is written, so a
 * credential cannot leak through an error message or a server's echo; `revealOnce` is the one way round,
 * for `register`, which must show the new shared secret once.
 */
export class Output {
  readonly #secrets = new Set<string>();
  readonly paintOut: Paint;
  readonly paintErr: Paint;

  constructor(
    readonly io: CliIO,
    readonly json: boolean,
  ) {
    this.paintOut = painter(!json && colorEnabled(io.stdout, io.env));
    this.paintErr = painter(colorEnabled(io.stderr, io.env));
  }

  /** Never print this value (credentials, as soon as they are loaded). */
  addSecret(value: string | undefined): void {
    // Very short values would redact ordinary text; real credentials are long.
    if (value && value.length >= 8) this.#secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.replaceAll(secret, REDACTED);
    return out;
  }

  /** A line of the command's result (text mode). */
  line(text = ''): void {
    this.io.stdout.write(`${this.redact(text)}\n`);
  }

  /** The command's result as one JSON document (`--json`). */
  data(value: unknown): void {
    this.io.stdout.write(`${this.redact(JSON.stringify(value, null, 2))}\n`);
  }

  /** Prints a value that is otherwise redacted, exactly once, on purpose. */
  revealOnce(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.paintErr('yellow', 'warning:')} ${this.redact(text)}\n`);
  }

  /** Progress and notes that are not the result. */
  note(text: string): void {
    this.io.stderr.write(`${this.redact(text)}\n`);
  }

  error(text: string, code?: string): void {
    if (this.json) {
      this.io.stderr.write(
        `${this.redact(JSON.stringify({ error: { code: code ?? 'error', message: text } }))}\n`,
      );
    } else {
      this.io.stderr.write(`${this.paintErr('red', 'error:')} ${this.redact(text)}\n`);
    }
  }
}
