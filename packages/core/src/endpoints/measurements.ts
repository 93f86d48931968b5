import type { Decoded } from '../decoders';
import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineList, defineResults } from './define';
import type { MeasurementLapResultsParams, MeasurementListParams, MeasurementResultsParams } from './params';
import { APIResource } from './resource';
import {
  type Measurement,
  type MeasurementLapResults,
  type MeasurementResults,
  measurementLapResultsSchema,
  measurementResultsSchema,
  measurementsPageSchema,
} from './schemas';

const MEASUREMENTS = '/sports/accounts/{accountId}/athletes/{athleteId}/measurements';
const RESULTS_QUERY = ['vars', 'format'] as const;

const list = defineList({
  operation: 'measurements.list',
  path: MEASUREMENTS,
  query: ['fromTime', 'toTime', 'exerciseType', 'measurementType', 'sportsType', 'eventType', 'includeLaps'],
  response: measurementsPageSchema,
  items: 'measurements',
  id: (measurement) => measurement.measurementId,
});
const results = defineResults({
  operation: 'measurements.results',
  path: `${MEASUREMENTS}/{measurementId}/results`,
  query: RESULTS_QUERY,
  response: measurementResultsSchema,
});
const lapResults = defineResults({
  operation: 'measurements.lapResults',
  path: `${MEASUREMENTS}/{measurementId}/laps/{lapId}/results`,
  query: RESULTS_QUERY,
  response: measurementLapResultsSchema,
});

export class Measurements extends APIResource {
  /**
   * An athlete's measurements, filtered by start time (`fromTime` inclusive, `toTime` exclusive) and the
   * other filters combined. Lap ids come only from here, with `includeLaps: true`.
   */
  list(params: MeasurementListParams, options?: CallOptions): PagedList<Measurement> {
    return list(this.transport, params, options);
  }

  /** A measurement's analysis results, time series decoded. */
  results(params: MeasurementResultsParams, options?: CallOptions): Promise<Decoded<MeasurementResults>> {
    return results(this.transport, params, options);
  }

  /** The results of one lap of a measurement, time series decoded. */
  lapResults(
    params: MeasurementLapResultsParams,
    options?: CallOptions,
  ): Promise<Decoded<MeasurementLapResults>> {
    return lapResults(this.transport, params, options);
  }
}
