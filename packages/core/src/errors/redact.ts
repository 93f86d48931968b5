/** Header names whose values are credentials. Compared lower-case. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);
/** JSON fields that carry credentials in Sports Cloud bodies (register, api-key, new-secret). */
const SECRET_FIELDS = /("(?:sharedSecret|apikey|apiKey|token|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
/** Credentials in a URL's user-info part (`https://user:password@host`). */
const URL_USERINFO = /\b([a-z][a-z\d+.-]*:\/\/)[^/@\s]+@/gi;
/** A compact JWT anywhere in a string (header.payload.signature, base64url). */
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]+\.[\w-]+/g;

export const REDACTED = '[REDACTED]';

/**
 * Removes credentials from anything we keep or show: errors, logs, support bundles.
 * Known secret values (shared secret, API key, minted tokens) are registered as they become
 * known, so they are scrubbed even where they appear in unexpected places (a URL, a body).
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret value; values shorter than 6 characters are ignored (too likely to hit by chance). */
  add(value: string | undefined): void {
    if (value && value.length >= 6) this.#secrets.add(value);
  }

  text(input: string): string {
    let out = input
      .replace(SECRET_FIELDS, `$1"${REDACTED}"`)
      .replace(JWT_PATTERN, REDACTED)
      .replace(URL_USERINFO, `$1${REDACTED}@`);
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
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

/** A redactor that knows no secret values: still strips secret headers, fields and JWTs. */
export const defaultRedactor = new Redactor();
