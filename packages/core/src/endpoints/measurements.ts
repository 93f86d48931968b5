import type { Decoded } from '../decoders/types';
import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineList, defineResults, RESULTS_QUERY } from './define';
import type { MeasurementLapResultsParams, MeasurementListParams, MeasurementResultsParams } from './params';
import { ResultsResource } from './resource';
import {
  type Measurement,
  type MeasurementLapResults,
  type MeasurementResults,
  measurementLapResultsSchema,
  measurementResultsSchema,
  measurementsPageSchema,
} from './schemas';

const MEASUREMENTS = '/sports/accounts/{accountId}/athletes/{athleteId}/measurements';
const ONE_VARIABLE =
  'one variable of one measurement is the smallest request the API takes, so this result cannot be fetched';

/** @internal Also used by the per-athlete fallback of session results. */
export const listMeasurements = defineList({
  operation: 'measurements.list',
  path: MEASUREMENTS,
  query: ['fromTime', 'toTime', 'exerciseType', 'measurementType', 'sportsType', 'eventType', 'includeLaps'],
  response: measurementsPageSchema,
  items: 'measurements',
  id: (measurement) => measurement.measurementId,
});
/** @internal Also used by the per-athlete fallback of session results. */
export const measurementResults = defineResults({
  operation: 'measurements.results',
  path: `${MEASUREMENTS}/{measurementId}/results`,
  query: RESULTS_QUERY,
  response: measurementResultsSchema,
  kind: 'measurement',
  oneVariableTooLarge: ONE_VARIABLE,
  fromRequest: ['athleteId', 'measurementId'],
});
const lapResults = defineResults({
  operation: 'measurements.lapResults',
  path: `${MEASUREMENTS}/{measurementId}/laps/{lapId}/results`,
  query: RESULTS_QUERY,
  response: measurementLapResultsSchema,
  kind: 'measurement',
  oneVariableTooLarge: ONE_VARIABLE,
  fromRequest: ['athleteId', 'measurementId', 'lapId'],
});

export class Measurements extends ResultsResource {
  /**
   * An athlete's measurements, filtered by start time (`fromTime` inclusive, `toTime` exclusive) and the
   * other filters combined. Lap ids come only from here, with `includeLaps: true`.
   */
  list(params: MeasurementListParams, options?: CallOptions): PagedList<Measurement> {
    return listMeasurements(this.transport, params, options);
  }

  /**
   * A measurement's analysis results, time series decoded. A response over the API's size limit is
   * fetched in parts and merged (see `SportsCloudClient` option `responseLimitBytes`).
   */
  results(params: MeasurementResultsParams, options?: CallOptions): Promise<Decoded<MeasurementResults>> {
    return measurementResults(this.resultsContext, params, options);
  }

  /** The results of one lap of a measurement, time series decoded (split like `results`). */
  lapResults(
    params: MeasurementLapResultsParams,
    options?: CallOptions,
  ): Promise<Decoded<MeasurementLapResults>> {
    return lapResults(this.resultsContext, params, options);
  }
}
