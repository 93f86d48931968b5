// The Web kernel decodes binary series asynchronously. The edge project runs every decoder test on it;
// this file runs the asynchronous path on Node too (the kernel swapped in by a module mock), so the
// node project (and the mutation run, which is node only) checks it as well.
import { describe, expect, it, vi } from 'vitest';
import { KERNEL } from '#kernel';
import { decodeResults, decodeTimeSeries } from '../../src';
import { decodeBody, supportedContentEncodings } from '../../src/decoders/body';
import { type DecodeMemo, decodeResultsMemoised } from '../../src/decoders/results';
import { encodeSeries, rejection, utf8 } from './helpers';

vi.mock('#kernel', () => import('../../src/decoders/kernel.web'));

describe('decoding through the asynchronous (Web) kernel', () => {
  it('runs on the web kernel', () => {
    expect(KERNEL).toBe('web');
  });

  it('decodes a binary series and names the variable of a corrupt one', async () => {
    const value = await encodeSeries([1, -2, 300], 'Signed', 16);
    const pending = decodeTimeSeries({ name: 'hr', unit: 'min⁻¹', type: 'Signed', bits: 16, value });
    const out = await pending;
    expect(out).toMatchObject({ name: 'hr', unit: 'min⁻¹', type: 'Signed', bits: 16 });
    expect(Array.from(out.values as Int16Array)).toEqual([1, -2, 300]);
    const error = await rejection(decodeTimeSeries({ name: 'bad', type: 'Signed', bits: 16, value: 'AAAA' }));
    expect(error.variable).toBe('bad');
    expect(error.message).toMatch(/^bad: /);
  });

  it('fills every series of a results body in place, top level and per measurement', async () => {
    const a = await encodeSeries([7, 8], 'Unsigned', 8);
    const b = await encodeSeries([9], 'Unsigned', 8);
    const out = await decodeResults({
      variables: [
        { name: 'a', type: 'Unsigned', bits: 8, value: a },
        { name: 'score', value: 3 },
      ],
      measurements: [{ variables: [{ name: 'b', type: 'Unsigned', bits: 8, value: b }] }],
    });
    const [first, score] = out.variables;
    expect(Array.from((first as { values: Uint8Array }).values)).toEqual([7, 8]);
    expect(score).toEqual({ name: 'score', value: 3 });
    const nested = out.measurements[0]!.variables[0] as { values: Uint8Array };
    expect(Array.from(nested.values)).toEqual([9]);
  });

  it('leaves no unhandled rejection behind when the body fails after a series started', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const body = {
        variables: [{ name: 'corrupt', type: 'Unsigned', bits: 8, value: 'AAAA' }],
        measurements: 'not an array',
      };
      await expect(decodeResults(body)).rejects.toThrow('measurements must be an array');
      // Let the corrupt series fail and any unhandled rejection be reported.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('reuses a series from the memo, and forgets one that failed so a retry decodes it again', async () => {
    const memo: DecodeMemo = new WeakMap();
    const good = { name: 'good', type: 'Unsigned', bits: 8, value: await encodeSeries([4], 'Unsigned', 8) };
    const first = await decodeResultsMemoised({ variables: [good] }, memo);
    const again = await decodeResultsMemoised({ variables: [good] }, memo);
    expect(again.variables[0]).toBe(first.variables[0]);
    const bad = { name: 'bad', type: 'Unsigned', bits: 8, value: 'AAAA' };
    await expect(decodeResultsMemoised({ variables: [bad] }, memo)).rejects.toThrow(/^bad: /);
    expect(memo.has(bad)).toBe(false);
    expect(memo.has(good)).toBe(true);
  });
});

describe('response bodies where the kernel cannot decode brotli (Node 20, edge-runtime)', () => {
  it('offers br only when the runtime fetch decodes it', () => {
    expect(supportedContentEncodings()).toEqual(['zstd', 'gzip', 'deflate']);
    expect(supportedContentEncodings(false)).toEqual(['zstd', 'gzip', 'deflate']);
    expect(supportedContentEncodings(true)).toEqual(['zstd', 'gzip', 'deflate', 'br']);
  });

  it('keeps a br body the fetch already decoded, and names brotli for one it did not', async () => {
    const page = utf8('<html>Service Unavailable</html>');
    expect(await decodeBody(page, 'br')).toBe(page);
    const brotli = new Uint8Array([0x1b, 0x00, 0x80, 0x01, 0x02, 0x03, 0xff]);
    const error = await rejection(decodeBody(brotli, 'br'));
    expect(error.message).toBe('the body is brotli (Content-Encoding br), which this runtime cannot decode');
  });
});
