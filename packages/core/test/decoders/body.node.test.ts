import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody, supportedContentEncodings } from '../../src/decoders/body';
import { text, utf8 } from './helpers';

describe('decodeBody on Node', () => {
  it('decodes brotli through node:zlib when Content-Encoding says br', async () => {
    const body = JSON.stringify({
      variables: Array.from({ length: 50 }, (_, i) => ({ name: `v${i}`, value: i })),
    });
    const br = new Uint8Array(brotliCompressSync(utf8(body)));
    expect(text(await decodeBody(br, 'br'))).toBe(body);
    expect(text(await decodeBody(br, 'gzip, br'))).toBe(body);
    // Without the header brotli cannot be recognised, so the bytes come back as they are.
    expect(await decodeBody(br)).toBe(br);
  });

  it('offers br', () => {
    expect(supportedContentEncodings()).toEqual(['zstd', 'gzip', 'deflate', 'br']);
  });
});
