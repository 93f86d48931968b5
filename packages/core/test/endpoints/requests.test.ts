import { describe, expect, it } from 'vitest';
import { createResources, type Resources } from '../../src/endpoints';
import { PagedList } from '../../src/pagination';
import type { ApiRequest } from '../../src/transport/types';
import { recordingTransport } from './recording-transport';

const A = '/sports/accounts/3-12345';
const scalar = { name: 'trimp', unit: 'index', value: 112.5 };

interface Case {
  readonly call: (api: Resources) => Promise<unknown> | PagedList<unknown>;
  readonly request: Omit<ApiRequest, 'method' | 'auth'>;
  readonly body: unknown;
  readonly result: unknown;
}

// The 16 /sports operations: exact path, method, query, auth and `results` flag, and what the caller gets.
const cases: Record<string, Case> = {
  'accounts.list': {
    call: (api) => api.accounts.list(),
    request: { operation: 'accounts.list', path: '/sports/accounts' },
    body: { accounts: [{ accountId: '3-12345', name: 'FC', authorizedBy: { coachId: 0 } }] },
    result: [{ accountId: '3-12345', name: 'FC', authorizedBy: { coachId: 0 } }],
  },
  'sportsTypes.list': {
    call: (api) => api.sportsTypes.list(),
    request: { operation: 'sportsTypes.list', path: '/sports/sports-types' },
    body: ['football', 'running'],
    result: ['football', 'running'],
  },
  'eventTypes.list': {
    call: (api) => api.eventTypes.list(),
    request: { operation: 'eventTypes.list', path: '/sports/event-types' },
    body: ['game', 'training'],
    result: ['game', 'training'],
  },
  'athletes.list': {
    call: (api) => api.athletes.list({ accountId: '3-12345' }),
    request: { operation: 'athletes.list', path: `${A}/athletes` },
    body: { more: false, athletes: [{ athleteId: 1, firstName: 'Ann' }] },
    result: [{ athleteId: 1, firstName: 'Ann' }],
  },
  'athletes.get': {
    call: (api) => api.athletes.get({ accountId: '3-12345', athleteId: 356255 }),
    request: { operation: 'athletes.get', path: `${A}/athletes/356255` },
    body: { athleteId: 356255 },
    result: { athleteId: 356255 },
  },
  'coaches.list': {
    call: (api) => api.coaches.list({ accountId: '3-12345' }),
    request: { operation: 'coaches.list', path: `${A}/coaches` },
    body: { more: false, coaches: [{ coachId: 9 }] },
    result: [{ coachId: 9 }],
  },
  'coaches.get': {
    call: (api) => api.coaches.get({ accountId: '3-12345', coachId: '362791' }),
    request: { operation: 'coaches.get', path: `${A}/coaches/362791` },
    body: { coachId: 362791, lastName: 'Coach' },
    result: { coachId: 362791, lastName: 'Coach' },
  },
  'teams.list': {
    call: (api) => api.teams.list({ accountId: '3-12345' }),
    request: { operation: 'teams.list', path: `${A}/teams` },
    body: { more: false, teams: [{ teamId: 1786, groups: [{ groupId: 1902, athleteIds: [1] }] }] },
    result: [{ teamId: 1786, groups: [{ groupId: 1902, athleteIds: [1] }] }],
  },
  'teams.get': {
    call: (api) => api.teams.get({ accountId: '3-12345', teamId: 1786 }),
    request: { operation: 'teams.get', path: `${A}/teams/1786` },
    body: { teamId: 1786, athleteIds: [1, 2] },
    result: { teamId: 1786, athleteIds: [1, 2] },
  },
  'teams.athletes': {
    call: (api) => api.teams.athletes({ accountId: '3-12345', teamId: 1902 }),
    request: { operation: 'teams.athletes', path: `${A}/teams/1902/athletes` },
    body: { more: false, athletes: [{ athleteId: 2 }] },
    result: [{ athleteId: 2 }],
  },
  'measurements.list': {
    call: (api) =>
      api.measurements.list({
        accountId: '3-12345',
        athleteId: 7,
        fromTime: new Date(Date.UTC(2024, 1, 1, 12)),
        toTime: '2024-03-01T00:00:00Z',
        measurementType: 'exercise',
        sportsType: ['football', 'futsal'],
        eventType: 'game',
        exerciseType: 'Morning exercise',
        includeLaps: true,
      }),
    request: {
      operation: 'measurements.list',
      path: `${A}/athletes/7/measurements`,
      query: {
        fromTime: '2024-02-01T12:00:00.000Z',
        toTime: '2024-03-01T00:00:00Z',
        measurementType: 'exercise',
        sportsType: 'football,futsal',
        eventType: 'game',
        exerciseType: 'Morning exercise',
        includeLaps: true,
      },
    },
    body: { more: false, measurements: [{ measurementId: 5, athleteId: 7, laps: [{ lapId: 1 }] }] },
    result: [{ measurementId: 5, athleteId: 7, laps: [{ lapId: 1 }] }],
  },
  'measurements.results': {
    call: (api) =>
      api.measurements.results({
        accountId: '3-12345',
        athleteId: 7,
        measurementId: 5,
        vars: ['trimp', 'heartRateSeries'],
        format: 'list',
      }),
    request: {
      operation: 'measurements.results',
      path: `${A}/athletes/7/measurements/5/results`,
      query: { var: 'trimp,heartRateSeries', format: 'list' },
      results: true,
    },
    body: { athleteId: 7, measurementId: 5, variables: [scalar] },
    result: { athleteId: 7, measurementId: 5, variables: [scalar] },
  },
  'measurements.lapResults': {
    call: (api) =>
      api.measurements.lapResults({ accountId: '3-12345', athleteId: 7, measurementId: 5, lapId: 2 }),
    request: {
      operation: 'measurements.lapResults',
      path: `${A}/athletes/7/measurements/5/laps/2/results`,
      results: true,
    },
    body: { athleteId: 7, measurementId: 5, lapId: 2, variables: [scalar] },
    result: { athleteId: 7, measurementId: 5, lapId: 2, variables: [scalar] },
  },
  'sessions.list': {
    call: (api) =>
      api.sessions.list({
        accountId: '3-12345',
        teamId: 1786,
        fromTime: '2024-02-01T12:00:00+02:00',
        type: 'Morning exercise',
        sportsType: 'running',
        eventType: ['game', 'training'],
        includeLaps: false,
      }),
    request: {
      operation: 'sessions.list',
      path: `${A}/teams/1786/sessions`,
      query: {
        // Offsets are sent as UTC: the API documents only UTC.
        fromTime: '2024-02-01T10:00:00.000Z',
        type: 'Morning exercise',
        sportsType: 'running',
        eventType: 'game,training',
        includeLaps: false,
      },
    },
    body: { more: false, sessions: [{ sessionId: 41, startTimeLocal: '2015-09-25T10:47:26+03:00' }] },
    result: [{ sessionId: 41, startTimeLocal: '2015-09-25T10:47:26+03:00' }],
  },
  'sessions.results': {
    call: (api) =>
      api.sessions.results({
        accountId: '3-12345',
        teamId: 1786,
        sessionId: 41,
        vars: ['trimp'],
        format: 'binary',
      }),
    request: {
      operation: 'sessions.results',
      path: `${A}/teams/1786/sessions/41/results`,
      query: { var: 'trimp', format: 'binary' },
      results: true,
    },
    body: { measurements: [{ athleteId: 7, measurementId: 5, sessionId: 41, variables: [scalar] }] },
    result: { measurements: [{ athleteId: 7, measurementId: 5, sessionId: 41, variables: [scalar] }] },
  },
  'sessions.lapResults': {
    call: (api) => api.sessions.lapResults({ accountId: '3-12345', teamId: 1786, sessionId: 41, lapId: 3 }),
    request: {
      operation: 'sessions.lapResults',
      path: `${A}/teams/1786/sessions/41/laps/3/results`,
      results: true,
    },
    body: { measurements: [{ athleteId: 7, measurementId: 5, sessionId: 41, lapId: 3, variables: [] }] },
    result: { measurements: [{ athleteId: 7, measurementId: 5, sessionId: 41, lapId: 3, variables: [] }] },
  },
};

describe('every /sports operation', () => {
  it('covers the 16 operations of spec 1.1.0 under /sports', () => {
    expect(Object.keys(cases)).toHaveLength(16);
  });

  it.each(Object.entries(cases))('%s sends exactly its request and returns the parsed body', async (_, c) => {
    const { transport, calls } = recordingTransport(() => c.body);
    const returned = c.call(createResources(transport));
    const result = returned instanceof PagedList ? await returned.toArray() : await returned;

    expect(calls).toHaveLength(1);
    expect(calls[0]?.request).toStrictEqual({ method: 'GET', auth: 'jwt+key', ...c.request });
    expect(result).toStrictEqual(c.result);
  });

  it('passes CallOptions through unchanged', async () => {
    const { transport, calls } = recordingTransport(() => ({ athleteId: 1 }));
    const options = { signal: new AbortController().signal, timeout: 1234, maxRetries: 0 };
    await createResources(transport).athletes.get({ accountId: '1-1', athleteId: 1 }, options);
    expect(calls[0]?.options).toBe(options);
  });

  it('accepts parameterless calls with CallOptions as the only argument', async () => {
    const { transport, calls } = recordingTransport(() => ['race']);
    const options = { timeout: 5 };
    await createResources(transport).eventTypes.list(options);
    expect(calls[0]?.options).toBe(options);
  });

  it('treats an account list without `accounts` as empty', async () => {
    const { transport } = recordingTransport(() => ({}));
    await expect(createResources(transport).accounts.list()).resolves.toEqual([]);
  });

  it('keeps fields the spec does not know in every nested object', async () => {
    const team = {
      teamId: 1,
      newField: 'x',
      groups: [{ groupId: 2, colour: 'red' }],
    };
    const { transport } = recordingTransport(() => team);
    await expect(
      createResources(transport).teams.get({ accountId: '1-1', teamId: 1 }),
    ).resolves.toStrictEqual(team);
  });
});
