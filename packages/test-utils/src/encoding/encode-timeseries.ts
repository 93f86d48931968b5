import type { SeriesBits, SeriesType } from '../data/types';
import { toBase64 } from './base64';
import { webCompress } from './web-compress';

/**
 * The API's binary time-series format (reference §10): big-endian packed numbers → zlib (RFC 1950)
 * → standard Base64. Written from the format description, not from any decoder.
 */

export interface SeriesEncoding {
  type: SeriesType;
  bits: SeriesBits;
}

const INT_RANGES: Record<'Signed' | 'Unsigned', Record<8 | 16 | 32, readonly [number, number]>> = {
  Signed: { 8: [-128, 127], 16: [-32768, 32767], 32: [-2147483648, 2147483647] },
  Unsigned: { 8: [0, 255], 16: [0, 65535], 32: [0, 4294967295] },
};

const BIG_RANGES = {
  Signed: [-(2n ** 63n), 2n ** 63n - 1n],
  Unsigned: [0n, 2n ** 64n - 1n],
} as const;

type Writer = (view: DataView, offset: number, value: number | bigint) => void;

function toBigInt(value: number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer; pass a bigint`);
  return BigInt(value);
}

function toNumber(value: number | bigint): number {
  if (typeof value === 'bigint') throw new TypeError('bigint values are only accepted for 64-bit integers');
  return value;
}

function writerFor({ type, bits }: SeriesEncoding): Writer {
  if (type === 'Float') {
    if (bits === 64) return (v, o, x) => v.setFloat64(o, toNumber(x), false);
    if (bits === 32) return (v, o, x) => v.setFloat32(o, toNumber(x), false);
    throw new RangeError(`Float/${bits} is not a valid series encoding`);
  }
  if (bits === 64) {
    const [lo, hi] = BIG_RANGES[type];
    return (v, o, x) => {
      const big = toBigInt(x);
      if (big < lo || big > hi) throw new RangeError(`${big} does not fit ${type}/64`);
      if (type === 'Signed') v.setBigInt64(o, big, false);
      else v.setBigUint64(o, big, false);
    };
  }
  const [lo, hi] = INT_RANGES[type][bits];
  const set = {
    Signed: {
      8: DataView.prototype.setInt8,
      16: DataView.prototype.setInt16,
      32: DataView.prototype.setInt32,
    },
    Unsigned: {
      8: DataView.prototype.setUint8,
      16: DataView.prototype.setUint16,
      32: DataView.prototype.setUint32,
    },
  }[type][bits];
  return (v, o, x) => {
    const n = toNumber(x);
    if (!Number.isInteger(n) || n < lo || n > hi) throw new RangeError(`${n} does not fit ${type}/${bits}`);
    set.call(v, o, n, false);
  };
}

/** The packed big-endian bytes (before zlib). */
export function packTimeSeries(
  values: ArrayLike<number | bigint>,
  encoding: SeriesEncoding,
): Uint8Array<ArrayBuffer> {
  const write = writerFor(encoding);
  const width = encoding.bits / 8;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) write(view, i * width, values[i] as number | bigint);
  return bytes;
}

/**
 * Encode values as the API's binary `value` string. Integers are range-checked; 64-bit integers
 * take bigint (or safe-integer numbers); Float/32 rounds like Math.fround.
 */
export async function encodeTimeSeries(
  values: ArrayLike<number | bigint>,
  encoding: SeriesEncoding,
): Promise<string> {
  return toBase64(await webCompress('deflate', packTimeSeries(values, encoding)));
}
