// The Node kernel's inflater (point 23 of issue 7): one reused native zlib handle instead of a new zlib
// stream per series, with inflateSync's results and errors, and the same cap behaviour on both paths.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  InflateError,
  inflateFallback,
  inflateOwned,
  inflaterKind,
  TOO_LARGE,
} from '../../src/decoders/inflate.node';
import { zlibZeros } from './bomb';

const paths = { reused: inflateOwned, fallback: inflateFallback };

describe('inflater', () => {
  it('reuses one native handle on this Node', () => {
    expect(inflaterKind()).toBe('reused-handle');
  });

  it.each(Object.entries(paths))('%s: inflates like inflateSync into buffers it owns', (_, inflate) => {
    for (const size of [0, 1, 1000, 64 * 1024, 64 * 1024 + 1, 300_000]) {
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 7919) % 251;
      const out = inflate(deflateSync(data), 1 << 20);
      expect(out).not.toBe(TOO_LARGE);
      const bytes = out as Buffer;
      expect(bytes.equals(data)).toBe(true);
      expect([bytes.byteOffset, bytes.buffer.byteLength]).toEqual([0, size]);
    }
  });

  it.each(Object.entries(paths))('%s: stops at the cap, exactly', (_, inflate) => {
    const mib = zlibZeros(1);
    expect((inflate(mib, 1 << 20) as Buffer).length).toBe(1 << 20);
    expect(inflate(mib, (1 << 20) - 1)).toBe(TOO_LARGE);
    expect(inflate(zlibZeros(512), 1 << 20)).toBe(TOO_LARGE);
    expect(inflate(deflateSync(Buffer.alloc(0)), 0)).not.toBe(TOO_LARGE);
  });

  it.each(Object.entries(paths))('%s: reports corrupt streams and keeps working after one', (_, inflate) => {
    const good = deflateSync(Buffer.from('sportscloud'));
    expect(() => inflate(good.subarray(0, good.length - 6), 100)).toThrow(InflateError);
    expect(() => inflate(Buffer.from('not zlib at all'), 100)).toThrow(/incorrect header check/);
    const corrupted = Buffer.from(good);
    corrupted[corrupted.length - 1]! ^= 0xff; // Adler-32 mismatch
    expect(() => inflate(corrupted, 100)).toThrow(/incorrect data check/);
    expect((inflate(good, 100) as Buffer).toString()).toBe('sportscloud');
  });
});
