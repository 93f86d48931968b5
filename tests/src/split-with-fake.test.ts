import { describe, expect, it } from 'vitest';
import { createHarness } from './harness';

const dataset = {
  accounts: 1,
  athletesPerAccount: 6,
  measurementsPerAthlete: 2,
  teamsPerAccount: 1,
  sessionsPerTeam: 3,
  maxLaps: 2,
};
const heavy = [
  'heartRateSeries',
  'heartRateSeries1s',
  'rriSeries',
  'artifactCorrectedRrVector',
  'hfSeries',
  'lfSeries',
  'trimp',
  'heartRateAverage',
];

async function fetchAll(responseLimitBytes: number) {
  const h = createHarness({ seed: 11, dataset, responseLimitBytes });
  const splits: string[] = [];
  h.client.on('split', (e) => splits.push(e.reason));
  const account = h.fake.data.accounts[0]!;
  const accountId = account.accountId;
  const team = account.teams[0]!;
  const out = await h.run(
    (async () => {
      const athleteId = account.athletes[0]!.athleteId;
      const measurements = await h.client.measurements
        .list({ accountId, athleteId, includeLaps: true, measurementType: 'exercise' })
        .toArray();
      const m = measurements.find((x) => (x.laps?.length ?? 0) > 0);
      const [s] = (
        await h.client.sessions.list({ accountId, teamId: team.teamId, includeLaps: true }).toArray()
      ).filter((x) => (x.laps?.length ?? 0) > 0);
      const ids = { accountId, athleteId, measurementId: m!.measurementId };
      return {
        measurement: await h.client.measurements.results({ ...ids, vars: heavy }),
        measurementDefault: await h.client.measurements.results(ids),
        measurementList: await h.client.measurements.results({ ...ids, vars: heavy, format: 'list' }),
        lap: m!.laps?.[0]
          ? await h.client.measurements.lapResults({ ...ids, lapId: m!.laps[0].lapId, vars: heavy })
          : undefined,
        session: await h.client.sessions.results({
          accountId,
          teamId: team.teamId,
          sessionId: s!.sessionId,
          vars: heavy,
        }),
        sessionLap: await h.client.sessions.lapResults({
          accountId,
          teamId: team.teamId,
          sessionId: s!.sessionId,
          lapId: s!.laps![0]!.lapId,
        }),
      };
    })(),
  );
  return { out, stats: h.fake.stats(), splits };
}

describe('413 split-and-merge against the fake', () => {
  it('with the response limit lowered, every kind of results deep-equals the unlimited fetch', async () => {
    const unlimited = await fetchAll(Number.POSITIVE_INFINITY);
    const limited = await fetchAll(120_000);
    expect(unlimited.stats.byStatus['413'] ?? 0).toBe(0);
    expect(limited.stats.byStatus['413']).toBeGreaterThan(0);
    expect(limited.splits.length).toBeGreaterThan(0);
    expect(limited.out).toEqual(unlimited.out);
    expect(limited.out.lap).toBeDefined();
  });
});
