/** Header names whose values are credentials. Compared lower-case. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);
/**
 * JSON fields that carry credentials in Sports Cloud bodies (register, api-key, new-secret). The
 * value may be cut off (a body truncated in transit): then it runs to the end of the text.
 */
// Stryker disable next-line Regex: dropping `$` is equivalent: the greedy value stops only at a quote, a lone final backslash or the end
const SECRET_FIELDS = /("(?:sharedSecret|apikey|apiKey|token|secret)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?$)/g;
/** Credentials in a URL's user-info part (`https://user:password@host`). */
const URL_USERINFO = /\b([a-z][a-z\d+.-]*:\/\/)[^/@\s]+@/gi;
/** A compact JWT anywhere in a string (header.payload.signature, base64url). */
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]+\.[\w-]+/g;

const REDACTED = '[REDACTED]';

/**
 * Removes credentials from anything we keep or show: errors, logs, support bundles.
 * Known secret values (shared secret, API key, minted tokens) are registered as they become
 * known, so they are scrubbed even where they appear in unexpected places (a URL, a body).
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  /** Each secret as it may be written inside a JSON string, any character as a `\uXXXX` escape. */
  readonly #escaped = new Map<string, RegExp>();

  /** Registers a secret value; values shorter than 6 characters are ignored (too likely to hit by chance). */
  add(value: string | undefined): void {
    if (!value || value.length < 6 || this.#secrets.has(value)) return;
    this.#secrets.add(value);
    this.#escaped.set(value, jsonEscapedForms(value));
  }

  text(input: string): string {
    let out = input
      .replace(SECRET_FIELDS, `$1"${REDACTED}"`)
      .replace(JWT_PATTERN, REDACTED)
      .replace(URL_USERINFO, `$1${REDACTED}@`);
    for (const secret of this.#secrets) out = out.replaceAll(secret, REDACTED);
    // A body is redacted before its JSON is decoded, so `\u002d` must not smuggle a secret past.
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; without a backslash no escaped form can match
    if (out.includes('\\')) {
      for (const pattern of this.#escaped.values()) out = out.replace(pattern, REDACTED);
    }
    return out;
  }

  /**
   * A redacted copy of an error to keep as a `cause`: name, message, stack and `code`, and its own
   * cause chain (a few levels), each redacted. The original is dropped, since a fetch's error may
   * carry the request (headers included) in fields we do not know.
   */
  error(error: unknown, depth = 0): Error {
    if (!(error instanceof Error)) return new Error(this.text(String(error)));
    const copy = new Error(this.text(error.message)) as Error & { code?: string | number };
    copy.name = this.text(String(error.name));
    copy.stack = error.stack === undefined ? undefined : this.text(error.stack);
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' || typeof code === 'number') copy.code = code;
    if (error.cause !== undefined && depth < 4) copy.cause = this.error(error.cause, depth + 1);
    return copy;
  }

  headers(headers: Headers | Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!headers) return out;
    const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
    for (const [name, value] of entries) {
      out[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return out;
  }
}

/** Matches `secret` inside JSON text where any of its characters may be escaped (`\u002d`, `\/`). */
function jsonEscapedForms(secret: string): RegExp {
  let source = '';
  // JSON escapes UTF-16 code units, so walk units, not code points.
  for (let i = 0; i < secret.length; i++) {
    const char = secret[i]!;
    const forms = [
      char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
      `\\\\u${hexCaseless(secret.charCodeAt(i))}`,
    ];
    if (char === '/' || char === '"' || char === '\\') forms.push(`\\\\\\${char}`);
    source += `(?:${forms.join('|')})`;
  }
  return new RegExp(source, 'g');
}

/** `0x2d` → `002[dD]`: JSON allows either case in `\u` escapes. */
function hexCaseless(unit: number): string {
  return [...unit.toString(16).padStart(4, '0')]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('');
}
