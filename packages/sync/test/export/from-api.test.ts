import { beatTimes, type FetchLike, isTimeSeries, SportsCloudClient, sampleTimes } from '@sportscloud/core';
import { createFakeSportsCloud, createSimulatedClock, runInSimulatedTime } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportResults, itemsFromApi } from '../../src';
import { memoryOutput, type Row, readBack } from './support';

const VARS = ['heartRateSeries', 'heartRateSeries1s', 'rriSeries', 'trimp', 'heartRateAverage'];

/** The SDK and the fake Sports Cloud on one simulated clock: rate limits and 202 polling take no real time. */
function harness() {
  const clock = createSimulatedClock(undefined, { autoAdvance: false });
  const fake = createFakeSportsCloud({
    clock,
    seed: 9,
    dataset: {
      accounts: 1,
      athletesPerAccount: 2,
      measurementsPerAthlete: 3,
      teamsPerAccount: 1,
      sessionsPerTeam: 1,
    },
    coldRatio: 0.3,
    failedRatio: 0.2,
  });
  let inFlight = 0;
  const fetch: FetchLike = async (input, init) => {
    inFlight++;
    try {
      return await fake.fetch(new Request(input, init));
    } finally {
      inFlight--;
    }
  };
  const client = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    baseURL: 'https://api.firstbeat.com/v1',
    fetch,
    clock,
  });
  const run = <T>(work: Promise<T>) => runInSimulatedTime(clock, work, { isBusy: () => inFlight > 0 });
  return { fake, client, run };
}

describe.each(EXPORT_FORMATS)('%s export straight from the API (the fake Sports Cloud)', (format) => {
  it('every sample of every analysed measurement, equal to the client decode, local times from the account zone', async () => {
    const { fake, client, run } = harness();
    const account = fake.data.accounts[0]!;
    const failed: number[] = [];
    const out = memoryOutput();
    const stats = await run(
      exportResults(
        itemsFromApi(client, {
          consumerId: fake.consumerId,
          accountId: account.accountId,
          vars: VARS,
          onAnalysisFailed: (m) => failed.push(m.measurementId),
        }),
        out.stream,
        { format, layout: 'long' },
      ),
    );

    // What the fake says about its own data: which analyses failed, each account's UTC offset.
    const expectedFailed = account.measurements
      .filter((m) => fake.data.analysis.measurements.get(m.measurementId!) === 'failed')
      .map((m) => m.measurementId);
    expect(failed.sort()).toEqual(expectedFailed.sort());
    expect(expectedFailed.length).toBeGreaterThan(0); // the 204 path is exercised
    expect(account.measurements.length - expectedFailed.length).toBeGreaterThanOrEqual(3);
    const offsetMs = account.utcOffsetMinutes * 60_000;

    // The reference: the same results through the client (core's decode) and core's time helpers.
    const expected: Row[] = [];
    const byAthlete = [...account.measurements].sort((a, b) => a.athleteId! - b.athleteId!);
    const athleteOrder = account.athletes.map((a) => a.athleteId);
    byAthlete.sort((a, b) => athleteOrder.indexOf(a.athleteId!) - athleteOrder.indexOf(b.athleteId!));
    for (const m of byAthlete) {
      if (expectedFailed.includes(m.measurementId)) continue;
      const results = await run(
        client.measurements.results({
          accountId: account.accountId,
          athleteId: m.athleteId!,
          measurementId: m.measurementId!,
          vars: VARS,
        }),
      );
      const ids = {
        account_id: account.accountId,
        athlete_id: m.athleteId!,
        measurement_id: m.measurementId!,
        session_id: m.sessionId ? m.sessionId : null,
        lap_id: null,
      };
      const scalars: Row[] = [];
      for (const v of results.variables ?? []) {
        if (!isTimeSeries(v)) {
          scalars.push({
            ...ids,
            variable: v.name,
            time_utc: null,
            time_local: null,
            value: v.value,
            unit: v.unit ?? null,
          });
          continue;
        }
        const times = v.samplingRate ? sampleTimes(v, results.startTime!) : beatTimes(v, results.startTime!);
        times.forEach((t, i) => {
          const ms = Math.round(t);
          expected.push({
            ...ids,
            variable: v.name,
            time_utc: ms,
            time_local: ms + offsetMs,
            value: Number(v.values[i]),
            unit: v.unit ?? null,
          });
        });
      }
      expected.push(...scalars);
    }
    const { rows } = await readBack(format, out.bytes());
    expect(rows.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      if (JSON.stringify(rows[i]) !== JSON.stringify(expected[i]))
        expect({ i, ...rows[i] }).toEqual({ i, ...expected[i] });
    }
    expect(stats.itemsWithoutLocalTime).toBe(0);
    expect(new Set(rows.map((r) => r.variable))).toEqual(new Set(VARS));
  });
});
