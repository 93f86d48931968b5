import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canDecodeBrotli, KERNEL } from '#kernel';
import { decodeBody, supportedContentEncodings } from '../../src/decoders/body';
import { compress, fromHex, rejection, text, utf8 } from './helpers';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const JSON_BODY = '{"variables":[{"name":"trimp","value":112.3}],"more":false}';

describe('decodeBody', () => {
  it('decodes zstd (fixture made with the zstd CLI) whatever the header says', async () => {
    const want = text(fixture('body.json'));
    for (const encoding of ['zstd', undefined, 'gzip', 'identity']) {
      expect(text(await decodeBody(fixture('body.json.zst'), encoding))).toBe(want);
    }
    expect(text(await decodeBody(fixture('two-frames.zst'), 'zstd'))).toBe('{"part":1}');
  });

  it('decodes a tiny hand-checked zstd frame', async () => {
    // zstd frame: magic, descriptor (single segment, 1-byte size 2), one last raw block "{}".
    expect(text(await decodeBody(fromHex('28b52ffd 2002 1100 007b7d'), 'zstd'))).toBe('{}');
  });

  it('rejects a corrupt zstd frame', async () => {
    const body = fixture('body.json.zst').slice(0, 40);
    expect((await rejection(decodeBody(body, 'zstd'))).message).toMatch(/^invalid zstd body/);
  });

  it('decodes gzip and zlib by their magic bytes', async () => {
    const gz = await compress(utf8(JSON_BODY), 'gzip');
    const zl = await compress(utf8(JSON_BODY), 'deflate');
    expect(gz[0]).toBe(0x1f);
    expect(zl[0]).toBe(0x78);
    for (const encoding of [undefined, 'gzip', 'deflate', 'br', 'zstd']) {
      expect(text(await decodeBody(gz, encoding))).toBe(JSON_BODY);
      expect(text(await decodeBody(zl, encoding))).toBe(JSON_BODY);
    }
  });

  it('decodes raw deflate sent as Content-Encoding deflate', async () => {
    const raw = await compress(utf8(JSON_BODY), 'deflate-raw');
    expect(text(await decodeBody(raw, 'deflate'))).toBe(JSON_BODY);
    expect(text(await decodeBody(raw, 'Deflate'))).toBe(JSON_BODY);
  });

  it('passes JSON and text through untouched, even when a coding is declared', async () => {
    for (const body of [JSON_BODY, '  \n\t{"a":1}', '[1,2]', '\uFEFF{"bom":true}', '', '  ']) {
      const bytes = utf8(body);
      for (const encoding of [undefined, 'gzip', 'br', 'zstd', 'deflate', 'identity', 'x-custom']) {
        expect(await decodeBody(bytes, encoding)).toBe(bytes);
      }
    }
    const html = utf8('<html>Internal Server Error</html>');
    for (const encoding of [undefined, 'gzip', 'x-gzip', 'zstd', 'deflate', 'br']) {
      expect(text(await decodeBody(html, encoding))).toBe('<html>Internal Server Error</html>');
    }
  });

  it('unwraps one layer per listed coding', async () => {
    const inner = await compress(utf8(JSON_BODY), 'gzip');
    const outer = await compress(inner, 'deflate');
    expect(text(await decodeBody(outer, 'gzip, deflate'))).toBe(JSON_BODY);
    expect(new Uint8Array(await decodeBody(outer, 'deflate'))).toEqual(inner);
  });

  it('rejects binary that does not match the declared coding', async () => {
    const binary = new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10]);
    for (const encoding of ['gzip', 'zstd', 'x-gzip']) {
      expect((await rejection(decodeBody(binary, encoding))).message).toMatch(
        /does not start with its magic bytes/,
      );
    }
    expect((await rejection(decodeBody(binary, 'deflate'))).message).toMatch(/invalid raw deflate stream/);
    expect(await decodeBody(binary)).toBe(binary);
  });

  it('rejects corrupt gzip and zlib', async () => {
    const gz = await compress(utf8(JSON_BODY), 'gzip');
    expect((await rejection(decodeBody(gz.slice(0, 12)))).message).toMatch(/invalid gzip stream/);
    const zl = await compress(utf8(JSON_BODY), 'deflate');
    expect((await rejection(decodeBody(zl.slice(0, 8)))).message).toMatch(/invalid zlib stream/);
  });

  it('keeps text that merely starts like a zlib header', async () => {
    // 'x?': CMF 0x78, FLG 0x3F passes FCHECK but sets FDICT (a preset dictionary, never used by HTTP).
    const dict = utf8('x? is not compressed');
    expect(await decodeBody(dict)).toBe(dict);
    // 'x^': a valid-looking header; inflating fails, and the bytes are text, so they are kept.
    const caret = utf8('x^2 is not compressed');
    expect(await decodeBody(caret)).toBe(caret);
  });

  it('passes binary through that only nearly starts with a magic number', async () => {
    const tail = [0x00, 0xff, 0xfe, 0x10];
    const nearMisses = [
      // zstd 28 B5 2F FD with one byte wrong
      [0x00, 0xb5, 0x2f, 0xfd],
      [0x28, 0x00, 0x2f, 0xfd],
      [0x28, 0xb5, 0x00, 0xfd],
      [0x28, 0xb5, 0x2f, 0x00],
      [0x00, 0x00, 0x2f, 0xfd],
      // gzip 1F 8B with one byte wrong
      [0x1f, 0x00],
      [0x00, 0x8b],
      // zlib headers failing one rule of RFC 1950: CM 9, CINFO 8, FCHECK, FDICT set
      [0x79, 0x18],
      [0x88, 0x1c],
      [0x78, 0x9d],
      [0x78, 0xbb],
    ];
    for (const head of nearMisses) {
      const body = new Uint8Array([...head, ...tail]);
      expect(await decodeBody(body), head.join()).toBe(body);
    }
  });

  it('skips identity and empty entries of the coding list', async () => {
    const raw = await compress(utf8(JSON_BODY), 'deflate-raw');
    for (const encoding of ['deflate, identity', 'deflate,', 'identity, deflate', ' , deflate , ']) {
      expect(text(await decodeBody(raw, encoding)), encoding).toBe(JSON_BODY);
    }
  });

  it('undoes the listed codings from the last to the first, by name where there is no magic', async () => {
    // Raw deflate (no magic) inside gzip: the inner layer is found by its listed name.
    const body = await compress(await compress(utf8(JSON_BODY), 'deflate-raw'), 'gzip');
    expect(text(await decodeBody(body, 'deflate, gzip'))).toBe(JSON_BODY);
  });

  it('stops at a coding it does not know, rather than read the bytes as the next one', async () => {
    const binary = new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10]);
    expect(await decodeBody(binary, 'gzip, x-custom')).toBe(binary);
  });

  it('passes JSON through that is not UTF-8 (Latin-1), which the JSON parser reports', async () => {
    const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const bodies = [
      latin1('{"name":"M\u00fcller"}'),
      latin1('[{"Stra\u00dfe":1}]'),
      latin1('{"\u00bfQu\u00e9?":1}'),
      ...[' ', '\t', '\n', '\r', ' \r\n'].map((ws) => latin1(`${ws}{"\u00e9":1}`)),
      new Uint8Array([0xef, 0xbb, 0xbf, ...latin1('{"\u00e9":1}')]), // a BOM, then Latin-1
    ];
    for (const body of bodies) {
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
      for (const encoding of ['gzip', 'zstd']) expect(await decodeBody(body, encoding)).toBe(body);
    }
  });

  it('rejects binary behind a broken byte order mark', async () => {
    for (const head of [
      [0x00, 0xbb, 0xbf],
      [0xef, 0x00, 0xbf],
      [0xef, 0xbb, 0x00],
      [0x00, 0x00, 0xbf],
    ]) {
      const body = new Uint8Array([...head, 0x7b, 0x7d]);
      expect((await rejection(decodeBody(body, 'gzip'))).message, head.join()).toMatch(
        /declared gzip but does not start with its magic bytes/,
      );
    }
  });

  it('keeps text (tabs and line breaks allowed) but not control characters or DEL', async () => {
    const page = utf8('Bad Gateway\r\n\tupstream timed out\n');
    expect(await decodeBody(page, 'gzip')).toBe(page);
    // Cut inside a two-byte character at the 512 bytes looked at: still text.
    const long = utf8(`a${'\u00e9'.repeat(300)}`);
    expect(await decodeBody(long, 'zstd')).toBe(long);
    for (const binary of [
      new Uint8Array([0x00, 0x01, 0x02, 0x03]),
      utf8('abc\u007f'),
      utf8('abc\u001b[0m'),
    ]) {
      expect((await rejection(decodeBody(binary, 'gzip'))).message).toMatch(/does not start with its magic/);
    }
  });

  it(`handles brotli as the ${KERNEL} kernel can`, async () => {
    const binary = new Uint8Array([0x1b, 0x00, 0x80, 0x01, 0x02, 0x03, 0xff]);
    const error = await rejection(decodeBody(binary, 'br'));
    expect(error.message).toMatch(canDecodeBrotli() ? /invalid brotli stream/ : /cannot decode/);
  });
});

describe('supportedContentEncodings', () => {
  it('always offers zstd, gzip and deflate; br when decodable here or by the runtime fetch', () => {
    expect(supportedContentEncodings().slice(0, 3)).toEqual(['zstd', 'gzip', 'deflate']);
    expect(supportedContentEncodings().includes('br')).toBe(canDecodeBrotli());
    expect(supportedContentEncodings(true)).toEqual(['zstd', 'gzip', 'deflate', 'br']);
    expect(canDecodeBrotli()).toBe(KERNEL === 'node');
  });
});

describe('zstd content sizes', () => {
  it('sums what the frames of the CLI fixtures declare', async () => {
    const { declaredContentSize } = await import('../../src/decoders/zstd-capped');
    const body = fixture('body.json.zst');
    const decoded = await decodeBody(body, 'zstd');
    expect(declaredContentSize(body)).toBe(decoded.length);
    expect(declaredContentSize(fixture('two-frames.zst'))).toBe('{"part":1}'.length);
    expect(declaredContentSize(fromHex('28b52ffd 2002 1100 007b7d'))).toBe(2);
    // Cut inside a block: unknown, the decoder reports the damage.
    expect(declaredContentSize(body.subarray(0, body.length - 3))).toBeUndefined();
  });

  it('a body over the cap is refused, one at the cap decodes', async () => {
    const tiny = fromHex('28b52ffd 2002 1100 007b7d');
    await expect(decodeBody(tiny, 'zstd', 1)).rejects.toMatchObject({
      code: 'body_too_large',
      limitBytes: 1,
    });
    expect(text(await decodeBody(tiny, 'zstd', 2))).toBe('{}');
  });
});
