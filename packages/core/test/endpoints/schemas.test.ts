import { describe, expect, it } from 'vitest';
import { createResources } from '../../src/endpoints';
import {
  apiKeySchema,
  measurementResultsSchema,
  parseResponse,
  registerResponseSchema,
  sharedSecretSchema,
  stringListSchema,
} from '../../src/endpoints/schemas';
import { ValidationError } from '../../src/errors';
import { recordingTransport } from './recording-transport';

function validationError(call: () => unknown): ValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

async function listError(body: unknown): Promise<ValidationError> {
  const { transport } = recordingTransport(() => body);
  const error = await createResources(transport)
    .athletes.list({ accountId: '1-1' })
    .toArray()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('validation errors', () => {
  it('name the item and the field, e.g. a missing athleteId in athletes[1]', async () => {
    const error = await listError({ more: false, athletes: [{ athleteId: 1 }, { firstName: 'Ann' }] });
    expect(error.issues).toEqual([{ path: 'athletes[1].athleteId', message: 'missing (expected number)' }]);
    expect(error.message).toContain('athletes.list');
    expect(error.message).toContain('athletes[1].athleteId');
  });

  it('say what was received instead, by type', async () => {
    const error = await listError({
      athletes: [{ athleteId: '12' }, { athleteId: 1.5 }, { athleteId: 3, email: 42 }],
      more: 'no',
    });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'athletes[0].athleteId', message: 'expected number, received string' },
        { path: 'athletes[1].athleteId', message: 'expected integer, received non-integer number' },
        { path: 'athletes[2].email', message: 'expected string, received number' },
        { path: 'more', message: 'expected boolean, received string' },
      ]),
    );
  });

  it('never quote the values of a body (they hold personal data)', async () => {
    const error = await listError({ athletes: [{ email: 'ann.private@example.com', lastName: 7 }] });
    expect(error.message).not.toContain('ann.private');
  });

  it('follow nested arrays: teams[0].groups[1].groupId', () => {
    const { transport } = recordingTransport(() => ({
      teams: [{ teamId: 1, groups: [{ groupId: 1 }, {}] }],
    }));
    return expect(
      createResources(transport).teams.list({ accountId: '1-1' }).toArray(),
    ).rejects.toMatchObject({
      issues: [{ path: 'teams[0].groups[1].groupId', message: 'missing (expected number)' }],
    });
  });

  it('report a body that is not an object at all', () => {
    const error = validationError(() =>
      parseResponse(measurementResultsSchema, undefined, 'measurements.results'),
    );
    expect(error.issues).toEqual([{ path: '', message: 'missing (expected object)' }]);
  });

  it('index top-level arrays: [1]', () => {
    const error = validationError(() => parseResponse(stringListSchema, ['football', 3], 'sportsTypes.list'));
    expect(error.issues).toEqual([{ path: '[1]', message: 'expected string, received number' }]);
  });

  it('reject a malformed date-time by path', async () => {
    const { transport } = recordingTransport(() => ({
      sessions: [{ sessionId: 1, laps: [{ lapId: 2, startTime: '25.09.2015 07:50' }] }],
    }));
    await expect(
      createResources(transport).sessions.list({ accountId: '1-1', teamId: 1 }).toArray(),
    ).rejects.toMatchObject({ issues: [{ path: 'sessions[0].laps[0].startTime' }] });
  });
});

describe('response bodies', () => {
  it('accept date-times in UTC, with offsets and with fractions, and keep them as strings', async () => {
    const times = {
      startTime: '2015-09-25T07:47:26Z',
      startTimeLocal: '2015-09-25T10:47:26+03:00',
      endTime: '2015-09-25T08:33:12.250Z',
      endTimeLocal: '2015-09-25T11:33:12+0300',
    };
    const { transport } = recordingTransport(() => ({ more: false, sessions: [{ sessionId: 1, ...times }] }));
    const [session] = await createResources(transport)
      .sessions.list({ accountId: '1-1', teamId: 1 })
      .toArray();
    expect(session).toEqual({ sessionId: 1, ...times });
  });

  it('keep fields the spec does not define, at every level', async () => {
    const body = {
      more: false,
      cursor: 'abc',
      measurements: [
        {
          measurementId: 1,
          athleteId: 2,
          sessionId: 0,
          measurementType: 'newKindOfMeasurement',
          device: { serial: 'X' },
          laps: [{ lapId: 3, split: true }],
        },
      ],
    };
    const { transport } = recordingTransport(() => body);
    const all = await createResources(transport)
      .measurements.list({ accountId: '1-1', athleteId: 2 })
      .toArray();
    expect(all).toStrictEqual(body.measurements);
  });

  it('treat a page without `more` as the last one and without items as empty', async () => {
    const { transport, calls } = recordingTransport(() => ({}));
    await expect(createResources(transport).coaches.list({ accountId: '1-1' }).toArray()).resolves.toEqual(
      [],
    );
    expect(calls).toHaveLength(1);
  });
});

describe('result variables', () => {
  const base = { athleteId: 1, measurementId: 2 };
  const series = { name: 'heartRateSeries', samplingRate: '0.2Hz', type: 'Unsigned', bits: 8 };

  it('accept scalars (with or without unit), binary series, list series and unknown fields', () => {
    const body = {
      ...base,
      variables: [
        { name: 'trimp', value: 112 },
        { name: 'heartRateAverage', unit: 'min⁻¹', value: 118.5, quality: 'good' },
        { ...series, unit: 'min⁻¹', value: 'eJxjYGBgAAAABAAB' },
        { ...series, value: [75, 75, 73] },
        { name: 'rriSeries', type: 'Unsigned', bits: '16', value: 'eJxjYGBgAAAABAAB' },
      ],
    };
    expect(parseResponse(measurementResultsSchema, body, 'measurements.results')).toStrictEqual(body);
  });

  it('default a missing `variables` to an empty list', () => {
    expect(parseResponse(measurementResultsSchema, base, 'measurements.results').variables).toEqual([]);
  });

  it('report the closest kind of variable when one matches neither', () => {
    const error = validationError(() =>
      parseResponse(
        measurementResultsSchema,
        {
          ...base,
          variables: [
            { name: 'trimp', value: 'high' },
            { ...series, bits: undefined, value: 'eJw=' },
          ],
        },
        'measurements.results',
      ),
    );
    expect(error.issues).toEqual([
      { path: 'variables[0].value', message: 'expected number, received string' },
      { path: 'variables[1].bits', message: expect.stringContaining('missing') },
    ]);
  });

  it('require the ids that identify a session result entry (the session id comes from the request)', async () => {
    const { transport } = recordingTransport(() => ({ measurements: [{ sessionId: 3, measurementId: 2 }] }));
    await expect(
      createResources(transport).sessions.results({ accountId: '1-1', teamId: 1, sessionId: 3 }),
    ).rejects.toMatchObject({
      issues: [{ path: 'measurements[0].athleteId', message: 'missing (expected number)' }],
    });
  });
});

describe('account flow schemas', () => {
  it('normalise the API key from `apikey` (real responses) and `apiKey` (spec)', () => {
    const key = 'uBncM0LcXT40ncZfZYSkW448cAdPAgLCKHiJ2fG6';
    expect(parseResponse(apiKeySchema, { apikey: key }, 'account.apiKey')).toStrictEqual({ apiKey: key });
    expect(parseResponse(apiKeySchema, { apiKey: key }, 'account.apiKey')).toStrictEqual({ apiKey: key });
    expect(parseResponse(apiKeySchema, { apiKey: key, apikey: 'other', extra: 1 }, 'x')).toStrictEqual({
      apiKey: key,
      extra: 1,
    });
  });

  it('reject an API key response without a key, naming the field', () => {
    const error = validationError(() => parseResponse(apiKeySchema, { key: 'x' }, 'account.apiKey'));
    expect(error.issues).toEqual([
      { path: 'apiKey', message: 'missing (expected a string in apiKey or apikey)' },
    ]);
  });

  it('require the consumer id and secret of a registration, without rejecting unusual lengths', () => {
    const ok = { id: '0df33d4b-f526-4040-ad6e-447589f810f5', consumerName: 'Club', sharedSecret: 'short' };
    expect(parseResponse(registerResponseSchema, ok, 'account.register')).toStrictEqual(ok);
    const error = validationError(() =>
      parseResponse(registerResponseSchema, { id: 'x' }, 'account.register'),
    );
    expect(error.issues).toEqual([{ path: 'sharedSecret', message: 'missing (expected string)' }]);
  });

  it('require the new shared secret', () => {
    expect(parseResponse(sharedSecretSchema, { sharedSecret: 's' }, 'account.newSecret')).toEqual({
      sharedSecret: 's',
    });
    expect(() => parseResponse(sharedSecretSchema, {}, 'account.newSecret')).toThrow(ValidationError);
  });
});
