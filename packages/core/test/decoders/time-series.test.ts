import { describe, expect, it } from 'vitest';
import { KERNEL } from '#kernel';
import { decodeTimeSeries, type RawTimeSeriesVariable, type TimeSeriesArray } from '../../src';
import { withVariable } from '../../src/decoders/time-series';
import { DecodeError } from '../../src/errors';
import { bigEndian, COMBOS, compress, encodeSeries, sameValues, toBase64 } from './helpers';

const SAMPLES: Record<string, (number | bigint)[]> = {
  Float32: [
    0,
    -0,
    1.5,
    -2.25,
    3.4028234663852886e38,
    1.401298464324817e-45,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ],
  Float64: [0, -0, Math.PI, -1e308, 5e-324, Number.NaN, Number.NEGATIVE_INFINITY, 780.4],
  Signed8: [0, 1, -1, 127, -128, 42],
  Signed16: [0, 1, -1, 32767, -32768, 1234],
  Signed32: [0, 1, -1, 2147483647, -2147483648, 123456],
  Signed64: [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 1234567890123n],
  Unsigned8: [0, 1, 255, 128, 75],
  Unsigned16: [0, 1, 65535, 32768, 780],
  Unsigned32: [0, 1, 4294967295, 2147483648, 99999],
  Unsigned64: [0n, 1n, 18446744073709551615n, 9223372036854775808n, 42n],
};

const CTORS: Record<string, new (n: number) => TimeSeriesArray> = {
  Float32: Float32Array,
  Float64: Float64Array,
  Signed8: Int8Array,
  Signed16: Int16Array,
  Signed32: Int32Array,
  Signed64: BigInt64Array,
  Unsigned8: Uint8Array,
  Unsigned16: Uint16Array,
  Unsigned32: Uint32Array,
  Unsigned64: BigUint64Array,
};

async function expectDecodeError(variable: unknown, message: RegExp): Promise<DecodeError> {
  const error = await decodeTimeSeries(variable as RawTimeSeriesVariable).then(
    () => {
      throw new Error('expected a DecodeError');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecodeError);
  const decodeError = error as DecodeError;
  expect(decodeError.code).toBe('decode');
  expect(decodeError.message).toMatch(message);
  const name = (variable as { name?: unknown } | null)?.name;
  if (typeof name === 'string') {
    expect(decodeError.variable).toBe(name);
    expect(decodeError.message.startsWith(`${name}: `)).toBe(true);
  }
  return decodeError;
}

describe('decodeTimeSeries', () => {
  it(`runs on the ${KERNEL} kernel`, () => {
    expect(KERNEL).toBe(
      typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string' ? 'web' : 'node',
    );
  });

  for (const [type, bits] of COMBOS) {
    const key = `${type}${bits}`;
    it(`decodes ${type}/${bits} from binary and from a list`, async () => {
      const values = SAMPLES[key]!;
      const binary = await decodeTimeSeries({
        name: key,
        type,
        bits,
        value: await encodeSeries(values, type, bits),
      });
      expect(binary.type).toBe(type);
      expect(binary.bits).toBe(bits);
      expect(binary.values).toBeInstanceOf(CTORS[key]!);
      expect(Array.from(binary.values as ArrayLike<unknown>)).toEqual(
        type === 'Float' && bits === 32 ? values.map((v) => Math.fround(Number(v))) : values,
      );
      // The array owns its whole buffer (no view into a pooled or shared buffer).
      expect(binary.values.byteOffset).toBe(0);
      expect(binary.values.buffer.byteLength).toBe(binary.values.byteLength);

      const list = await decodeTimeSeries({
        name: key,
        type,
        bits,
        value: values
          .map((v) => (typeof v === 'bigint' ? Number(v) : v))
          .filter((v) => type === 'Float' || bits !== 64 || Number.isSafeInteger(v)),
      });
      expect(list.values).toBeInstanceOf(CTORS[key]!);
      if (bits !== 64 || type === 'Float') expect(list.values).toEqual(binary.values);
    });
  }

  it('accepts bigint list items for 64-bit integers and matches the binary decode', async () => {
    for (const type of ['Signed', 'Unsigned'] as const) {
      const values = SAMPLES[`${type}64`]!;
      const list = await decodeTimeSeries({
        name: 'x',
        type,
        bits: 64,
        value: values as unknown as number[],
      });
      const binary = await decodeTimeSeries({
        name: 'x',
        type,
        bits: 64,
        value: await encodeSeries(values, type, 64),
      });
      expect(list.values).toEqual(binary.values);
    }
  });

  it('reads type case-insensitively and bits as a numeric string', async () => {
    const value = await encodeSeries([1, 2, 3], 'Unsigned', 16);
    const out = await decodeTimeSeries({ name: 'rriSeries', type: 'uNsIgNeD', bits: '16', value });
    expect(out).toEqual({
      name: 'rriSeries',
      type: 'Unsigned',
      bits: 16,
      values: new Uint16Array([1, 2, 3]),
    });
    const float = await decodeTimeSeries({ name: 'f', type: 'FLOAT', bits: 64, value: [1.5] });
    expect(float.type).toBe('Float');
  });

  it('keeps unit and samplingRate only when present', async () => {
    const value = await encodeSeries([70, 71], 'Unsigned', 8);
    const bare = await decodeTimeSeries({ name: 'hr', type: 'Unsigned', bits: 8, value });
    expect(Object.keys(bare)).toEqual(['name', 'type', 'bits', 'values']);
    const full = await decodeTimeSeries({
      name: 'hr',
      unit: 'min⁻¹',
      samplingRate: '0.2Hz',
      type: 'Unsigned',
      bits: 8,
      value,
    });
    expect(Object.keys(full)).toEqual(['name', 'unit', 'samplingRate', 'type', 'bits', 'values']);
    expect(full.unit).toBe('min⁻¹');
    expect(full.samplingRate).toBe('0.2Hz');
    const unitOnly = await decodeTimeSeries({ name: 'hr', unit: 'min⁻¹', type: 'Unsigned', bits: 8, value });
    expect(Object.keys(unitOnly)).toEqual(['name', 'unit', 'type', 'bits', 'values']);
    const rateOnly = await decodeTimeSeries({
      name: 'hr',
      samplingRate: '1Hz',
      type: 'Unsigned',
      bits: 8,
      value,
    });
    expect(Object.keys(rateOnly)).toEqual(['name', 'samplingRate', 'type', 'bits', 'values']);
    expect(rateOnly.samplingRate).toBe('1Hz');
  });

  it('decodes an empty series and a large one (multi-chunk inflate)', async () => {
    const empty = await decodeTimeSeries({
      name: 'e',
      type: 'Float',
      bits: 64,
      value: await encodeSeries([], 'Float', 64),
    });
    expect(empty.values).toEqual(new Float64Array(0));
    const big = Array.from({ length: 20_000 }, (_, i) => Math.sin(i) * 1000);
    const out = await decodeTimeSeries({
      name: 'big',
      type: 'Float',
      bits: 64,
      value: await encodeSeries(big, 'Float', 64),
    });
    expect(sameValues(out.values, big)).toBe(true);
    const odd = Array.from({ length: 3001 }, (_, i) => (i * 7919) % 65536);
    const u16 = await decodeTimeSeries({
      name: 'u',
      type: 'Unsigned',
      bits: 16,
      value: await encodeSeries(odd, 'Unsigned', 16),
    });
    expect(u16.values).toEqual(new Uint16Array(odd));
  });

  it('tolerates line breaks in base64 and missing padding', async () => {
    const value = await encodeSeries([1, 2, 3, 4, 5], 'Signed', 32);
    const wrapped = value.replace(/(.{8})/g, '$1\r\n');
    expect((await decodeTimeSeries({ name: 'w', type: 'Signed', bits: 32, value: wrapped })).values).toEqual(
      new Int32Array([1, 2, 3, 4, 5]),
    );
    const unpadded = value.replace(/=+$/, '');
    expect((await decodeTimeSeries({ name: 'w', type: 'Signed', bits: 32, value: unpadded })).values).toEqual(
      new Int32Array([1, 2, 3, 4, 5]),
    );
  });

  describe('errors name the variable', () => {
    it('unknown type', async () => {
      await expectDecodeError(
        { name: 'a', type: 'Complex', bits: 64, value: 'eJwDAAAAAAE=' },
        /unknown time-series type "Complex"/,
      );
      await expectDecodeError(
        { name: 'a', type: 7, bits: 64, value: 'eJwDAAAAAAE=' },
        /unknown time-series type 7/,
      );
      await expectDecodeError({ name: 'a', bits: 64, value: 'eJwDAAAAAAE=' }, /unknown time-series type/);
    });

    it('Float/8 and Float/16', async () => {
      await expectDecodeError(
        { name: 'f8', type: 'Float', bits: 8, value: 'eJwDAAAAAAE=' },
        /Float\/8 is not a supported/,
      );
      await expectDecodeError(
        { name: 'f16', type: 'float', bits: 16, value: [1] },
        /Float\/16 is not a supported/,
      );
    });

    it('unknown bits', async () => {
      // Only plain decimal strings count as numbers: not '0x10' (16), '3.2e1' (32) or [16] ('16').
      for (const bits of [0, 12, 128, '64x', 32.5, null, -8, '0x10', '3.2e1', '0b1000', 'x 8', [16]]) {
        await expectDecodeError(
          { name: 'b', type: 'Signed', bits, value: 'eJwDAAAAAAE=' },
          /unsupported bits/,
        );
      }
    });

    it('byte count not a multiple of the element size', async () => {
      const value = toBase64(await compress(new Uint8Array([1, 2, 3]), 'deflate'));
      await expectDecodeError(
        { name: 'odd', type: 'Unsigned', bits: 16, value },
        /decompressed length 3 is not a multiple of the 2-byte/,
      );
      const seven = toBase64(await compress(new Uint8Array(12), 'deflate'));
      await expectDecodeError(
        { name: 'odd', type: 'Float', bits: 64, value: seven },
        /not a multiple of the 8-byte/,
      );
    });

    it('corrupt base64', async () => {
      for (const value of [
        'eJwDAAAA@AE=',
        'eJwDA',
        'eJw=DAAAAAE=',
        'eJwDAAAAAAE==',
        'eJwDAAAAAAÉ=',
        'e-wDAAAAAAE=',
      ]) {
        await expectDecodeError(
          { name: 'b64', type: 'Float', bits: 64, value },
          /invalid base64|invalid zlib/,
        );
      }
      await expectDecodeError(
        { name: 'b64', type: 'Float', bits: 64, value: 'eJwDAAAA@AE=' },
        /invalid base64/,
      );
    });

    it('corrupt zlib', async () => {
      const good = await compress(bigEndian([1, 2, 3, 4], 'Float', 64), 'deflate');
      const badChecksum = good.slice();
      badChecksum[badChecksum.length - 1]! ^= 0xff;
      const cases = [
        toBase64(new Uint8Array([1, 2, 3, 4, 5, 6])), // not zlib at all
        toBase64(good.subarray(0, good.length - 6)), // truncated
        toBase64(badChecksum), // adler-32 mismatch
        toBase64(await compress(bigEndian([1, 2], 'Float', 64), 'gzip')), // gzip, not zlib
        '', // nothing
      ];
      for (const value of cases) {
        const error = await expectDecodeError(
          { name: 'z', type: 'Float', bits: 64, value },
          /invalid zlib stream/,
        );
        expect(error.cause).toBeDefined();
      }
    });

    it('a value that is neither a string nor an array', async () => {
      await expectDecodeError(
        { name: 'v', type: 'Float', bits: 64, value: 12 },
        /value must be a base64 string or a number array, got 12/,
      );
      await expectDecodeError({ name: 'v', type: 'Float', bits: 64 }, /got undefined/);
      await expectDecodeError(
        { name: 'v', type: 'Float', bits: 64, value: { a: 'x'.repeat(100) } },
        /\.\.\.$/,
      );
      // A value is quoted whole up to 60 characters of JSON, else its first 57 and '...'.
      const sixty = { a: 'x'.repeat(52) };
      await expectDecodeError({ name: 'v', type: 'Float', bits: 64, value: sixty }, /got \{"a":"x{52}"\}$/);
      await expectDecodeError(
        { name: 'v', type: 'Float', bits: 64, value: { a: 'x'.repeat(53) } },
        /got \{"a":"x{51}\.\.\.$/,
      );
    });

    it('keeps the cause of a failure and the variable an error already names', async () => {
      const error = await expectDecodeError(
        { name: 'v', type: 'Complex', bits: 64, value: [] },
        /unknown time-series type/,
      );
      expect(error.cause).toBeInstanceOf(DecodeError);
      expect(error.message).toBe(`v: ${(error.cause as DecodeError).message}`);
      const named = new DecodeError('bad series', { variable: 'first' });
      expect(withVariable(named, 'second')).toBe(named);
      const root = new Error('root');
      const caused = withVariable(new DecodeError('wrapped', { cause: root }), 'v');
      expect(caused.variable).toBe('v');
      expect(caused.cause).toBe(root);
    });

    it('an unexpected failure', async () => {
      const variable = {
        name: 'g',
        type: 'Float',
        bits: 64,
        get value(): string {
          throw new TypeError('boom');
        },
      };
      const error = await expectDecodeError(variable, /^g: could not decode: boom$/);
      expect(error.cause).toBeInstanceOf(TypeError);
      const raw = {
        name: 'g',
        type: 'Float',
        bits: 64,
        get value(): string {
          throw 'raw';
        },
      };
      await expectDecodeError(raw, /could not decode: raw/);
    });

    it('a variable without a name', async () => {
      const error = await expectDecodeError(
        { type: 'Float', bits: 64, value: [] },
        /variable without a string name/,
      );
      expect(error.variable).toBeUndefined();
      await expectDecodeError(null, /variable without a string name: null/);
    });

    it('list items that do not fit the element type', async () => {
      const cases: [string, number, unknown[], RegExp][] = [
        ['Signed', 16, [1, 2.5], /value\[1\] = 2.5 is not an integer/],
        ['Signed', 8, [128], /value\[0\] = 128 is out of range for Signed\/8/],
        ['Signed', 8, [-129], /out of range for Signed\/8/],
        ['Signed', 16, [32768], /value\[0\] = 32768 is out of range for Signed\/16/],
        ['Signed', 16, [0, -32769], /value\[1\] = -32769 is out of range for Signed\/16/],
        ['Signed', 32, [2147483648], /out of range for Signed\/32/],
        ['Unsigned', 16, [65536], /out of range for Unsigned\/16/],
        ['Signed', 32, [-2147483649], /out of range for Signed\/32/],
        ['Unsigned', 8, [256], /out of range for Unsigned\/8/],
        ['Unsigned', 16, [-1], /out of range for Unsigned\/16/],
        ['Unsigned', 32, [4294967296], /out of range for Unsigned\/32/],
        ['Unsigned', 8, [Number.NaN], /value\[0\] = NaN is not an integer/],
        ['Signed', 32, [Number.POSITIVE_INFINITY], /is not an integer/],
        ['Unsigned', 16, ['7'], /value\[0\] = "7" is not an integer/],
        ['Unsigned', 16, [null], /is not an integer/],
        ['Float', 64, ['1.5'], /is not a number/],
        ['Float', 32, [1e39], /out of range for Float\/32/],
        ['Float', 32, [-1e39], /out of range for Float\/32/],
        ['Signed', 64, [2 ** 60], /is not a safe integer or a bigint/],
        ['Signed', 64, [1.5], /is not a safe integer or a bigint/],
        ['Signed', 64, [2n ** 63n], /out of range for Signed\/64/],
        ['Unsigned', 64, [-1], /out of range for Unsigned\/64/],
        ['Unsigned', 64, [2n ** 64n], /value\[0\] = 18446744073709551616n is out of range/],
      ];
      for (const [type, bits, value, message] of cases) {
        await expectDecodeError({ name: 'list', type, bits, value }, message);
      }
    });

    it('accepts list items at the very edges of each integer range', async () => {
      const edges: [string, number, number[]][] = [
        ['Signed', 8, [-128, 127]],
        ['Signed', 16, [-32768, 32767]],
        ['Signed', 32, [-2147483648, 2147483647]],
        ['Unsigned', 8, [0, 255]],
        ['Unsigned', 16, [0, 65535]],
        ['Unsigned', 32, [0, 4294967295]],
      ];
      for (const [type, bits, value] of edges) {
        const out = await decodeTimeSeries({
          name: 'edge',
          type,
          bits,
          value,
        } as unknown as RawTimeSeriesVariable);
        expect(Array.from(out.values as ArrayLike<number>), `${type}/${bits}`).toEqual(value);
      }
    });

    it('accepts non-finite floats in a list', async () => {
      const out = await decodeTimeSeries({
        name: 'f',
        type: 'Float',
        bits: 32,
        value: [Number.NaN, Number.NEGATIVE_INFINITY, 1e-50],
      });
      expect(Array.from(out.values as Float32Array)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 0]);
    });
  });
});
