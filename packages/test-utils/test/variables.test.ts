// Issue 7, point 21: the fake serves every documented variable (reference §11: 100 scalars, 17 series), so
// it can produce the shape of real sample 04, and says which `var` names it does not know.
import { describe, expect, it } from 'vitest';
import {
  type AthleteMeasurementResults,
  type ResultVariable,
  SCALARS,
  SERIES,
  type SeededAccount,
  type SeededMeasurement,
} from '../src/index';
import { accountPath, json, makeFake, readReference } from './helpers';

const peak = (prefix: string, suffixes: string) => suffixes.split(' ').map((s) => `${prefix}${s}`);

/** The variables page, spec 1.1.0 (reference §11.1), group by group. */
const DOCUMENTED_SCALARS = [
  'heartRateAverage heartRatePeak heartRateLowest heartRateAveragePercentage heartRatePeakPercentage heartRateMinimumPercentage',
  'zone1Time zone2Time zone3Time zone4Time zone5Time underZonesTime',
  'trimp trimpPerMinute acuteTrainingLoad chronicTrainingLoad acwr',
  'epocPeak epocFinal vo2max oxygenConsumptionAverage oxygenConsumptionPeak oxygenConsumptionMaximumPercentage oxygenConsumptionAveragePercentage',
  'aerobicTrainingEffect anaerobicTrainingEffect',
  'respirationRateAverage respirationRatePeak energyConsumptionCarbs energyConsumptionFats energyConsumptionTotal ventilationAverage ventilationPeak',
  'movementLoad averageMovementIntensity',
  'quickRecoveryTestScore quickRecoveryScaledScore scaledQrtWeeklyMean daysSinceLastGoodRecovery',
  'playerStatusScore firstbeatPointsStressBalance perceivedRecovery',
  'rmssd sdnn rmssdSleepAverage rmssdNonSleepAverage lfHfRatio lfAverage hfAverage vlfAverage',
  'recoveryStateTime stressStateTime sleepStateTime sleepRecoveryIndexAbsolute measurementError',
  'heartRateRecoveryRelative30s heartRateRecoveryRelative60s heartRateRecoveryRelative120s',
  'heartRateRecoveryAbsolute30s heartRateRecoveryAbsolute60s heartRateRecoveryAbsolute120s',
  'distance ascent descent speedAverage pace powerAverage cadenceAverage',
]
  .flatMap((group) => group.split(' '))
  .concat(
    peak(
      'movementIntensityHighest',
      '5s 10s 15s 20s 30s 45s 1min 2min 3min 4min 5min 10min 15min 20min 30min 45min 1h 2h',
    ),
    peak('trimpPerMinHighest', '30s 45s 1min 2min 3min 4min 5min 10min 15min 20min 30min 45min 1h 2h'),
  );

interface Sample {
  startTime: string;
  endTime: string;
  variables: (ResultVariable & { unit?: string; type?: string; bits?: number })[];
}

const isSeries = (v: ResultVariable) => 'type' in v;
const seconds = (m: { startTime: string; endTime: string }) =>
  (Date.parse(m.endTime) - Date.parse(m.startTime)) / 1000;

function setup() {
  const t = makeFake({
    seed: 21,
    limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY },
  });
  const measurements = t.fake.data.accounts.flatMap((a: SeededAccount) =>
    a.measurements.map((m) => ({ account: a, m })),
  );
  const results = async ({ account, m }: { account: SeededAccount; m: SeededMeasurement }, query: string) => {
    const path = `${accountPath(account.accountId)}/athletes/${m.athleteId}/measurements/${m.measurementId}/results${query}`;
    const response = await t.call(path);
    return {
      response,
      body: response.status === 200 ? await json<AthleteMeasurementResults>(response) : undefined,
    };
  };
  return { t, measurements, results };
}

describe('the variable catalogue', () => {
  it('has every documented variable: 100 scalars and 17 series', () => {
    expect(DOCUMENTED_SCALARS).toHaveLength(100);
    expect(new Set(DOCUMENTED_SCALARS).size).toBe(100);
    expect(SCALARS.map((s) => s.name).sort()).toEqual([...DOCUMENTED_SCALARS].sort());
    expect(SERIES).toHaveLength(17);
  });

  it('serves every documented scalar for some measurement', async () => {
    const { measurements, results } = setup();
    const served = new Set<string>();
    for (const type of ['exercise', 'quickRecoveryTest', 'night', 'manual']) {
      const long = measurements
        .filter(({ m }) => m.measurementType === type)
        .sort((a, b) => seconds(b.m) - seconds(a.m))[0]!;
      const { body } = await results(long, `?var=${DOCUMENTED_SCALARS.join(',')}`);
      for (const v of body!.variables) served.add(v.name);
    }
    const missing = DOCUMENTED_SCALARS.filter((name) => !served.has(name));
    // Only windows longer than every seeded exercise may be left out.
    expect(missing.every((name) => /Highest2h$/.test(name))).toBe(true);
  });
});

describe('real sample 04 (61 scalars + the 4 default series of an indoor-bike exercise)', () => {
  const sample = readReference('real-samples', 'sample_api_response_04.json') as Sample;

  it('the fake produces its shape: the same names, kinds, units and encodings', async () => {
    const { measurements, results } = setup();
    // An exercise at least as long as the sample's (1 h 42 min) and under 2 h, like the sample.
    const like = measurements.find(
      ({ m }) => m.measurementType === 'exercise' && seconds(m) >= 3600 && seconds(m) < 7200,
    )!;
    expect(like).toBeDefined();
    const names = sample.variables.map((v) => v.name);
    const { body } = await results(like, `?var=${names.join(',')}`);
    const served = body!.variables;
    expect(served.map((v) => v.name)).toEqual(names); // scalars then series, each alphabetical, as the sample
    for (const real of sample.variables) {
      const fake = served.find((v) => v.name === real.name) as Sample['variables'][number];
      expect(isSeries(fake), real.name).toBe(isSeries(real));
      expect((fake as { unit?: string }).unit, real.name).toBe(real.unit);
      if (isSeries(real)) expect([fake.type, fake.bits], real.name).toEqual([real.type, real.bits]);
    }
  });

  it('derives the peak families so that longer windows never peak higher, as in the sample', async () => {
    const { measurements, results } = setup();
    const exercise = measurements.find(({ m }) => m.measurementType === 'exercise' && seconds(m) >= 3600)!;
    const wanted = [
      ...peak('trimpPerMinHighest', '30s 45s 1min 2min 3min 4min 5min 10min 15min 20min 30min 45min 1h'),
      'trimpPerMinute',
    ];
    const { body } = await results(exercise, `?var=${wanted.join(',')}`);
    const value = (name: string) => (body!.variables.find((v) => v.name === name) as { value: number }).value;
    const family = wanted.slice(0, -1).map(value);
    for (let i = 1; i < family.length; i++) expect(family[i]).toBeLessThanOrEqual(family[i - 1]!);
    // The peak 1 h rate is at least the whole exercise's mean rate (the exercise is at least 1 h long).
    expect(family.at(-1)!).toBeGreaterThanOrEqual(value('trimpPerMinute') * 0.999);
    const realFamily = wanted
      .slice(0, -1)
      .map((n) => (sample.variables.find((v) => v.name === n) as { value: number }).value);
    for (let i = 1; i < realFamily.length; i++) expect(realFamily[i]).toBeLessThanOrEqual(realFamily[i - 1]!);
  });

  it('pace agrees with speedAverage', async () => {
    const { measurements, results } = setup();
    const exercise = measurements.find(({ m }) => m.measurementType === 'exercise')!;
    const { body } = await results(exercise, '?var=pace,speedAverage');
    const [pace, speed] = body!.variables as { value: number }[];
    expect(pace!.value * speed!.value).toBeCloseTo(60, 9);
  });
});

describe('unknown var names', () => {
  it('are left out (the spec lists no 400 for results) and named in x-fake-unknown-var', async () => {
    const { measurements, results } = setup();
    const exercise = measurements.find(({ m }) => m.measurementType === 'exercise')!;
    const { response, body } = await results(exercise, '?var=trimp,vo2Max,notAVariable,trimp');
    expect(response.status).toBe(200);
    expect(body!.variables.map((v) => v.name)).toEqual(['trimp']);
    expect(response.headers.get('x-fake-unknown-var')).toBe('vo2Max,notAVariable');
    const known = await results(exercise, '?var=trimp');
    expect(known.response.headers.get('x-fake-unknown-var')).toBeNull();
  });
});
