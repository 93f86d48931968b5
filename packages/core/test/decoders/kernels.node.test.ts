import { brotliCompressSync, brotliDecompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as node from '../../src/decoders/kernel.node';
import { defaultBudget } from '../../src/decoders/limits';
import { DecodeError } from '../../src/errors';
import { utf8 } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('node kernel', () => {
  it('identifies itself and decodes brotli', async () => {
    expect(node.KERNEL).toBe('node');
    expect(node.canDecodeBrotli()).toBe(true);
    expect(new Uint8Array(await node.brotliDecompress(brotliCompressSync(utf8('hello'))))).toEqual(
      utf8('hello'),
    );
    expect(() => node.brotliDecompress(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/invalid brotli stream/);
  });

  it('decodes base64 fast, and strictly when Buffer would silently skip characters', () => {
    expect(new Uint8Array(node.base64ToBytes('QUJD'))).toEqual(utf8('ABC'));
    expect(new Uint8Array(node.base64ToBytes('QUJ\nD'))).toEqual(utf8('ABC'));
    expect(() => node.base64ToBytes('QU!D')).toThrow(DecodeError);
    expect(() => node.base64ToBytes('QUJD=QUJD')).toThrow(DecodeError);
    expect(() => node.base64ToBytes('Q')).toThrow(DecodeError);
  });

  it('inflates and gunzips synchronously', () => {
    const data = utf8('x'.repeat(1000));
    expect(new Uint8Array(node.inflateZlib(deflateSync(data)) as Uint8Array)).toEqual(data);
    expect(new Uint8Array(node.gunzip(gzipSync(data)) as Uint8Array)).toEqual(data);
    expect(() => node.inflateRaw(new Uint8Array([0xff]))).toThrow(/invalid raw deflate stream/);
  });

  it('returns typed arrays that own an aligned buffer', () => {
    const raw = Buffer.alloc(3 * 8);
    raw.writeDoubleBE(1.25, 0);
    raw.writeDoubleBE(-7, 8);
    raw.writeDoubleBE(1e-300, 16);
    const out = node.decodeSeriesBlob(
      deflateSync(raw).toString('base64'),
      'Float',
      64,
      defaultBudget(),
    ) as Float64Array;
    expect(out).toEqual(new Float64Array([1.25, -7, 1e-300]));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(24);
    const i16 = Buffer.alloc(4);
    i16.writeInt16BE(-2, 0);
    i16.writeInt16BE(300, 2);
    expect(node.decodeSeriesBlob(deflateSync(i16).toString('base64'), 'Signed', 16, defaultBudget())).toEqual(
      new Int16Array([-2, 300]),
    );
    const i32 = Buffer.alloc(4);
    i32.writeInt32BE(-5, 0);
    expect(node.decodeSeriesBlob(deflateSync(i32).toString('base64'), 'Signed', 32, defaultBudget())).toEqual(
      new Int32Array([-5]),
    );
  });
});

describe('web kernel where DecompressionStream knows brotli (as in Deno)', () => {
  /** A DecompressionStream that also takes `name` for brotli, counting what it is asked for. */
  function withBrotli(name: string) {
    const Real = globalThis.DecompressionStream;
    const asked: string[] = [];
    // Called with `new`: a constructor function may return the object to use.
    function WithBrotli(format: string) {
      asked.push(format);
      if (format !== name) return new Real(format as CompressionFormat);
      const chunks: Uint8Array[] = [];
      return new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk) {
          chunks.push(chunk);
        },
        flush(controller) {
          controller.enqueue(new Uint8Array(brotliDecompressSync(Buffer.concat(chunks))));
        },
      });
    }
    vi.stubGlobal('DecompressionStream', WithBrotli);
    return asked;
  }

  it('detects and uses the brotli format, probing the runtime once', async () => {
    const asked = withBrotli('brotli');
    const web = await import('../../src/decoders/kernel.web');
    expect(web.canDecodeBrotli()).toBe(true);
    expect(web.canDecodeBrotli()).toBe(true);
    expect(asked).toEqual(['brotli']);
    expect(await web.brotliDecompress(brotliCompressSync(utf8('{"ok":1}')))).toEqual(utf8('{"ok":1}'));
    expect(asked).toEqual(['brotli', 'brotli']);
    await expect(web.brotliDecompress(new Uint8Array([0xff, 0xff, 0xff]))).rejects.toThrow(
      /^invalid brotli stream: /,
    );
  });

  it("takes the standard name 'br' where a runtime has that one", async () => {
    const asked = withBrotli('br');
    const web = await import('../../src/decoders/kernel.web');
    expect(web.canDecodeBrotli()).toBe(true);
    expect(asked).toEqual(['brotli', 'br']);
    expect(await web.brotliDecompress(brotliCompressSync(utf8('[1]')))).toEqual(utf8('[1]'));
  });

  it('cannot decode brotli once DecompressionStream is gone, even after detecting it', async () => {
    withBrotli('brotli');
    const web = await import('../../src/decoders/kernel.web');
    expect(web.canDecodeBrotli()).toBe(true);
    vi.stubGlobal('DecompressionStream', undefined);
    expect(web.canDecodeBrotli()).toBe(false);
    await expect(web.brotliDecompress(brotliCompressSync(utf8('[1]')))).rejects.toThrow(
      /cannot decode Content-Encoding br/,
    );
  });
});
