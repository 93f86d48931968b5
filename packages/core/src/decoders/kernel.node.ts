/// <reference types="node" />
// Decode kernel for Node: Buffer base64, synchronous node:zlib and native byte swaps. Node's
// DecompressionStream costs ~300 µs per stream, so it is never used here. Same exports as kernel.web.ts.
import { Buffer } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { DecodeError } from '../errors';
import { base64DecodedLength, decodeBase64Strict } from './base64';
import { InflateError, inflateOwned, TOO_LARGE } from './inflate.node';
import type { DecodeBudget } from './limits';
import { checkLength, IS_LITTLE_ENDIAN, viewAs } from './spec';
import type { MaybePromise, SeriesBits, SeriesType, TimeSeriesArray } from './types';

/** Which kernel is in use. */
export const KERNEL: 'node' | 'web' = 'node';

/**
 * Base64 → bytes, with the rules of the Web kernel: the standard alphabet only, padding optional, ASCII
 * whitespace ignored. Buffer's decoder is lenient — it skips bad characters, takes base64url's `-` and `_`,
 * and reads a non-ASCII character by its low byte (`Ł` as `A`) — so any of those goes to the strict decoder,
 * which rejects them.
 */
export function base64ToBytes(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length === base64DecodedLength(s) && isStandardAscii(s)) return bytes;
  return decodeBase64Strict(s);
}

/** No base64url character and nothing outside ASCII (indexOf and byteLength are native scans). */
function isStandardAscii(s: string): boolean {
  return s.indexOf('-') === -1 && s.indexOf('_') === -1 && Buffer.byteLength(s, 'utf8') === s.length;
}

function run(fn: (b: Uint8Array) => Buffer, bytes: Uint8Array, label: string): Uint8Array {
  try {
    return fn(bytes);
  } catch (cause) {
    throw new DecodeError(`invalid ${label} stream: ${(cause as Error).message}`, { cause });
  }
}

/** Inflates an RFC 1950 zlib stream. */
export function inflateZlib(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return run(inflateSync, bytes, 'zlib');
}

/** Inflates a raw RFC 1951 deflate stream (some servers send that as `Content-Encoding: deflate`). */
export function inflateRaw(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return run(inflateRawSync, bytes, 'raw deflate');
}

/** Decompresses gzip. */
export function gunzip(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return run(gunzipSync, bytes, 'gzip');
}

/** Whether this runtime can decompress brotli itself (always, through node:zlib). */
export function canDecodeBrotli(): boolean {
  return true;
}

/** Decompresses brotli; throws a DecodeError when the runtime cannot. */
export function brotliDecompress(bytes: Uint8Array): MaybePromise<Uint8Array> {
  return run(brotliDecompressSync, bytes, 'brotli');
}

/**
 * base64 → zlib inflate → big-endian elements to a host-order typed array. Synchronous. Inflating stops
 * as soon as the output passes what `budget` allows (a DecodeError that is not retryable).
 */
export function decodeSeriesBlob(
  base64: string,
  type: SeriesType,
  bits: SeriesBits,
  budget: DecodeBudget,
): MaybePromise<TimeSeriesArray> {
  const room = budget.room();
  let buf: Buffer | typeof TOO_LARGE;
  try {
    buf = inflateOwned(base64ToBytes(base64), room);
  } catch (cause) {
    if (!(cause instanceof InflateError)) throw cause;
    throw new DecodeError(`invalid zlib stream: ${cause.message}`, { cause });
  }
  if (buf === TOO_LARGE) {
    budget.charge(room + 1, room + 1); // throws, naming the limit
    throw new DecodeError('decoded output too large', { retryable: false });
  }
  budget.charge(buf.byteLength, buf.byteLength);
  checkLength(buf, bits);
  if (IS_LITTLE_ENDIAN) {
    if (bits === 16) buf.swap16();
    else if (bits === 32) buf.swap32();
    else if (bits === 64) buf.swap64();
  }
  return viewAs(buf, type, bits);
}
