import type { Rng } from '../data/prng';
import type { TimeSeriesVariable } from '../data/types';
import { fromBase64, toBase64 } from '../encoding/base64';
import { webCompress } from '../encoding/web-compress';

/**
 * The 'corrupt' fault: damage one binary series so a decoder must notice. Either the zlib
 * checksum (Adler-32, the stream's last byte) is flipped, which every zlib decoder rejects, or
 * one stray byte is appended to the packed data before re-compressing, so the decompressed length
 * is no multiple of the element width (possible only for 16/32/64-bit series).
 */

function firstBinarySeries(body: unknown): TimeSeriesVariable | undefined {
  const holders = (body as { measurements?: unknown[] } | null)?.measurements ?? [body];
  for (const holder of holders) {
    const vars = (holder as { variables?: unknown[] } | null)?.variables ?? [];
    for (const v of vars as TimeSeriesVariable[]) {
      if (typeof v.value === 'string' && 'bits' in v) return v;
    }
  }
  return undefined;
}

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Damages the first binary series in a results body in place; false when there is none. */
export async function corruptSeries(body: unknown, rng: Rng): Promise<boolean> {
  const series = firstBinarySeries(body);
  if (!series) return false;
  const zlib = fromBase64(series.value as string);
  if (series.bits > 8 && rng.chance(0.5)) {
    const packed = await inflate(zlib);
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    longer[packed.length] = rng.int(0, 255);
    series.value = toBase64(await webCompress('deflate', longer));
  } else {
    zlib[zlib.length - 1] = (zlib[zlib.length - 1] as number) ^ 0xff;
    series.value = toBase64(zlib);
  }
  return true;
}
