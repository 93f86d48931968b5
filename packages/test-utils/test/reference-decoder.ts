import { inflateSync } from 'node:zlib';

/**
 * A deliberately tiny reference decoder for the API's binary series (base64 → zlib → big-endian),
 * written only for the tests so the package's encoder is checked against something independent.
 */
export function decodeSeries(value: string, type: string, bits: number): Array<number | bigint> {
  const bytes = inflateSync(Buffer.from(value, 'base64'));
  const width = bits / 8;
  if (bytes.length % width !== 0) throw new Error(`length ${bytes.length} is not a multiple of ${width}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read: Record<string, (offset: number) => number | bigint> = {
    Float32: (o) => view.getFloat32(o),
    Float64: (o) => view.getFloat64(o),
    Signed8: (o) => view.getInt8(o),
    Signed16: (o) => view.getInt16(o),
    Signed32: (o) => view.getInt32(o),
    Signed64: (o) => view.getBigInt64(o),
    Unsigned8: (o) => view.getUint8(o),
    Unsigned16: (o) => view.getUint16(o),
    Unsigned32: (o) => view.getUint32(o),
    Unsigned64: (o) => view.getBigUint64(o),
  };
  const get = read[`${type}${bits}`];
  if (!get) throw new Error(`unsupported ${type}/${bits}`);
  return Array.from({ length: bytes.length / width }, (_, i) => get(i * width));
}
