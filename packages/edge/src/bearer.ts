import { ConfigurationError } from '@sportscloud/core';

const MIN_TOKEN_LENGTH = 16;
const MAX_HEADER_LENGTH = 4096;
const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Checks `Authorization: Bearer …` against the configured tokens (several, to rotate without
 * downtime). Both sides are hashed first so the comparison takes the same time whatever the
 * length or the first differing byte of the presented token.
 */
export function bearerVerifier(
  tokens: string | readonly string[],
): (header: string | null) => Promise<boolean> {
  const list = typeof tokens === 'string' ? [tokens] : [...tokens];
  if (list.length === 0) throw new ConfigurationError('token: at least one bearer token is required');
  for (const token of list) {
    if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigurationError(
        `token: every bearer token must be a string of at least ${MIN_TOKEN_LENGTH} characters`,
      );
    }
  }
  const expected = Promise.all(list.map(digest));
  return async (header) => {
    const match = header && header.length <= MAX_HEADER_LENGTH ? /^Bearer +(\S+) *$/i.exec(header) : null;
    // Hash something even without a token, so a missing header costs what a wrong one does.
    const presented = await digest(match?.[1] ?? '');
    let ok = false;
    for (const want of await expected) {
      let diff = 0;
      for (let i = 0; i < want.length; i++) diff |= want[i]! ^ presented[i]!;
      ok = diff === 0 || ok;
    }
    return ok && match !== null;
  };
}
