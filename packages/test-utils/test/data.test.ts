import { describe, expect, it } from 'vitest';
import {
  buildAthlete,
  buildPage,
  buildResults,
  buildSessionResults,
  buildTimeSeries,
  createFakeSportsCloud,
  EVENT_TYPES,
  SPORTS_TYPES,
  seedDataset,
} from '../src/index';
import { decodeSeries } from './reference-decoder';

describe('seeded data', () => {
  const data = seedDataset(1);

  it('is deterministic per seed and differs across seeds', () => {
    expect(seedDataset(1)).toEqual(data);
    expect(seedDataset(2).accounts[0]!.accountId).not.toBe(data.accounts[0]!.accountId);
  });

  it('has the default, realistic size', () => {
    expect(data.accounts).toHaveLength(2);
    for (const acc of data.accounts) {
      expect(acc.accountId).toMatch(/^\d-\d{5}$/);
      expect(acc.athletes).toHaveLength(20);
      expect(acc.teams).toHaveLength(2);
      expect(acc.coaches).toHaveLength(3);
      expect(acc.sessions.length).toBeGreaterThanOrEqual(25);
      for (const a of acc.athletes) {
        expect(acc.measurements.filter((m) => m.athleteId === a.athleteId && m.sessionId === 0)).toHaveLength(
          10,
        );
      }
    }
  });

  it('honours the size knobs', () => {
    const small = seedDataset(1, {
      accounts: 1,
      athletesPerAccount: 5,
      measurementsPerAthlete: 2,
      sessionsPerTeam: 1,
      teamsPerAccount: 1,
      groupsPerTeam: 0,
      coachesPerAccount: 1,
      maxLaps: 0,
    });
    const acc = small.accounts[0]!;
    expect([
      small.accounts.length,
      acc.athletes.length,
      acc.teams.length,
      acc.coaches.length,
      acc.sessions.length,
    ]).toEqual([1, 5, 1, 1, 1]);
    expect(acc.teams[0]!.groups).toEqual([]);
    expect(acc.measurements.every((m) => m.laps.length === 0)).toBe(true);
  });

  it('has teamless athletes, athletes without email (omitted, not null) and unique ids', () => {
    const acc = data.accounts[0]!;
    const inTeams = new Set(acc.teams.flatMap((t) => t.athleteIds));
    expect(acc.athletes.some((a) => !inTeams.has(a.athleteId))).toBe(true);
    const noEmail = acc.athletes.filter((a) => !('email' in a));
    expect(noEmail.length).toBeGreaterThan(0);
    expect(JSON.stringify(data.accounts)).not.toContain('null');
    const teamIds = data.accounts.flatMap((a) =>
      a.teams.flatMap((t) => [t.teamId, ...t.groups.map((g) => g.groupId)]),
    );
    expect(new Set(teamIds).size).toBe(teamIds.length);
    const mIds = data.accounts.flatMap((a) => a.measurements.map((m) => m.measurementId));
    expect(new Set(mIds).size).toBe(mIds.length);
  });

  it('uses all four measurement types and the documented sportsType/eventType lists', () => {
    const all = data.accounts.flatMap((a) => a.measurements);
    expect(new Set(all.map((m) => m.measurementType))).toEqual(
      new Set(['exercise', 'quickRecoveryTest', 'night', 'manual']),
    );
    for (const m of all) {
      if (m.sportsType) expect(SPORTS_TYPES).toContain(m.sportsType);
      if (m.eventType) expect(EVENT_TYPES).toContain(m.eventType);
    }
    expect(all.some((m) => m.exerciseType === undefined)).toBe(true);
  });

  it('writes UTC times with Z and local times with the account offset', () => {
    for (const acc of data.accounts) {
      for (const m of acc.measurements.slice(0, 20)) {
        expect(m.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(m.startTimeLocal).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        expect(Date.parse(m.startTimeLocal)).toBe(Date.parse(m.startTime));
        expect(Date.parse(m.endTimeLocal)).toBe(Date.parse(m.endTime));
      }
    }
    expect(data.accounts[0]!.measurements[0]!.startTimeLocal).toMatch(/\+03:00$/);
  });

  it('laps lie inside their measurement or session and name a subset of its athletes', () => {
    for (const acc of data.accounts) {
      for (const s of acc.sessions) {
        for (const lap of s.laps) {
          expect(lap.startTime >= s.startTime && lap.endTime <= s.endTime).toBe(true);
          expect(lap.athleteIds.every((id) => s.athleteIds.includes(id))).toBe(true);
        }
      }
      for (const m of acc.measurements) {
        for (const lap of m.laps) expect(lap.startTime >= m.startTime && lap.endTime <= m.endTime).toBe(true);
      }
    }
  });

  it('a fake with the same seed serves the same data set and credentials', () => {
    const a = createFakeSportsCloud({ seed: 9 });
    const b = createFakeSportsCloud({ seed: 9 });
    expect(a.data.accounts).toEqual(b.data.accounts);
    expect([a.consumerId, a.sharedSecret, a.apiKey]).toEqual([b.consumerId, b.sharedSecret, b.apiKey]);
  });
});

describe('builders', () => {
  it('buildResults uses the fake generator and decodes with the reference decoder', async () => {
    const r = await buildResults(
      { measurementType: 'exercise', sessionId: 0, notes: undefined },
      { var: ['heartRateSeries'] },
    );
    expect(r).not.toHaveProperty('notes');
    expect(r.sessionId).toBe(0);
    const v = r.variables[0]!;
    if (!('type' in v) || typeof v.value !== 'string') throw new Error('expected a binary series');
    const hr = decodeSeries(v.value, v.type, v.bits);
    expect(hr).toHaveLength(Math.ceil((Date.parse(r.endTime) - Date.parse(r.startTime)) / 5000));
    expect(hr.every((x) => typeof x === 'number' && x > 30 && x < 230)).toBe(true);
  });

  it('buildSessionResults drops measurementType and the variables not available for sessions', async () => {
    const body = await buildSessionResults([{ measurementId: 1 }, { measurementId: 2, athleteId: 7 }], {
      var: ['rriSeries', 'heartRateSeries'],
      format: 'list',
    });
    expect(body.measurements.map((m) => [m.measurementId, m.athleteId])).toEqual([
      [1, 356262],
      [2, 7],
    ]);
    for (const m of body.measurements) {
      expect(m).not.toHaveProperty('measurementType');
      expect(m.variables.map((v) => v.name)).toEqual(['heartRateSeries']);
    }
  });

  it('buildTimeSeries, buildPage and the spec-example defaults', async () => {
    const series = await buildTimeSeries('rriSeries', [800, 810], { type: 'Unsigned', bits: 16, unit: 'ms' });
    expect(series).not.toHaveProperty('samplingRate');
    expect(decodeSeries(series.value as string, 'Unsigned', 16)).toEqual([800, 810]);
    const listed = await buildTimeSeries('x', [1n, 2n], { type: 'Signed', bits: 64, format: 'list' });
    expect(listed.value).toEqual([1, 2]);
    expect(buildPage('athletes', [buildAthlete({ email: undefined })], true)).toEqual({
      more: true,
      athletes: [{ athleteId: 356255, firstName: 'John', lastName: 'Doe' }],
    });
  });
});
