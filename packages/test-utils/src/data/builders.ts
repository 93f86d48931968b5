import { encodeTimeSeries, type SeriesEncoding } from '../encoding/encode-timeseries';
import { buildVariables, type ResultsFormat } from './results';
import type {
  Account,
  Athlete,
  AthleteMeasurement,
  AthleteMeasurementResults,
  Coach,
  Group,
  MeasurementLap,
  ScalarVariable,
  Session,
  SessionLap,
  SessionMeasurementResults,
  Team,
  TimeSeriesVariable,
} from './types';

/**
 * Fixture builders for unit tests of other packages: spec-example defaults (spec 1.1.0 §5) plus
 * overrides. Pass `undefined` for an optional field to leave it out, as the API does.
 */

function build<T extends object>(defaults: T, overrides: Partial<T>): T {
  const out: Record<string, unknown> = { ...defaults, ...overrides };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as T;
}

export const buildAccount = (o: Partial<Account> = {}): Account =>
  build({ accountId: '1-1', name: 'Some account', authorizedBy: { coachId: 0 } }, o);

export const buildAthlete = (o: Partial<Athlete> = {}): Athlete =>
  build({ athleteId: 356255, firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com' }, o);

export const buildCoach = (o: Partial<Coach> = {}): Coach =>
  build({ coachId: 362791, firstName: 'Some', lastName: 'Coach', email: 'some.coach@example.com' }, o);

export const buildGroup = (o: Partial<Group> = {}): Group =>
  build({ groupId: 1902, name: 'Some group', athleteIds: [356301] }, o);

export const buildTeam = (o: Partial<Team> = {}): Team =>
  build({ teamId: 1786, name: 'A great team', athleteIds: [356262, 356301], groups: [buildGroup()] }, o);

export const buildMeasurementLap = (o: Partial<MeasurementLap> = {}): MeasurementLap =>
  build(
    {
      lapId: 864843,
      name: '2nd interval',
      startTime: '2015-09-25T07:50:32Z',
      startTimeLocal: '2015-09-25T10:50:32+03:00',
      endTime: '2015-09-25T07:52:30Z',
      endTimeLocal: '2015-09-25T10:52:30+03:00',
    },
    o,
  );

export const buildSessionLap = (o: Partial<SessionLap> = {}): SessionLap =>
  build({ ...buildMeasurementLap(), athleteIds: [356361] }, o);

export const buildMeasurement = (o: Partial<AthleteMeasurement> = {}): AthleteMeasurement =>
  build(
    {
      measurementId: 3397522,
      athleteId: 356262,
      sessionId: 41,
      startTime: '2015-09-25T07:47:26Z',
      startTimeLocal: '2015-09-25T10:47:26+03:00',
      endTime: '2015-09-25T08:33:12Z',
      endTimeLocal: '2015-09-25T11:33:12+03:00',
      measurementType: 'exercise' as const,
      exerciseType: 'Morning exercise',
      sportsType: 'running',
      eventType: 'training',
      notes: 'Thirty minutes of interval training',
    },
    o,
  );

export const buildSession = (o: Partial<Session> = {}): Session =>
  build(
    {
      sessionId: 41,
      coachId: 371,
      startTime: '2015-09-25T07:47:26Z',
      startTimeLocal: '2015-09-25T10:47:26+03:00',
      endTime: '2015-09-25T08:33:12Z',
      endTimeLocal: '2015-09-25T11:33:12+03:00',
      sessionType: 'Morning exercise',
      sportsType: 'running',
      eventType: 'training',
      notes: 'Thirty minutes of interval training',
      athleteIds: [356361],
    },
    o,
  );

/** A `{ more, <key>: items }` list page. */
export const buildPage = <K extends string, T>(key: K, items: T[], more = false) =>
  ({ more, [key]: items }) as { more: boolean } & Record<K, T[]>;

export const buildScalar = (name: string, value: number, unit?: string): ScalarVariable => ({
  name,
  ...(unit === undefined ? {} : { unit }),
  value,
});

export interface TimeSeriesBuildOptions extends SeriesEncoding {
  unit?: string;
  /** e.g. "0.2Hz"; leave out for RR series. */
  samplingRate?: string;
  format?: ResultsFormat;
}

/** A time-series variable with `values` encoded like the API (or listed, with format 'list'). */
export async function buildTimeSeries(
  name: string,
  values: ArrayLike<number | bigint>,
  { type, bits, unit, samplingRate, format = 'binary' }: TimeSeriesBuildOptions,
): Promise<TimeSeriesVariable> {
  return {
    name,
    ...(unit === undefined ? {} : { unit }),
    ...(samplingRate === undefined ? {} : { samplingRate }),
    type,
    bits,
    value: format === 'list' ? Array.from(values, Number) : await encodeTimeSeries(values, { type, bits }),
  };
}

export interface ResultsBuildOptions {
  /** Variable names, like the `var` query parameter; default: the API's defaults. */
  var?: readonly string[];
  format?: ResultsFormat;
  /** Seed of the generated signals. Default 1. */
  seed?: number;
}

function variablesFor(m: AthleteMeasurement, scope: 'measurement' | 'session', options: ResultsBuildOptions) {
  return buildVariables({
    seed: options.seed ?? 1,
    measurement: m,
    scope,
    format: options.format ?? 'binary',
    ...(options.var ? { names: options.var } : {}),
  });
}

/** Measurement results as the fake would serve them for `measurement` (same generator). */
export async function buildResults(
  measurement: Partial<AthleteMeasurement> = {},
  options: ResultsBuildOptions = {},
): Promise<AthleteMeasurementResults> {
  const { laps: _laps, ...m } = buildMeasurement(measurement);
  return { ...m, variables: await variablesFor(m, 'measurement', options) };
}

/** Session results: one entry per measurement, without `measurementType` and the "NL" variables. */
export async function buildSessionResults(
  measurements: Partial<AthleteMeasurement>[],
  options: ResultsBuildOptions = {},
): Promise<{ measurements: SessionMeasurementResults[] }> {
  const entries = await Promise.all(
    measurements.map(async (partial) => {
      const measurement = buildMeasurement(partial);
      const { laps: _laps, measurementType: _type, ...m } = measurement;
      return { ...m, variables: await variablesFor(measurement, 'session', options) };
    }),
  );
  return { measurements: entries };
}
