// Point 4 of issue 7: a small body must not decode into gigabytes. Runs on both kernels (node and edge).
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KERNEL } from '#kernel';
import { DEFAULT_DECODE_LIMITS, decodeResults, decodeTimeSeries } from '../../src';
import { DecodeBudget, type DecodeLimits, resolveDecodeLimits } from '../../src/decoders/limits';
import { ConfigurationError, DecodeError } from '../../src/errors';
import { base64, zlibZeros } from './bomb';
import { rejection } from './helpers';

const MIB = 1 << 20;
const series = (name: string, value: string) => ({ name, type: 'Unsigned', bits: 8, value });

describe('decode limits', () => {
  it('builds real bombs (the test data is what it claims)', () => {
    const out = inflateSync(zlibZeros(3));
    expect(out.length).toBe(3 * MIB);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('stops a series past maxSeriesBytes with a non-retryable DecodeError naming the limit', async () => {
    const bomb = base64(zlibZeros(64)); // 64 MiB of zeros in ~85 kB of base64
    const error = await rejection(decodeResults({ variables: [series('heartRateSeries', bomb)] }));
    expect(error.limit).toBe('maxSeriesBytes');
    expect(error.retryable).toBe(false);
    expect(error.variable).toBe('heartRateSeries');
    expect(error.message).toMatch(/more than 8388608 bytes \(decodeLimits\.maxSeriesBytes\)/);
  });

  it('stops a response whose series together pass maxResponseBytes', async () => {
    const seven = base64(zlibZeros(7)); // each under the 8 MiB series cap
    const variables = Array.from({ length: 10 }, (_, i) => series(`s${i}`, seven)); // 70 MiB in all
    const error = await rejection(decodeResults({ variables }));
    expect(error.limit).toBe('maxResponseBytes');
    expect(error.retryable).toBe(false);
    // Nine series fit in 64 MiB; the tenth crosses it.
    expect(error.variable).toMatch(/^s\d$/);
  });

  it('counts session bodies (measurements[].variables) as one response', async () => {
    const seven = base64(zlibZeros(7));
    const measurements = Array.from({ length: 10 }, (_, i) => ({
      athleteId: i,
      variables: [series('heartRateSeries1s', seven)],
    }));
    expect((await rejection(decodeResults({ measurements }))).limit).toBe('maxResponseBytes');
  });

  it('takes limits from the caller, and allows exactly the limit', async () => {
    const one = base64(zlibZeros(1));
    const exact = await decodeResults(
      { variables: [series('a', one)] },
      { limits: { maxSeriesBytes: MIB, maxResponseBytes: MIB } },
    );
    expect(exact.variables[0]).toMatchObject({ name: 'a' });
    expect((exact.variables[0] as { values: Uint8Array }).values.length).toBe(MIB);
    const error = await rejection(
      decodeResults({ variables: [series('a', one)] }, { limits: { maxSeriesBytes: MIB - 1 } }),
    );
    expect(error.limit).toBe('maxSeriesBytes');
    const both = await rejection(
      decodeResults(
        { variables: [series('a', one), series('b', one)] },
        { limits: { maxResponseBytes: MIB } },
      ),
    );
    expect(both.limit).toBe('maxResponseBytes');
    // Node decodes in order, so the second crosses; the web kernel inflates both at once, chunk by chunk.
    expect(KERNEL === 'node' ? ['b'] : ['a', 'b']).toContain(both.variable);
  });

  it('applies to format=list series too, before allocating', async () => {
    const error = await rejection(
      decodeTimeSeries(
        { name: 'hr', type: 'Float', bits: 64, value: [1, 2, 3] },
        { limits: { maxSeriesBytes: 16 } },
      ),
    );
    expect([error.limit, error.retryable]).toEqual(['maxSeriesBytes', false]);
  });

  it('rejects limits that would disable the guard', async () => {
    for (const bad of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      await expect(decodeResults({ variables: [] }, { limits: { maxSeriesBytes: bad } })).rejects.toThrow(
        ConfigurationError,
      );
    }
  });

  it('names the limit and the value it got when it refuses one', () => {
    const refusal = (limits: DecodeLimits) => {
      try {
        resolveDecodeLimits(limits);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as ConfigurationError).message;
      }
      throw new Error('expected a ConfigurationError');
    };
    expect(refusal({ maxResponseBytes: -1 })).toBe(
      'decodeLimits.maxResponseBytes must be a non-negative safe integer, got -1',
    );
    expect(refusal({ maxSeriesBytes: Number.NaN })).toBe(
      'decodeLimits.maxSeriesBytes must be a non-negative safe integer, got NaN',
    );
  });

  it('accepts a limit of zero: only empty series then decode', async () => {
    expect(resolveDecodeLimits({ maxSeriesBytes: 0 })).toEqual({
      maxSeriesBytes: 0,
      maxResponseBytes: DEFAULT_DECODE_LIMITS.maxResponseBytes,
    });
    const limits = { maxSeriesBytes: 0 };
    const empty = await decodeResults({ variables: [series('e', base64(zlibZeros(0)))] }, { limits });
    expect((empty.variables[0] as { values: Uint8Array }).values.length).toBe(0);
    const error = await rejection(
      decodeResults({ variables: [series('a', base64(zlibZeros(1)))] }, { limits }),
    );
    expect(error.limit).toBe('maxSeriesBytes');
  });

  it('keeps damage in transit retryable', async () => {
    const error = await rejection(decodeResults({ variables: [series('hr', 'AAAAAA==')] }));
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.retryable).toBe(true);
  });

  it('documents defaults derived from the densest plausible series', () => {
    // 240 beats/min for 72 h as Float/64 fits the series cap; the response cap holds eight of them.
    expect(240 * 60 * 72 * 8).toBeLessThanOrEqual(DEFAULT_DECODE_LIMITS.maxSeriesBytes);
    expect(DEFAULT_DECODE_LIMITS.maxResponseBytes).toBe(8 * DEFAULT_DECODE_LIMITS.maxSeriesBytes);
  });
});

describe('DecodeBudget', () => {
  it('counts what was decoded and gives the next series what is left of the response', () => {
    const budget = new DecodeBudget({ maxSeriesBytes: 10, maxResponseBytes: 25 });
    expect([budget.used, budget.room()]).toEqual([0, 10]);
    budget.charge(4, 4);
    budget.charge(6, 10); // the same series, at its limit
    expect([budget.used, budget.room()]).toEqual([10, 10]);
    budget.charge(9, 9);
    expect([budget.used, budget.room()]).toEqual([19, 6]);
    budget.charge(6, 6);
    expect([budget.used, budget.room()]).toEqual([25, 0]);
  });

  it('says which limit was crossed, and by what, in the message', () => {
    const series = new DecodeBudget({ maxSeriesBytes: 10, maxResponseBytes: 100 });
    expect(() => series.charge(11, 11)).toThrow(
      'the series decode to more than 10 bytes (decodeLimits.maxSeriesBytes); decoding stopped there. ' +
        'Raise the limit if this data is genuine',
    );
    const response = new DecodeBudget({ maxSeriesBytes: 10, maxResponseBytes: 15 });
    response.charge(10, 10);
    expect(() => response.charge(6, 6)).toThrow(
      "the response's series together decode to more than 15 bytes (decodeLimits.maxResponseBytes); " +
        'decoding stopped there. Raise the limit if this data is genuine',
    );
    expect(response.used).toBe(16);
    expect(response.room()).toBe(0);
  });
});

describe('the 2^31-value bomb of issue 7', () => {
  it('fails fast with bounded memory', async () => {
    const bomb = base64(zlibZeros(2048)); // 2,147,483,648 Unsigned/8 values from ~2.8 MB of base64
    expect(bomb.length).toBeLessThan(3_000_000);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const error = await rejection(decodeResults({ variables: [series('heartRateSeries', bomb)] }));
    const ms = performance.now() - started;
    const grew = (process.memoryUsage().rss - rss) / MIB;
    expect(error.limit).toBe('maxSeriesBytes');
    expect(error.retryable).toBe(false);
    // Unbounded, this took 16 s and 4.2 GB. Bounded, it inflates ~8 MiB: a few ms in one native call on Node;
    // Node's DecompressionStream (the web kernel under test here) yields 16 KiB chunks, ~0.5 ms each, without
    // blocking the event loop. Both bounds are generous for a loaded 2-core CI.
    expect(ms).toBeLessThan(KERNEL === 'node' ? 1_000 : 5_000);
    expect(grew).toBeLessThan(100);
    console.log(
      JSON.stringify({
        kernel: KERNEL,
        bomb: '2^31 zeros',
        base64Chars: bomb.length,
        ms: Math.round(ms),
        rssGrowthMiB: Math.round(grew),
      }),
    );
  });
});
