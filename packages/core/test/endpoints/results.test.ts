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
    const { transport } = recordingTransport(() => ({
      athleteId: 7,
      measurementId: 'five',
      lapId: 1.5,
      variables: [],
    }));
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

describe('fields the request already names (issue 7, point 19)', () => {
  const session = { accountId: '3-1', teamId: 4, sessionId: 9 };

  it('are not required in the body, and are filled in from the request', async () => {
    const { transport } = recordingTransport((request) =>
      request.path.endsWith('/laps/2/results')
        ? { measurements: [{ athleteId: 7, measurementId: 5, variables: [] }] }
        : { measurements: [{ athleteId: 7, measurementId: 5, variables: [{ name: 'trimp', value: 1 }] }] },
    );
    const api = createResources(transport);
    const results = await api.sessions.results(session);
    expect(results.measurements[0]).toMatchObject({ athleteId: 7, measurementId: 5, sessionId: 9 });
    const lap = await api.sessions.lapResults({ ...session, lapId: '2' });
    expect(lap.measurements[0]).toMatchObject({ sessionId: 9, lapId: 2 });
  });

  it('fills measurement and lap results too, and never overrides what the body says', async () => {
    const { transport } = recordingTransport((request) =>
      request.path.includes('/laps/')
        ? { variables: [] }
        : { athleteId: 7, measurementId: 5, sessionId: 0, variables: [] },
    );
    const api = createResources(transport);
    const lap = await api.measurements.lapResults({ ...ids, lapId: 3 });
    expect(lap).toMatchObject({ athleteId: 7, measurementId: 5, lapId: 3 });
    expect(await api.measurements.results(ids)).toMatchObject({ sessionId: 0 });
  });

  it('still rejects a wrong type for a field the request names', async () => {
    const { transport } = recordingTransport(() => ({
      measurements: [{ athleteId: 7, measurementId: 5, sessionId: 'x' }],
    }));
    await expect(createResources(transport).sessions.results(session)).rejects.toThrow(ValidationError);
  });
});

describe('a scalar with a type field of its own (issue 7, point 19)', () => {
  it('is a scalar, not a series', async () => {
    const body = {
      variables: [
        { name: 'readinessScore', type: 'score', unit: '%', value: 87 },
        { name: 'grade', type: 'Unsigned', bits: 8, value: 3 },
      ],
    };
    const { transport } = recordingTransport(() => body);
    const results = await createResources(transport).measurements.results(ids);
    expect(results.variables).toEqual([
      { name: 'readinessScore', unit: '%', value: 87 },
      { name: 'grade', value: 3 },
    ]);
  });

  it('a string value with type and bits is still a series', async () => {
    const body = { variables: [{ name: 'hr', type: 'Unsigned', bits: 8, value: 'not base64!' }] };
    const { transport } = recordingTransport(() => body);
    await expect(createResources(transport).measurements.results(ids, { maxRetries: 0 })).rejects.toThrow(
      DecodeError,
    );
  });
});

describe('the session roster (issue 7, point 18)', () => {
  it('takes the integer ids the spec allows and names a bad entry', async () => {
    const { transport, calls } = recordingTransport(() => ({
      measurements: [{ athleteId: -1, measurementId: 5 }],
    }));
    const api = createResources(transport);
    const session = { accountId: 'acme', teamId: 4, sessionId: 9 };
    const results = await api.sessions.results({ ...session, athleteIds: [-1, '7'] });
    expect(results.missingAthleteIds).toEqual([7]);
    const error = await api.sessions.results({ ...session, athleteIds: [1, 'x'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_argument', argument: 'athleteIds[1]' });
    expect(calls).toHaveLength(1);
  });
});
