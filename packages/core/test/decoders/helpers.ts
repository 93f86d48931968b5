// An encoder independent of the decoder under test: DataView big-endian writes, CompressionStream, btoa.
import { expect } from 'vitest';
import type { SeriesBits, SeriesType } from '../../src';
import { DecodeError } from '../../src/errors';

export const COMBOS: ReadonlyArray<readonly [SeriesType, SeriesBits]> = [
  ['Float', 32],
  ['Float', 64],
  ['Signed', 8],
  ['Signed', 16],
  ['Signed', 32],
  ['Signed', 64],
  ['Unsigned', 8],
  ['Unsigned', 16],
  ['Unsigned', 32],
  ['Unsigned', 64],
];

export function bigEndian(
  values: ArrayLike<number | bigint>,
  type: SeriesType,
  bits: SeriesBits,
): Uint8Array {
  const size = bits / 8;
  const view = new DataView(new ArrayBuffer(values.length * size));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const o = i * size;
    if (type === 'Float') {
      if (bits === 32) view.setFloat32(o, Number(v), false);
      else view.setFloat64(o, Number(v), false);
    } else if (bits === 64) {
      if (type === 'Signed') view.setBigInt64(o, BigInt(v), false);
      else view.setBigUint64(o, BigInt(v), false);
    } else if (bits === 8) {
      if (type === 'Signed') view.setInt8(o, Number(v));
      else view.setUint8(o, Number(v));
    } else if (bits === 16) {
      if (type === 'Signed') view.setInt16(o, Number(v), false);
      else view.setUint16(o, Number(v), false);
    } else if (type === 'Signed') view.setInt32(o, Number(v), false);
    else view.setUint32(o, Number(v), false);
  }
  return new Uint8Array(view.buffer);
}

export async function compress(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64(zlib(big-endian bytes)), as the API sends a series. */
export async function encodeSeries(
  values: ArrayLike<number | bigint>,
  type: SeriesType,
  bits: SeriesBits,
): Promise<string> {
  return toBase64(await compress(bigEndian(values, type, bits), 'deflate'));
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Element-wise equality of two array-likes (fast, for big arrays where toEqual is slow). */
export function sameValues(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Awaits a promise that must reject with a DecodeError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<DecodeError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecodeError);
  return error as DecodeError;
}
