import { brotliDecompress, canDecodeBrotli, gunzip, inflateRaw, inflateZlib } from '#kernel';
import { DecodeError } from '../errors';
import { zstdDecompressCapped } from './zstd-capped';

/**
 * The `Accept-Encoding` codings this runtime can decode: `zstd` (fzstd, everywhere), `gzip`, `deflate`, and
 * `br` where the kernel can decode brotli (Node's zlib, Deno's DecompressionStream).
 *
 * `br` is also fine to request where the runtime's own `fetch` decodes it before we see the body (Node/undici,
 * Deno and workerd do; an injected fetch may not): the transport knows, and says so with `fetchDecodesBrotli`.
 * {@link decodeBody} passes already-decoded JSON through.
 */
export function supportedContentEncodings(fetchDecodesBrotli = false): string[] {
  return fetchDecodesBrotli || canDecodeBrotli()
    ? ['zstd', 'gzip', 'deflate', 'br']
    : ['zstd', 'gzip', 'deflate'];
}

/**
 * Decompresses a response body. The format is recognised by its magic bytes, not by `Content-Encoding`,
 * because a runtime's fetch may already have decoded it: zstd `28 B5 2F FD`, gzip `1F 8B`, a zlib header
 * (deflate), or JSON text (`{`, `[`, whitespace, BOM), which is returned as is. Brotli has no magic, so it is
 * tried only when `contentEncoding` says `br` and the bytes are not text. Layered codings
 * (`Content-Encoding: gzip, br`) are undone one layer per listed coding.
 *
 * Rejects with a {@link DecodeError} on a corrupt stream, or when the body is `br` and this runtime cannot
 * decode brotli; with a BodyTooLargeError when zstd (the one coding no runtime's fetch undoes) would
 * decompress to more than `maxBytes`.
 */
export async function decodeBody(
  bytes: Uint8Array,
  contentEncoding?: string | null,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  // Stryker disable next-line StringLiteral: any other default is an unknown coding, which is read like none
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  let data = bytes;
  for (let layer = 0; layer < Math.max(1, codings.length); layer++) {
    const next = await decodeLayer(data, codings[codings.length - 1 - layer], maxBytes);
    if (next === data) break;
    data = next;
  }
  return data;
}

async function decodeLayer(
  bytes: Uint8Array,
  declared: string | undefined,
  maxBytes: number,
): Promise<Uint8Array> {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0x28 && b1 === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) {
    return zstdDecompressCapped(bytes, maxBytes);
  }
  if (b0 === 0x1f && b1 === 0x8b) return gunzip(bytes);
  // Plain text can start like a zlib header ("x^…"): if inflating fails on text, keep the text.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the guards only narrow the types; isZlibHeader(undefined, …) is false (NaN)
  if (b0 !== undefined && b1 !== undefined && isZlibHeader(b0, b1))
    return orText(bytes, () => inflateZlib(bytes));
  if (looksLikeJson(bytes)) return bytes;
  switch (declared) {
    case 'br':
      if (!canDecodeBrotli()) {
        if (looksLikeText(bytes)) return bytes;
        throw new DecodeError('the body is brotli (Content-Encoding br), which this runtime cannot decode');
      }
      return orText(bytes, () => brotliDecompress(bytes));
    case 'deflate':
      // No zlib header: some servers send raw deflate under this name.
      return orText(bytes, () => inflateRaw(bytes));
    case 'gzip':
    case 'x-gzip':
    case 'zstd':
      if (looksLikeText(bytes)) return bytes;
      throw new DecodeError(`the body is declared ${declared} but does not start with its magic bytes`);
    default:
      return bytes;
  }
}

/** Decodes; if that fails on bytes that are plain text (e.g. an error page the runtime already decoded), keeps them. */
async function orText(
  bytes: Uint8Array,
  decode: () => Uint8Array | Promise<Uint8Array>,
): Promise<Uint8Array> {
  try {
    return await decode();
  } catch (error) {
    if (looksLikeText(bytes)) return bytes;
    throw error;
  }
}

/** RFC 1950 header: CM = 8 (deflate), CINFO ≤ 7, FCHECK valid, no preset dictionary. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >>> 4 <= 7 && (cmf * 256 + flg) % 31 === 0 && (flg & 0x20) === 0;
}

function looksLikeJson(bytes: Uint8Array): boolean {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf; // UTF-8 BOM
  for (const c of bytes.subarray(bom ? 3 : 0)) {
    if (c === 0x7b || c === 0x5b) return true; // { [
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  // Stryker disable next-line BooleanLiteral: empty or whitespace only is text, which every later branch keeps as is
  return true;
}

/** Valid UTF-8 without control characters (other than tab, CR, LF) in the first 512 bytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  for (const c of head) {
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  return true;
}
