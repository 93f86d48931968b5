/// <reference types="node" />
// Decode kernel for Node: Buffer base64, synchronous node:zlib and native byte swaps. Node's
// DecompressionStream costs ~300 µs per stream, so it is never used here. Same exports as kernel.web.ts.
import { Buffer } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { DecodeError } from '../errors';
import { base64DecodedLength, decodeBase64Strict } from './base64';
import { checkLength, IS_LITTLE_ENDIAN, viewAs } from './spec';
import type { MaybePromise, SeriesBits, SeriesType, TimeSeriesArray } from './types';

/** Which kernel is in use. */
export const KERNEL: 'node' | 'web' = 'node';

/** Base64 → bytes. Buffer's decoder skips bad characters silently, so a length mismatch re-checks strictly. */
export function base64ToBytes(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'base64');
  return bytes.length === base64DecodedLength(s) ? bytes : decodeBase64Strict(s);
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

/** base64 → zlib inflate → big-endian elements to a host-order typed array. Synchronous. */
export function decodeSeriesBlob(
  base64: string,
  type: SeriesType,
  bits: SeriesBits,
): MaybePromise<TimeSeriesArray> {
  let buf = run(inflateSync, base64ToBytes(base64), 'zlib') as Buffer;
  checkLength(buf, bits);
  if (buf.byteOffset !== 0 || buf.byteLength !== buf.buffer.byteLength) {
    // A slice of zlib's 16 KiB output chunk: copy so the array owns (and keeps alive) only its own bytes.
    const own = Buffer.allocUnsafeSlow(buf.byteLength);
    buf.copy(own);
    buf = own;
  }
  if (IS_LITTLE_ENDIAN) {
    if (bits === 16) buf.swap16();
    else if (bits === 32) buf.swap32();
    else if (bits === 64) buf.swap64();
  }
  return viewAs(buf, type, bits);
}
