import { encodeTimeSeries } from '../encoding/encode-timeseries';
import { scalarValue } from './scalars';
import { MeasurementSignals, sliceSeries } from './signals';
import type { AthleteMeasurement, ResultVariable, ScalarVariable, TimeSeriesVariable } from './types';
import {
  SCALARS,
  type ScalarSpec,
  SERIES,
  SERIES_TYPES,
  type SeriesSpec,
  samplingRateText,
} from './variables';

/**
 * The `variables` array of a results response (reference §11): scalars then series, each group in
 * alphabetical order like the real payloads. Without `names` the response holds every applicable
 * scalar plus the four default series; with `names` exactly the named, applicable variables.
 */

export type ResultsFormat = 'binary' | 'list';

/** Which endpoint the variables are for: laps and sessions drop the "NL" variables. */
export type ResultsScope = 'measurement' | 'lap' | 'session' | 'sessionLap';

export interface BuildVariablesOptions {
  seed: number;
  measurement: Pick<
    AthleteMeasurement,
    'measurementId' | 'athleteId' | 'measurementType' | 'startTime' | 'endTime'
  >;
  scope: ResultsScope;
  /** Seconds from the measurement start, [t0, t1). Defaults to the whole measurement. */
  window?: { t0: number; t1: number };
  /** The `var` list; undefined means the defaults. */
  names?: readonly string[];
  format?: ResultsFormat;
  /** Reuse precomputed signals (the fake caches them per measurement). */
  signals?: MeasurementSignals;
}

export function durationSec(m: Pick<AthleteMeasurement, 'startTime' | 'endTime'>): number {
  return Math.max(0, Math.round((Date.parse(m.endTime) - Date.parse(m.startTime)) / 1000));
}

export function signalsFor(seed: number, m: BuildVariablesOptions['measurement']): MeasurementSignals {
  return new MeasurementSignals(seed, {
    measurementId: m.measurementId,
    athleteId: m.athleteId,
    measurementType: m.measurementType,
    durationSec: durationSec(m),
  });
}

function applicable<T extends ScalarSpec | SeriesSpec>(spec: T, scope: ResultsScope): boolean {
  return !(spec.noLaps && scope !== 'measurement');
}

export async function buildVariables(o: BuildVariablesOptions): Promise<ResultVariable[]> {
  const type = o.measurement.measurementType;
  const window = o.window ?? { t0: 0, t1: durationSec(o.measurement) };
  const wanted = o.names ? new Set(o.names) : undefined;
  const hasSeries = SERIES_TYPES.includes(type);
  const signals = hasSeries ? (o.signals ?? signalsFor(o.seed, o.measurement)) : undefined;

  const scalars: ScalarVariable[] = [];
  for (const spec of SCALARS) {
    if (!spec.types.includes(type) || !applicable(spec, o.scope)) continue;
    if (wanted && !wanted.has(spec.name)) continue;
    const raw = scalarValue(o.seed, spec, { measurementId: o.measurement.measurementId, ...window }, signals);
    if (raw === undefined) continue;
    const value = spec.integer ? Math.round(raw) : raw;
    scalars.push({ name: spec.name, ...(spec.unit === undefined ? {} : { unit: spec.unit }), value });
  }

  const seriesSpecs = hasSeries
    ? SERIES.filter((spec) => applicable(spec, o.scope) && (wanted ? wanted.has(spec.name) : spec.byDefault))
    : [];
  const series = await Promise.all(
    seriesSpecs.map(async (spec): Promise<TimeSeriesVariable> => {
      const values = sliceSeries(signals!.series(spec.name), spec.periodSec, window.t0, window.t1);
      const encoding = { type: spec.type, bits: spec.bits };
      return {
        name: spec.name,
        ...(spec.unit === undefined ? {} : { unit: spec.unit }),
        ...(spec.periodSec === undefined ? {} : { samplingRate: samplingRateText(spec.periodSec) }),
        ...encoding,
        value: o.format === 'list' ? Array.from(values) : await encodeTimeSeries(values, encoding),
      };
    }),
  );

  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return [...scalars.sort(byName), ...series.sort(byName)];
}
