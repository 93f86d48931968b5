import { describe, expect, it } from 'vitest';
import {
  type AthleteMeasurementResults,
  DEFAULT_RESPONSE_LIMIT_BYTES,
  type ResultVariable,
  SERIES,
  type SeededAccount,
  type SeededMeasurement,
  type TimeSeriesVariable,
} from '../src/index';
import { accountPath, json, makeFake } from './helpers';
import { decodeSeries } from './reference-decoder';

const unlimited = { limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY } };
const DEFAULT_SERIES = ['energyConsumptionSeries', 'epocSeries', 'heartRateSeries', 'trimpSeries'];
const HEAVY = SERIES.filter((s) => !s.byDefault).map((s) => s.name);

const isSeries = (v: ResultVariable): v is TimeSeriesVariable => 'type' in v;
const byName = (vars: ResultVariable[], name: string) => vars.find((v) => v.name === name);
const values = (v: ResultVariable | undefined): Array<number | bigint> => {
  if (!v || !isSeries(v)) throw new Error('not a series');
  return Array.isArray(v.value) ? v.value : decodeSeries(v.value, v.type, v.bits);
};
const seconds = (m: { startTime: string; endTime: string }) =>
  (Date.parse(m.endTime) - Date.parse(m.startTime)) / 1000;

function setup(options = {}) {
  const t = makeFake({ ...unlimited, seed: 21, ...options });
  const acc = t.fake.data.accounts[0] as SeededAccount;
  const find = (pred: (m: SeededMeasurement) => boolean) => acc.measurements.find(pred)!;
  const mPath = (m: SeededMeasurement) =>
    `${accountPath(acc.accountId)}/athletes/${m.athleteId}/measurements/${m.measurementId}`;
  const results = async (m: SeededMeasurement, query = '') =>
    json<AthleteMeasurementResults>(await t.call(`${mPath(m)}/results${query}`));
  return { t, acc, find, mPath, results };
}

describe('measurement results', () => {
  const { t, find, mPath, results } = setup();
  const exercise = find((m) => m.measurementType === 'exercise' && m.laps.length > 0);

  it('without var: the applicable scalars and exactly the four default series', async () => {
    const body = await results(exercise);
    const series = body.variables.filter(isSeries).map((v) => v.name);
    expect(series).toEqual(DEFAULT_SERIES);
    const scalars = body.variables.filter((v) => !isSeries(v));
    expect(scalars.length).toBeGreaterThan(40);
    expect(scalars.map((v) => v.name)).toContain('heartRateAverage');
    expect(scalars.map((v) => v.name)).toContain('trimp');
    // Ordered like the real payloads: scalars first, each group alphabetical.
    const names = body.variables.map((v) => v.name);
    expect(names).toEqual([...scalars.map((v) => v.name).sort(), ...DEFAULT_SERIES]);
    expect(body).toMatchObject({
      athleteId: exercise.athleteId,
      measurementId: exercise.measurementId,
      sessionId: exercise.sessionId,
      startTime: exercise.startTime,
      startTimeLocal: exercise.startTimeLocal,
      measurementType: 'exercise',
    });
  });

  it('scalars: some integer-valued, some without unit, like sample 04', async () => {
    const body = await results(exercise);
    const hr = byName(body.variables, 'heartRateAverage')!;
    expect(Number.isInteger(hr.value)).toBe(true);
    expect(hr.unit).toBe('min⁻¹');
    expect(byName(body.variables, 'trimp')).not.toHaveProperty('unit');
    expect(byName(body.variables, 'acwr')).not.toHaveProperty('unit');
  });

  it('with var: exactly the named variables, scalars included; unknown names are ignored', async () => {
    const body = await results(exercise, '?var=hfSeries,heartRateAverage,rriSeries,noSuchVariable');
    expect(body.variables.map((v) => v.name)).toEqual(['heartRateAverage', 'hfSeries', 'rriSeries']);
  });

  it('series lengths follow duration × rate; RR series have no samplingRate', async () => {
    const body = await results(exercise, `?var=${HEAVY.join(',')},${DEFAULT_SERIES.join(',')}`);
    const d = seconds(exercise);
    for (const spec of SERIES) {
      const v = byName(body.variables, spec.name) as TimeSeriesVariable;
      expect([v.type, v.bits]).toEqual([spec.type, spec.bits]);
      if (spec.periodSec) {
        expect(v.samplingRate).toBe(`${1 / spec.periodSec}Hz`);
        expect(values(v)).toHaveLength(Math.ceil(d / spec.periodSec));
      } else {
        expect(v).not.toHaveProperty('samplingRate');
      }
    }
    expect(byName(body.variables, 'rmssd1MinSeries')).toMatchObject({
      samplingRate: '0.016666666666666666Hz',
    });
    const rr = values(byName(body.variables, 'rriSeries')) as number[];
    const corrected = values(byName(body.variables, 'artifactCorrectedRrVector')) as number[];
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(corrected.length).toBeGreaterThanOrEqual(rr.length);
    expect(sum(corrected)).toBe(sum(rr));
    expect(sum(rr) / 1000).toBeGreaterThan(d - 3);
    expect(sum(rr) / 1000).toBeLessThanOrEqual(d);
  });

  it('is deterministic: repeated and split requests return identical data', async () => {
    const all = await results(exercise, '?var=heartRateSeries,hfSeries,trimp,rmssd');
    const again = await results(exercise, '?var=heartRateSeries,hfSeries,trimp,rmssd');
    const a = await results(exercise, '?var=heartRateSeries,trimp');
    const b = await results(exercise, '?var=hfSeries,rmssd');
    expect(again).toEqual(all);
    const merged = [...a.variables, ...b.variables].sort((x, y) => x.name.localeCompare(y.name));
    expect(merged).toEqual([...all.variables].sort((x, y) => x.name.localeCompare(y.name)));
  });

  it('format=list returns the same numbers as plain arrays, keeping type and bits', async () => {
    const q = '?var=heartRateSeries,heartRatePercentageSeries,epocSeries,rriSeries,energyConsumptionSeries';
    const binary = await results(exercise, q);
    const list = await results(exercise, `${q}&format=list`);
    for (const v of list.variables as TimeSeriesVariable[]) {
      expect(Array.isArray(v.value)).toBe(true);
      const twin = byName(binary.variables, v.name) as TimeSeriesVariable;
      expect({ ...v, value: undefined }).toEqual({ ...twin, value: undefined });
      expect(v.value).toEqual(values(twin));
    }
    expect((await t.call(`${mPath(exercise)}/results?format=csv`)).status).toBe(400);
  });

  it('derived scalars agree with the series they summarise', async () => {
    const body = await results(
      exercise,
      '?var=heartRateSeries1s,heartRateAverage,heartRatePeak,heartRateLowest',
    );
    const hr = values(byName(body.variables, 'heartRateSeries1s')) as number[];
    const mean = hr.reduce((a, b) => a + b, 0) / hr.length;
    expect(byName(body.variables, 'heartRateAverage')!.value).toBe(Math.round(mean));
    expect(byName(body.variables, 'heartRatePeak')!.value).toBe(Math.max(...hr));
    expect(byName(body.variables, 'heartRateLowest')!.value).toBe(Math.min(...hr));
  });

  it('lap results are the measurement series cut to the lap range, without the NL variables', async () => {
    const lap = exercise.laps[0]!;
    const names =
      'heartRateSeries,heartRateSeries1s,artifactCorrectedRrVector,rriSeries,movementLoadSeries,distance';
    const whole = await results(exercise, `?var=${names}`);
    const cut = await json<AthleteMeasurementResults & { lapId: number; name: string }>(
      await t.call(`${mPath(exercise)}/laps/${lap.lapId}/results?var=${names}`),
    );
    expect(cut).toMatchObject({
      lapId: lap.lapId,
      name: lap.name,
      startTime: lap.startTime,
      endTime: lap.endTime,
    });
    expect(cut.variables.map((v) => v.name)).toEqual([
      'artifactCorrectedRrVector',
      'heartRateSeries',
      'heartRateSeries1s',
    ]);
    const t0 = (Date.parse(lap.startTime) - Date.parse(exercise.startTime)) / 1000;
    const t1 = (Date.parse(lap.endTime) - Date.parse(exercise.startTime)) / 1000;
    expect(values(byName(cut.variables, 'heartRateSeries1s'))).toEqual(
      values(byName(whole.variables, 'heartRateSeries1s')).slice(t0, t1),
    );
    expect(values(byName(cut.variables, 'heartRateSeries'))).toEqual(
      values(byName(whole.variables, 'heartRateSeries')).slice(Math.ceil(t0 / 5), Math.ceil(t1 / 5)),
    );
    const rr = values(byName(cut.variables, 'artifactCorrectedRrVector')) as number[];
    const span = rr.reduce((a, b) => a + b, 0) / 1000;
    expect(span).toBeGreaterThan(t1 - t0 - 3);
    expect(span).toBeLessThan(t1 - t0 + 3);
  });

  it('manual measurements carry scalars only; quick recovery tests carry QRT scalars', async () => {
    const manual = find((m) => m.measurementType === 'manual');
    const body = await results(manual, `?var=${DEFAULT_SERIES.join(',')},trimp`);
    expect(body.variables.map((v) => v.name)).toEqual(['trimp']);
    const qrt = await results(find((m) => m.measurementType === 'quickRecoveryTest'));
    expect(qrt.variables.map((v) => v.name)).toContain('quickRecoveryTestScore');
    expect(qrt.variables.map((v) => v.name)).not.toContain('zone1Time');
    expect(values(byName(qrt.variables, 'heartRateSeries'))).toHaveLength(36);
  });

  it('404 for an unknown measurement, lap, or a measurement of another athlete', async () => {
    const other = find((m) => m.athleteId !== exercise.athleteId);
    const base = mPath(exercise).replace(String(exercise.measurementId), '');
    expect((await t.call(`${base}${other.measurementId}/results`)).status).toBe(404);
    expect((await t.call(`${base}1/results`)).status).toBe(404);
    expect((await t.call(`${mPath(exercise)}/laps/1/results`)).status).toBe(404);
  });
});

describe('session results', () => {
  const { t, acc } = setup();
  const session = acc.sessions.find((s) => s.laps.length > 0 && s.athleteIds.length > 2)!;
  const sPath = `${accountPath(acc.accountId)}/teams/${session.teamId}/sessions/${session.sessionId}`;
  const members = acc.measurements.filter((m) => m.sessionId === session.sessionId);

  it('one entry per athlete measurement of the session, without measurementType', async () => {
    const body = await json<{ measurements: Array<Record<string, unknown>> }>(
      await t.call(`${sPath}/results`),
    );
    expect(body.measurements.map((m) => m.measurementId)).toEqual(members.map((m) => m.measurementId));
    for (const [i, entry] of body.measurements.entries()) {
      expect(entry).not.toHaveProperty('measurementType');
      expect(entry).toMatchObject({ sessionId: session.sessionId, athleteId: members[i]!.athleteId });
      expect(entry.startTime).toBe(members[i]!.startTime);
    }
  });

  it('lap results list the lap athletes, cut to the lap range', async () => {
    const lap = session.laps[0]!;
    const body = await json<{
      measurements: Array<Record<string, unknown> & { variables: ResultVariable[] }>;
    }>(await t.call(`${sPath}/laps/${lap.lapId}/results?var=heartRateSeries1s`));
    expect(body.measurements.map((m) => m.athleteId).sort()).toEqual([...lap.athleteIds].sort());
    for (const entry of body.measurements) {
      expect(entry).toMatchObject({
        lapId: lap.lapId,
        name: lap.name,
        startTime: lap.startTime,
        endTime: lap.endTime,
      });
      expect(values(entry.variables[0])).toHaveLength(seconds(lap));
    }
  });

  it('404 for a session under another team, or an unknown lap', async () => {
    const elsewhere = acc.teams.find(
      (tm) => tm.teamId !== session.teamId && !tm.groups.some((g) => g.groupId === session.teamId),
    )!;
    const foreign = `${accountPath(acc.accountId)}/teams/${elsewhere.teamId}/sessions/${session.sessionId}/results`;
    expect((await t.call(foreign)).status).toBe(404);
    expect((await t.call(`${sPath}/laps/1/results`)).status).toBe(404);
  });
});

describe('analysis states: 202 while cold, 204 when failed', () => {
  it('a cold measurement answers 202 to its first two polls, then 200; laps share the analysis', async () => {
    const { t, find, mPath } = setup({ coldRatio: 1 });
    const m = find((x) => x.laps.length > 0);
    const first = await t.call(`${mPath(m)}/results`);
    expect(first.status).toBe(202);
    expect(await first.text()).toBe('');
    expect((await t.call(`${mPath(m)}/laps/${m.laps[0]!.lapId}/results`)).status).toBe(202);
    expect((await t.call(`${mPath(m)}/results`)).status).toBe(200);
    expect((await t.call(`${mPath(m)}/laps/${m.laps[0]!.lapId}/results`)).status).toBe(200);
    t.fake.resetPolls();
    expect((await t.call(`${mPath(m)}/results`)).status).toBe(202);
  });

  it('coldPolls is configurable; sessions are cold per session', async () => {
    const { t, acc } = setup({ coldRatio: 1, coldPolls: 3 });
    const s = acc.sessions[0]!;
    const path = `${accountPath(acc.accountId)}/teams/${s.teamId}/sessions/${s.sessionId}/results`;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.call(path)).status);
    expect(statuses).toEqual([202, 202, 202, 200, 200]);
  });

  it('coldRatio selects a share of measurements', () => {
    const { t } = setup({ coldRatio: 0.3 });
    const states = [...t.fake.data.analysis.measurements.values()];
    const share = states.filter((s) => s === 'cold').length / states.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
  });

  it('a failed measurement answers 204 with no body', async () => {
    const { t, find, mPath } = setup({ failedRatio: 1 });
    const res = await t.call(`${mPath(find(() => true))}/results`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('session results list only the analysed measurements, and answer 204 when none was', async () => {
    const { t, acc } = setup();
    const s = acc.sessions.find((x) => x.athleteIds.length >= 3)!;
    const path = `${accountPath(acc.accountId)}/teams/${s.teamId}/sessions/${s.sessionId}/results`;
    const members = acc.measurements.filter((m) => m.sessionId === s.sessionId);
    t.fake.data.analysis.measurements.set(members[0]!.measurementId, 'failed');
    const partial = await json<{ measurements: Array<{ measurementId: number }> }>(await t.call(path));
    expect(partial.measurements.map((m) => m.measurementId)).toEqual(
      members.slice(1).map((m) => m.measurementId),
    );
    for (const m of members) t.fake.data.analysis.measurements.set(m.measurementId, 'failed');
    expect((await t.call(path)).status).toBe(204);
  });
});

describe('response limit (6 MiB, uncompressed)', () => {
  it('defaults to 6 * 1024 * 1024 bytes', () => {
    expect(DEFAULT_RESPONSE_LIMIT_BYTES).toBe(6_291_456);
  });

  it('answers 413 with a JSON message above the default limit, even when compression is accepted', async () => {
    const t = makeFake({
      ...unlimited,
      dataset: { accounts: 1, athletesPerAccount: 30, teamsPerAccount: 1, sessionsPerTeam: 2 },
    });
    const acc = t.fake.data.accounts[0]!;
    const s = [...acc.sessions].sort((a, b) => b.athleteIds.length - a.athleteIds.length)[0]!;
    const path = `${accountPath(acc.accountId)}/teams/${s.teamId}/sessions/${s.sessionId}/results`;
    const heavy = 'hfSeries,lfSeries,vlfSeries,heartRateSeries1s,energyConsumptionRelativeFatSeries';
    const res = await t.call(`${path}?var=${heavy}&format=list`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ message: 'Response Too Large' });
    // The documented remedy: fewer variables per request fit.
    expect((await t.call(`${path}?var=hfSeries&format=list`)).status).toBe(200);
  });

  it('compares the body size to the configured limit exactly', async () => {
    const probe = makeFake({ ...unlimited, responseLimitBytes: Number.POSITIVE_INFINITY });
    const m = probe.fake.data.accounts[0]!.measurements[0]!;
    const path = `${accountPath(probe.fake.data.accounts[0]!.accountId)}/athletes/${m.athleteId}/measurements/${m.measurementId}/results`;
    const size = (await (await probe.call(path)).arrayBuffer()).byteLength;
    expect((await makeFake({ ...unlimited, responseLimitBytes: size }).call(path)).status).toBe(200);
    expect((await makeFake({ ...unlimited, responseLimitBytes: size - 1 }).call(path)).status).toBe(413);
  });
});
