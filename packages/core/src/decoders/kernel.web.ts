// Decode kernel for Web-API runtimes (Deno, workerd, edge, browsers). Chosen through the `#kernel` import map;
// kernel.node.ts must export the same names with the same signatures.
import { DecodeError } from '../errors';
import { decodeBase64Strict } from './base64';
import type { DecodeBudget } from './limits';
import { IS_LITTLE_ENDIAN, ownedBytes, swapInPlace, viewAs } from './spec';
import type { MaybePromise, SeriesBits, SeriesType, TimeSeriesArray } from './types';

/** Which kernel is in use. */
export const KERNEL: 'node' | 'web' = 'web';

type FromBase64 = (s: string) => Uint8Array;

/** Base64 → bytes. Uses `Uint8Array.fromBase64` where the runtime has it, else a table decoder. */
export function base64ToBytes(s: string): Uint8Array {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  if (typeof fromBase64 !== 'function') return decodeBase64Strict(s);
  try {
    return fromBase64.call(Uint8Array, s);
  } catch (cause) {
    throw new DecodeError('invalid base64', { cause });
  }
}

/** Inflates an RFC 1950 zlib stream. */
export function inflateZlib(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return decompress('deflate', bytes, 'zlib');
}

/** Inflates a raw RFC 1951 deflate stream (some servers send that as `Content-Encoding: deflate`). */
export function inflateRaw(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return decompress('deflate-raw', bytes, 'raw deflate');
}

/** Decompresses gzip. */
export function gunzip(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return decompress('gzip', bytes, 'gzip');
}

let brotliFormat: string | null | undefined;

function brotliFormatName(): string | null {
  if (brotliFormat === undefined) {
    brotliFormat = null;
    // Deno accepts the non-standard 'brotli'; nobody accepts 'br' today, but a later runtime may.
    for (const format of ['brotli', 'br']) {
      try {
        new DecompressionStream(format as CompressionFormat);
        brotliFormat = format;
        break;
      } catch {
        // not supported here
      }
    }
  }
  return brotliFormat;
}

/** Whether this runtime can decompress brotli itself (DecompressionStream 'brotli': Deno). */
export function canDecodeBrotli(): boolean {
  return typeof DecompressionStream === 'function' && brotliFormatName() !== null;
}

/** Decompresses brotli; throws a DecodeError when the runtime cannot. */
export function brotliDecompress(bytes: Uint8Array): MaybePromise<Uint8Array> {
  const format = canDecodeBrotli() ? brotliFormatName() : null;
  if (!format) return Promise.reject(new DecodeError('this runtime cannot decode Content-Encoding br'));
  return decompress(format, bytes, 'brotli');
}

/**
 * base64 → zlib inflate → big-endian elements to a host-order typed array. The stream is read chunk by chunk
 * and cancelled as soon as the output passes what `budget` allows (a DecodeError that is not retryable).
 */
export function decodeSeriesBlob(
  base64: string,
  type: SeriesType,
  bits: SeriesBits,
  budget: DecodeBudget,
): MaybePromise<TimeSeriesArray> {
  return decodeBlob(base64ToBytes(base64), type, bits, budget);
}

async function decodeBlob(
  compressed: Uint8Array,
  type: SeriesType,
  bits: SeriesBits,
  budget: DecodeBudget,
): Promise<TimeSeriesArray> {
  const bytes = ownedBytes(await decompress('deflate', compressed, 'zlib', budget), bits);
  // Stryker disable next-line ConditionalExpression: `true` is the same value on the little-endian hosts this runs on.
  if (IS_LITTLE_ENDIAN) swapInPlace(bytes, (bits >>> 3) as 1 | 2 | 4 | 8);
  return viewAs(bytes, type, bits);
}

async function decompress(
  format: string,
  bytes: Uint8Array,
  label: string,
  budget?: DecodeBudget,
): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new DecodeError(`this runtime has no DecompressionStream to decode ${label}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const stream = new DecompressionStream(format as CompressionFormat);
    const writer = stream.writable.getWriter();
    const writing = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
    // A failure surfaces through the reader too; keep this one from being reported as unhandled.
    writing.catch(() => {});
    reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
      // Throws past a limit: the stream is cancelled below, so inflating stops here.
      budget?.charge(value.byteLength, total);
    }
    await writing;
  } catch (cause) {
    reader?.cancel().catch(() => {});
    if (cause instanceof DecodeError) throw cause;
    throw new DecodeError(
      `invalid ${label} stream: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  // Stryker disable next-line ConditionalExpression: a shortcut; joining one chunk copies the same bytes
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
