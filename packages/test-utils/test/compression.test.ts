import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../src/fake/compression';
import { accountPath, json, makeFake } from './helpers';

const decoders = {
  gzip: (b: Uint8Array) => gunzipSync(b),
  deflate: (b: Uint8Array) => inflateSync(b),
  br: (b: Uint8Array) => brotliDecompressSync(b),
  zstd: (b: Uint8Array) => zstdDecompress(b),
};

describe('Accept-Encoding', () => {
  const t = makeFake({ limits: { rate: Number.POSITIVE_INFINITY } });
  const acc = t.fake.data.accounts[0]!;
  const m = acc.measurements.find((x) => x.measurementType === 'exercise')!;
  // > 128 KiB, so the stored zstd and brotli encoders must emit several blocks.
  const path = `${accountPath(acc.accountId)}/athletes/${m.athleteId}/measurements/${m.measurementId}/results?var=hfSeries,lfSeries,vlfSeries&format=list`;

  it.each(Object.keys(decoders) as Array<keyof typeof decoders>)('round-trips %s', async (coding) => {
    const plain = await t.call(path);
    const expected = await plain.text();
    expect(expected.length).toBeGreaterThan(128 * 1024);
    const res = await t.call(path, { headers: { 'accept-encoding': coding } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe(coding);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const raw = new Uint8Array(await res.arrayBuffer());
    if (coding === 'zstd') expect([...raw.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    if (coding === 'gzip' || coding === 'deflate') expect(raw.length).toBeLessThan(expected.length);
    expect(new TextDecoder().decode(decoders[coding](raw))).toBe(expected);
  });

  it('sends identity without Accept-Encoding, and compresses error bodies too', async () => {
    const res = await t.call('/sports/accounts');
    expect(res.headers.get('content-encoding')).toBeNull();
    const err = await t.call('/sports/nothing', { headers: { 'accept-encoding': 'gzip' } });
    expect(err.headers.get('content-encoding')).toBe('gzip');
    expect(await json(err)).toEqual({ message: 'Not Found' });
  });

  it('leaves empty bodies alone', async () => {
    const cold = makeFake({ coldRatio: 1 });
    const a = cold.fake.data.accounts[0]!;
    const x = a.measurements[0]!;
    const res = await cold.call(
      `${accountPath(a.accountId)}/athletes/${x.athleteId}/measurements/${x.measurementId}/results`,
      {
        headers: { 'accept-encoding': 'gzip' },
      },
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it.each([
    ['gzip, deflate', 'gzip'],
    ['deflate, gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'zstd'],
    ['br;q=0.5, gzip', 'gzip'],
    ['zstd;q=0, br', 'br'],
    ['*', 'zstd'],
    ['*;q=0.1, deflate', 'deflate'],
    ['identity', undefined],
    ['compress', undefined],
    ['', undefined],
    [null, undefined],
  ])('negotiates %j → %s (q-values first, then zstd > br > gzip > deflate)', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
