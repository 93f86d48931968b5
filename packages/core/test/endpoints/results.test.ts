import { describe, expect, it } from 'vitest';
import { createResources } from '../../src/endpoints';
import { DecodeError, ValidationError } from '../../src/errors';
import { recordingTransport } from './recording-transport';

/** Base64 of a zlib stream of `bytes`, as the API encodes a series (Web APIs only). */
async function zlibBase64(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
  return btoa(String.fromCharCode(...compressed));
}

const ids = { accountId: '3-1', athleteId: 7, measurementId: 5 };

describe('results methods', () => {
  it('return the results with time series decoded and every other field kept', async () => {
    const body = {
      athleteId: 7,
      measurementId: 5,
      sessionId: 0,
      measurementType: 'exercise',
      startTime: '2024-02-01T12:00:00Z',
      firmware: '1.2',
      variables: [
        { name: 'trimp', value: 112 },
        {
          name: 'heartRateSeries',
          unit: 'min⁻¹',
          samplingRate: '0.2Hz',
          type: 'Unsigned',
          bits: 8,
          value: await zlibBase64(new Uint8Array([75, 75, 73, 76])),
        },
      ],
    };
    const { transport } = recordingTransport(() => body);
    const results = await createResources(transport).measurements.results(ids);

    expect(results).toMatchObject({ athleteId: 7, measurementId: 5, sessionId: 0, firmware: '1.2' });
    expect(results.variables[0]).toEqual({ name: 'trimp', value: 112 });
    expect(results.variables[1]).toMatchObject({ name: 'heartRateSeries', type: 'Unsigned', bits: 8 });
    const series = results.variables[1];
    expect(series && 'values' in series ? Array.from(series.values, Number) : undefined).toEqual([
      75, 75, 73, 76,
    ]);
  });

  it('decode the series of every measurement of a session', async () => {
    const series = {
      name: 'heartRateSeries',
      type: 'Unsigned',
      bits: 8,
      value: await zlibBase64(new Uint8Array([9])),
    };
    const { transport } = recordingTransport(() => ({
      measurements: [
        { athleteId: 1, measurementId: 11, sessionId: 3, variables: [series] },
        { athleteId: 2, measurementId: 12, sessionId: 3, variables: [] },
      ],
    }));
    const results = await createResources(transport).sessions.results({
      accountId: '3-1',
      teamId: 1,
      sessionId: 3,
    });
    expect(results.measurements).toHaveLength(2);
    expect(results.measurements[0]?.variables[0]).toMatchObject({
      name: 'heartRateSeries',
      values: new Uint8Array([9]),
    });
  });

  it('validate before decoding: a malformed body is a ValidationError naming the field', async () => {
    const { transport } = recordingTransport(() => ({ athleteId: 7, variables: [] }));
    const error = await createResources(transport)
      .measurements.lapResults({ ...ids, lapId: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['measurementId', 'lapId']);
  });

  it('report a corrupt series as a DecodeError naming the variable', async () => {
    const { transport } = recordingTransport(() => ({
      athleteId: 7,
      measurementId: 5,
      variables: [{ name: 'epocSeries', type: 'Float', bits: 64, value: 'bm90IHpsaWI=' }],
    }));
    const error = await createResources(transport)
      .measurements.results(ids)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toContain('epocSeries');
  });
});
