// A strict base64 decoder (standard alphabet, padding optional, ASCII whitespace ignored) in plain JS.
import { DecodeError } from '../errors';

const INVALID = 0x80;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TABLE = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128).fill(INVALID);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** Byte length a valid base64 string decodes to, or -1 when its length cannot be valid. */
export function base64DecodedLength(s: string): number {
  let end = s.length;
  if (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (end % 4 === 1 || (end < s.length && s.length % 4 !== 0)) return -1;
  return Math.floor((end * 3) / 4);
}

/** Decodes base64; throws a DecodeError on a character outside the alphabet, a bad length or bad padding. */
export function decodeBase64Strict(s: string): Uint8Array {
  const out = decode(s);
  if (out) return out;
  const compact = s.replace(/[\t\n\f\r ]+/g, '');
  const retried = compact.length !== s.length ? decode(compact) : undefined;
  if (retried) return retried;
  throw new DecodeError('invalid base64');
}

function decode(s: string): Uint8Array | undefined {
  const length = base64DecodedLength(s);
  if (length < 0) return undefined;
  const out = new Uint8Array(length);
  const full = Math.floor(length / 3) * 4;
  let bad = 0;
  let high = 0;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    high |= c0 | c1 | c2 | c3;
    const a = TABLE[c0 & 0x7f]!;
    const b = TABLE[c1 & 0x7f]!;
    const c = TABLE[c2 & 0x7f]!;
    const d = TABLE[c3 & 0x7f]!;
    bad |= a | b | c | d;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = length - o;
  if (rest > 0) {
    const c0 = s.charCodeAt(full);
    const c1 = s.charCodeAt(full + 1);
    const c2 = rest === 2 ? s.charCodeAt(full + 2) : 65;
    high |= c0 | c1 | c2;
    const a = TABLE[c0 & 0x7f]!;
    const b = TABLE[c1 & 0x7f]!;
    const c = TABLE[c2 & 0x7f]!;
    bad |= a | b | c;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (rest === 2) out[o] = (n >>> 8) & 0xff;
  }
  return bad & INVALID || high > 0x7f ? undefined : out;
}
