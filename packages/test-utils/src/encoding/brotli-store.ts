/**
 * A valid brotli stream (RFC 7932) made of uncompressed meta-blocks. Web runtimes have no brotli
 * compressor; this lets the fake honour `Accept-Encoding: br` with output any decoder accepts.
 */

const MAX_METABLOCK = 1 << 16; // MNIBBLES = 4 → MLEN up to 2^16

class BitWriter {
  private readonly parts: Uint8Array[] = [];
  private pending: number[] = [];
  private bit = 0;

  /** Append `count` bits of `value`, least significant first (brotli's bit order). */
  write(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.bit === 0) this.pending.push(0);
      if ((value >>> i) & 1) this.pending[this.pending.length - 1]! |= 1 << this.bit;
      this.bit = (this.bit + 1) & 7;
    }
  }

  /** Zero-pad to the next byte boundary and append bytes verbatim (uncompressed meta-block data). */
  alignedRaw(chunk: Uint8Array): void {
    this.bit = 0;
    this.parts.push(Uint8Array.from(this.pending), chunk);
    this.pending = [];
  }

  finish(): Uint8Array<ArrayBuffer> {
    this.parts.push(Uint8Array.from(this.pending));
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export function brotliStore(input: Uint8Array): Uint8Array<ArrayBuffer> {
  const w = new BitWriter();
  w.write(0, 1); // WBITS = 16 (a single 0 bit)
  for (let at = 0; at < input.length; at += MAX_METABLOCK) {
    const chunk = input.subarray(at, at + MAX_METABLOCK);
    w.write(0, 1); // ISLAST = 0: an uncompressed meta-block is never the last one
    w.write(0, 2); // MNIBBLES = 4
    w.write(chunk.length - 1, 16); // MLEN - 1
    w.write(1, 1); // ISUNCOMPRESSED
    w.alignedRaw(chunk);
  }
  w.write(1, 1); // ISLAST
  w.write(1, 1); // ISLASTEMPTY
  return w.finish();
}
