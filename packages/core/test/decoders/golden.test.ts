// Decodes the four real API samples and compares with golden data from the official (Python/NumPy)
// algorithm: test/reference/make_golden.py → test/reference/golden.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DecodedVariable, decodeResults, type TimeSeriesArray } from '../../src';

interface GoldenSeries {
  name: string;
  kind: 'series';
  type: string;
  bits: number;
  length: number;
  sha256: string;
  first: number[];
  sum: number;
  unit?: string;
  samplingRate?: string;
}
interface GoldenScalar {
  name: string;
  kind: 'scalar';
  value: number;
  unit?: string;
}
interface GoldenSample {
  fileSha256: string;
  fields: Record<string, unknown>;
  variables: (GoldenSeries | GoldenScalar)[];
}

const golden = JSON.parse(readFileSync(new URL('../reference/golden.json', import.meta.url), 'utf8')) as {
  samples: Record<string, GoldenSample>;
};
// The real samples are kept in the repository: reference-data/real-samples.
// This file is X/packages/core/test/decoders/, so the repository root is four levels up.
const SAMPLES = new URL('../../../../reference-data/real-samples/', import.meta.url);

async function sha256Hex(values: TimeSeriesArray): Promise<string> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('golden samples (official reference algorithm)', () => {
  it('covers the four samples', () => {
    expect(Object.keys(golden.samples)).toHaveLength(4);
    // The golden hashes assume a little-endian host (they hash '<' bytes).
    expect(new Uint8Array(new Uint16Array([1]).buffer)[0]).toBe(1);
  });

  for (const [file, sample] of Object.entries(golden.samples)) {
    it(`decodes ${file} like the reference`, async () => {
      const raw = readFileSync(new URL(file, SAMPLES));
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(raw)));
      expect(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(sample.fileSha256);

      const decoded = await decodeResults(JSON.parse(raw.toString('utf8')) as { variables: unknown[] });
      const { variables, ...fields } = decoded as { variables: DecodedVariable[] } & Record<string, unknown>;
      expect(fields).toEqual(sample.fields);
      expect(variables.map((v) => v.name)).toEqual(sample.variables.map((v) => v.name));

      for (const [i, want] of sample.variables.entries()) {
        const got = variables[i]!;
        if (want.kind === 'scalar') {
          expect(got).toEqual({
            name: want.name,
            value: want.value,
            ...(want.unit ? { unit: want.unit } : {}),
          });
          continue;
        }
        if (!('values' in got)) throw new Error(`${want.name} was not decoded as a series`);
        expect(got.type).toBe(want.type);
        expect(got.bits).toBe(want.bits);
        expect(got.unit).toBe(want.unit);
        expect(got.samplingRate).toBe(want.samplingRate);
        expect(got.values.length, want.name).toBe(want.length);
        expect(await sha256Hex(got.values), want.name).toBe(want.sha256);
        const numbers = Array.from(got.values as ArrayLike<number>, Number);
        expect(numbers.slice(0, 5)).toEqual(want.first);
        expect(numbers.reduce((a, b) => a + b, 0)).toBe(want.sum);
      }
    });
  }
});
