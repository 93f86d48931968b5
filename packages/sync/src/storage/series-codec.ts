import { deflateSync, inflateSync } from 'node:zlib';
import type { SeriesBits, SeriesType, TimeSeriesArray } from '@sportscloud/core';

/**
 * Series bytes as stored: the zlib stream of the values packed big-endian, the API's own binary
 * layout before base64. Typed, compact (base64 alone is a third larger) and readable by anything
 * that follows the API documentation.
 */

const CONSTRUCTORS = {
  Float: { 32: Float32Array, 64: Float64Array },
  Signed: { 8: Int8Array, 16: Int16Array, 32: Int32Array, 64: BigInt64Array },
  Unsigned: { 8: Uint8Array, 16: Uint16Array, 32: Uint32Array, 64: BigUint64Array },
} as const;

type ArrayConstructorOf = new (buffer: ArrayBuffer) => TimeSeriesArray;

export class SeriesCodecError extends Error {
  override readonly name = 'SeriesCodecError';
}

function constructorFor(type: SeriesType, bits: SeriesBits): ArrayConstructorOf {
  const byType = CONSTRUCTORS[type] as Partial<Record<SeriesBits, ArrayConstructorOf>> | undefined;
  const ctor = byType?.[bits];
  if (!ctor) throw new SeriesCodecError(`no typed array for series type ${type} with ${bits} bits`);
  return ctor;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverse byte order in place, element by element, when the host and the stored order differ. */
function swap(bytes: Buffer, bits: SeriesBits): void {
  if (!LITTLE_ENDIAN_HOST || bits === 8) return;
  if (bits === 16) bytes.swap16();
  else if (bits === 32) bytes.swap32();
  else bytes.swap64();
}

export function encodeSeries(values: TimeSeriesArray, bits: SeriesBits): Uint8Array {
  const copy = Buffer.from(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  swap(copy, bits);
  return deflateSync(copy, { level: 6 });
}

export function decodeSeries(data: Uint8Array, type: SeriesType, bits: SeriesBits): TimeSeriesArray {
  const raw = inflateSync(data);
  if (raw.length % (bits / 8) !== 0) {
    throw new SeriesCodecError(
      `stored series of ${raw.length} bytes is not a whole number of ${bits}-bit values`,
    );
  }
  swap(raw, bits);
  // A fresh ArrayBuffer owned by the array (byteOffset 0), as the core decoder returns.
  const owned = new ArrayBuffer(raw.length);
  new Uint8Array(owned).set(raw);
  return new (constructorFor(type, bits))(owned);
}
