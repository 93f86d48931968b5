// Decompression bombs: zlib streams of many zero bytes, built without ever holding the output.
import { constants, deflateRawSync } from 'node:zlib';

const MIB = 1 << 20;

/**
 * A zlib stream (RFC 1950) of `mebibytes` MiB of zeros: one sync-flushed raw deflate chunk of 1 MiB
 * (byte-aligned, not final) repeated, a final empty block, and the Adler-32 of the whole output.
 * 2048 MiB compresses to about 2 MB.
 */
export function zlibZeros(mebibytes: number): Uint8Array {
  const chunk = deflateRawSync(new Uint8Array(MIB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const last = deflateRawSync(new Uint8Array(0)); // 03 00: a final empty block
  const out = new Uint8Array(2 + chunk.length * mebibytes + last.length + 4);
  out.set([0x78, 0xda], 0);
  let offset = 2;
  for (let i = 0; i < mebibytes; i++, offset += chunk.length) out.set(chunk, offset);
  out.set(last, offset);
  offset += last.length;
  // Adler-32 of n zeros: a stays 1, b grows by 1 per byte.
  const b = (mebibytes * MIB) % 65521;
  new DataView(out.buffer).setUint32(offset, ((b << 16) | 1) >>> 0, false);
  return out;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
