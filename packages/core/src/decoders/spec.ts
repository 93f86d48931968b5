// Element-type rules shared by both kernels and the list decoder. No runtime-specific APIs here.
import { DecodeError } from '../errors';
import type { SeriesBits, SeriesType, TimeSeriesArray } from './types';

/** True on every runtime we know of; checked once so a big-endian host skips the byte swap. */
// Stryker disable next-line ConditionalExpression: `true` is the same value on the little-endian hosts this runs on.
export const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A well-formed series of a kind this client does not read: the same bytes would come back. */
const NOT_RETRYABLE = { retryable: false } as const;

const TYPES: Record<string, SeriesType> = { float: 'Float', signed: 'Signed', unsigned: 'Unsigned' };

/** `type` → canonical spelling; throws on anything but float/signed/unsigned (any case). */
export function normalizeType(type: unknown): SeriesType {
  const canonical = typeof type === 'string' ? TYPES[type.toLowerCase()] : undefined;
  if (!canonical) {
    throw new DecodeError(
      `unknown time-series type ${JSON.stringify(type)} (expected Float, Signed or Unsigned)`,
      NOT_RETRYABLE,
    );
  }
  return canonical;
}

/** `bits` → 8/16/32/64 (a numeric string is accepted); Float must be 32 or 64. */
export function normalizeBits(bits: unknown, type: SeriesType): SeriesBits {
  const n = typeof bits === 'string' && /^\s*\d+\s*$/.test(bits) ? Number(bits) : bits;
  if (n !== 8 && n !== 16 && n !== 32 && n !== 64) {
    throw new DecodeError(
      `unsupported bits ${JSON.stringify(bits)} (expected 8, 16, 32 or 64)`,
      NOT_RETRYABLE,
    );
  }
  if (type === 'Float' && n < 32) {
    throw new DecodeError(`Float/${n} is not a supported element type`, NOT_RETRYABLE);
  }
  return n;
}

/** Builds the typed array for `type`/`bits` over `bytes` (which must be aligned to the element size). */
export function viewAs(bytes: Uint8Array, type: SeriesType, bits: SeriesBits): TimeSeriesArray {
  const { buffer, byteOffset } = bytes;
  const length = bytes.byteLength / (bits >>> 3);
  switch (bits) {
    case 8:
      return type === 'Signed'
        ? new Int8Array(buffer, byteOffset, length)
        : new Uint8Array(buffer, byteOffset, length);
    case 16:
      return type === 'Signed'
        ? new Int16Array(buffer, byteOffset, length)
        : new Uint16Array(buffer, byteOffset, length);
    case 32:
      if (type === 'Float') return new Float32Array(buffer, byteOffset, length);
      return type === 'Signed'
        ? new Int32Array(buffer, byteOffset, length)
        : new Uint32Array(buffer, byteOffset, length);
    default:
      if (type === 'Float') return new Float64Array(buffer, byteOffset, length);
      return type === 'Signed'
        ? new BigInt64Array(buffer, byteOffset, length)
        : new BigUint64Array(buffer, byteOffset, length);
  }
}

/** Allocates an empty typed array for `type`/`bits`. */
export function allocate(type: SeriesType, bits: SeriesBits, length: number): TimeSeriesArray {
  return viewAs(new Uint8Array(length * (bits >>> 3)), type, bits);
}

/** Throws unless the decompressed length is a whole number of elements. */
export function checkLength(bytes: Uint8Array, bits: SeriesBits): void {
  const size = bits >>> 3;
  if (bytes.byteLength % size !== 0) {
    throw new DecodeError(
      `decompressed length ${bytes.byteLength} is not a multiple of the ${size}-byte element size`,
    );
  }
}

/**
 * Checks the decompressed length and returns bytes that own their whole ArrayBuffer
 * (copied only when `bytes` is a slice of a larger or misaligned buffer).
 */
export function ownedBytes(bytes: Uint8Array, bits: SeriesBits): Uint8Array {
  checkLength(bytes, bits);
  // A view as long as its buffer starts at offset 0.
  if (bytes.byteLength === bytes.buffer.byteLength) return bytes;
  // Not `bytes.slice()`: on a Node Buffer that is a view, not a copy.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** Reverses the byte order of every `size`-byte element in place. `bytes` must be aligned to 4 bytes. */
export function swapInPlace(bytes: Uint8Array, size: 1 | 2 | 4 | 8): void {
  if (size === 1 || bytes.byteLength === 0) return;
  if (size === 2) {
    const w = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 1);
    // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end.
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      w[i] = (x >>> 8) | (x << 8);
    }
    return;
  }
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  if (size === 4) {
    // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end.
    for (let i = 0; i < w.length; i++) w[i] = bswap32(w[i]!);
    return;
  }
  // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end.
  for (let i = 0; i < w.length; i += 2) {
    const lo = w[i]!;
    w[i] = bswap32(w[i + 1]!);
    w[i + 1] = bswap32(lo);
  }
}

function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}
