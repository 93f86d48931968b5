import { describe, expect, it } from 'vitest';
import { createResources, type Resources } from '../../src/endpoints';
import { InvalidArgumentError } from '../../src/errors';
import { PagedList } from '../../src/pagination';
import { recordingTransport } from './recording-transport';

/** Runs a call to completion and returns what it threw (synchronously or as a rejection). */
async function thrown(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    await (result instanceof PagedList ? result.toArray() : result);
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

// biome-ignore lint/suspicious/noExplicitAny: calls with deliberately wrong parameters, as from JavaScript
type AnyCall = (api: Resources, params: any) => unknown;

// Every operation with path parameters, valid parameters, and the id parameters it takes.
const operations: [string, AnyCall, Record<string, unknown>][] = [
  ['athletes.list', (api, p) => api.athletes.list(p), { accountId: '1-1' }],
  ['athletes.get', (api, p) => api.athletes.get(p), { accountId: '1-1', athleteId: 1 }],
  ['coaches.list', (api, p) => api.coaches.list(p), { accountId: '1-1' }],
  ['coaches.get', (api, p) => api.coaches.get(p), { accountId: '1-1', coachId: 1 }],
  ['teams.list', (api, p) => api.teams.list(p), { accountId: '1-1' }],
  ['teams.get', (api, p) => api.teams.get(p), { accountId: '1-1', teamId: 1 }],
  ['teams.athletes', (api, p) => api.teams.athletes(p), { accountId: '1-1', teamId: 1 }],
  ['measurements.list', (api, p) => api.measurements.list(p), { accountId: '1-1', athleteId: 1 }],
  [
    'measurements.results',
    (api, p) => api.measurements.results(p),
    { accountId: '1-1', athleteId: 1, measurementId: 1 },
  ],
  [
    'measurements.lapResults',
    (api, p) => api.measurements.lapResults(p),
    { accountId: '1-1', athleteId: 1, measurementId: 1, lapId: 1 },
  ],
  ['sessions.list', (api, p) => api.sessions.list(p), { accountId: '1-1', teamId: 1 }],
  ['sessions.results', (api, p) => api.sessions.results(p), { accountId: '1-1', teamId: 1, sessionId: 1 }],
  [
    'sessions.lapResults',
    (api, p) => api.sessions.lapResults(p),
    { accountId: '1-1', teamId: 1, sessionId: 1, lapId: 1 },
  ],
];

const badAccountIds: unknown[] = [
  '../x',
  '1-1/../..',
  '1/2',
  '3-1%2F2',
  '3-1%2f2',
  '3-1%5C2',
  '%2e%2e',
  'a\\b',
  '3-1\n',
  '3-1\u0000',
  'x\u007f',
  'x\u0085',
  '3-\ud800',
  '\udc00-1',
  '.',
  '..',
  '',
  '   ',
  'x'.repeat(257),
  31,
  undefined,
  null,
  {},
];
const badIntegerIds: unknown[] = [
  '../x',
  '1/2',
  '3?x',
  '3#',
  '%2e%2e',
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 1,
  '99999999999999999999',
  '',
  ' 1',
  '--1',
  '+1',
  '1e3',
  '0x10',
  '1.0',
  true,
  undefined,
  null,
  [1],
];

const cases = operations.flatMap(([name, call, valid]) =>
  Object.keys(valid).flatMap((argument) =>
    (argument === 'accountId' ? badAccountIds : badIntegerIds).map(
      (bad) => [name, argument, bad, call, { ...valid, [argument]: bad }] as const,
    ),
  ),
);

describe('path parameters', () => {
  it.each(cases)('%s rejects %s = %j before sending anything', async (_, argument, _bad, call, params) => {
    const { transport, calls } = recordingTransport();
    const error = await thrown(() => call(createResources(transport), params));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).toContain(argument);
    expect(calls).toHaveLength(0);
  });

  it('throws at call time for lists, not only when iterated', () => {
    const { transport, calls } = recordingTransport();
    expect(() => createResources(transport).athletes.list({ accountId: '../x' })).toThrow(
      InvalidArgumentError,
    );
    expect(calls).toHaveLength(0);
  });

  it('accepts digit strings and normalises them to the decimal id', async () => {
    const { transport, calls } = recordingTransport(() => ({ athleteId: 7 }));
    await createResources(transport).athletes.get({ accountId: '12-345', athleteId: '007' });
    expect(calls[0]?.request.path).toBe('/sports/accounts/12-345/athletes/7');
  });

  it('accepts any string account id that is a safe path segment, percent-encoded (the spec says string)', async () => {
    const { transport, calls } = recordingTransport(() => ({ more: false, athletes: [] }));
    const api = createResources(transport);
    const ids = ['3', 'a-b', 'acme', ' 3-1', '3-1?x=1', '3-1#frag', 'Ä-ö 1', '1..2', '%41', '😀'];
    for (const accountId of ids) await api.athletes.list({ accountId }).toArray();
    expect(calls.map((c) => c.request.path)).toEqual(
      ids.map((id) => `/sports/accounts/${encodeURIComponent(id)}/athletes`),
    );
    expect(calls[4]?.request.path).toBe('/sports/accounts/3-1%3Fx%3D1/athletes');
  });

  it('accepts every integer id the spec allows, negative ones included', async () => {
    const { transport, calls } = recordingTransport(() => ({ coachId: 0 }));
    const api = createResources(transport);
    for (const coachId of [-1, '-1', -0, '-0', Number.MIN_SAFE_INTEGER]) {
      await api.coaches.get({ accountId: '1-1', coachId });
    }
    expect(calls.map((c) => c.request.path.split('/').pop())).toEqual([
      '-1',
      '-1',
      '0',
      '0',
      String(Number.MIN_SAFE_INTEGER),
    ]);
  });

  it('accepts 0 and the largest safe integer', async () => {
    const { transport, calls } = recordingTransport(() => ({ coachId: 0 }));
    const api = createResources(transport);
    await api.coaches.get({ accountId: '1-1', coachId: 0 });
    await api.coaches.get({ accountId: '1-1', coachId: Number.MAX_SAFE_INTEGER });
    expect(calls.map((c) => c.request.path)).toEqual([
      '/sports/accounts/1-1/coaches/0',
      `/sports/accounts/1-1/coaches/${Number.MAX_SAFE_INTEGER}`,
    ]);
  });

  it('rejects parameters that are not an object', async () => {
    const { transport, calls } = recordingTransport();
    const api = createResources(transport);
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript-style positional call
    const error = await thrown(() => api.athletes.get('1-1' as any));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('params');
    expect(calls).toHaveLength(0);
  });
});

describe('query parameters', () => {
  const list = (api: Resources, extra: Record<string, unknown>) =>
    api.measurements.list({ accountId: '1-1', athleteId: 1, ...extra });
  const results = (api: Resources, extra: Record<string, unknown>) =>
    api.sessions.results({ accountId: '1-1', teamId: 1, sessionId: 1, ...extra });

  const invalid: [
    string,
    (api: Resources, extra: Record<string, unknown>) => unknown,
    Record<string, unknown>,
  ][] = [
    ['fromTime', list, { fromTime: new Date('not a date') }],
    ['fromTime', list, { fromTime: '2024-02-01' }],
    ['fromTime', list, { fromTime: '2024-02-01T12:00:00' }],
    ['fromTime', list, { fromTime: 'yesterday' }],
    ['fromTime', list, { fromTime: '2024-13-01T00:00:00Z' }],
    ['fromTime', list, { fromTime: '2024-02-30T00:00:00Z' }],
    ['fromTime', list, { fromTime: '2023-02-29T00:00:00Z' }],
    ['fromTime', list, { fromTime: '2024-04-31T00:00:00Z' }],
    ['fromTime', list, { fromTime: '2024-01-00T00:00:00Z' }],
    ['fromTime', list, { fromTime: '2024-01-01T24:00:00Z' }],
    ['fromTime', list, { fromTime: '2024-01-01T00:60:00Z' }],
    ['fromTime', list, { fromTime: '2024-01-01T00:00:60Z' }],
    ['fromTime', list, { fromTime: '2024-01-01T00:00:00+24:00' }],
    ['fromTime', list, { fromTime: '2024-01-01T00:00:00+01:60' }],
    ['fromTime', list, { fromTime: '0000-01-01T00:30:00+01:00' }],
    ['toTime', list, { toTime: '9999-12-31T23:30:00-01:00' }],
    ['fromTime', list, { fromTime: new Date(Date.UTC(10000, 0, 1)) }],
    ['toTime', list, { toTime: new Date(Date.UTC(-1, 0, 1)) }],
    ['fromTime', list, { fromTime: '+010000-01-01T00:00:00Z' }],
    ['exerciseType', list, { exerciseType: 'Run \ud800' }],
    ['exerciseType', list, { exerciseType: 'Run\nning' }],
    ['sportsType[1]', list, { sportsType: ['running', '\udc00x'] }],
    ['vars[0]', results, { vars: ['trimp\ud83d'] }],
    ['fromTime', list, { fromTime: 1706788800000 }],
    ['toTime', list, { fromTime: '2024-03-01T00:00:00Z', toTime: new Date(Date.UTC(2024, 1, 1)) }],
    ['measurementType', list, { measurementType: 'sleep' }],
    ['sportsType', list, { sportsType: [] }],
    ['sportsType', list, { sportsType: '' }],
    ['sportsType[1]', list, { sportsType: ['running', 'a,b'] }],
    ['eventType[0]', list, { eventType: [''] }],
    ['exerciseType', list, { exerciseType: '  ' }],
    ['includeLaps', list, { includeLaps: 'true' }],
    ['vars', results, { vars: [] }],
    ['vars[1]', results, { vars: ['trimp', ''] }],
    ['format', results, { format: 'csv' }],
  ];

  it.each(invalid)('rejects a bad %s before sending anything', async (argument, call, extra) => {
    const { transport, calls } = recordingTransport();
    const error = await thrown(() => call(createResources(transport), extra));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(calls).toHaveLength(0);
  });

  it('leaves out parameters that are undefined', async () => {
    const { transport, calls } = recordingTransport(() => ({ more: false, measurements: [] }));
    await createResources(transport)
      .measurements.list({ accountId: '1-1', athleteId: 1, fromTime: undefined, sportsType: undefined })
      .toArray();
    expect(calls[0]?.request).not.toHaveProperty('query');
  });

  it('sends UTC strings unchanged and converts Dates and offsets to UTC', async () => {
    const { transport, calls } = recordingTransport(() => ({ more: false, measurements: [] }));
    const api = createResources(transport);
    await list(api, { fromTime: '2024-02-01T12:00Z', toTime: '2024-02-01T13:00:00+0100' }).toArray();
    expect(calls[0]?.request.query).toEqual({
      fromTime: '2024-02-01T12:00Z',
      toTime: '2024-02-01T12:00:00.000Z',
    });
  });

  it('accepts the edges of the calendar', async () => {
    const { transport, calls } = recordingTransport(() => ({ more: false, measurements: [] }));
    const api = createResources(transport);
    await list(api, { fromTime: '2024-02-29T00:00:00Z', toTime: '2024-12-31T23:59:59.999Z' }).toArray();
    await list(api, { fromTime: '0000-01-01T00:00:00Z', toTime: '9999-12-31T23:59:59Z' }).toArray();
    await list(api, { fromTime: '2000-02-29T12:00:00+23:59', exerciseType: 'Laufen 🏃' }).toArray();
    expect(calls).toHaveLength(3);
    expect(calls[2]?.request.query).toMatchObject({ fromTime: '2000-02-28T12:01:00.000Z' });
  });

  it('accepts an equal fromTime and toTime', async () => {
    const { transport, calls } = recordingTransport(() => ({ more: false, measurements: [] }));
    const at = new Date(Date.UTC(2024, 0, 1));
    await list(createResources(transport), { fromTime: at, toTime: at }).toArray();
    expect(calls).toHaveLength(1);
  });
});
