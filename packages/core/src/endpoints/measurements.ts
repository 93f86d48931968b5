import type { Decoded } from '../decoders';
import type { PagedList } from '../pagination';
import { createResultsSplitting, type ResultsSplitting } from '../policies/split-results';
import type { CallOptions, Transport } from '../transport/types';
import { defineList, defineResults, type ResultsContext } from './define';
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
});
const lapResults = defineResults({
  operation: 'measurements.lapResults',
  path: `${MEASUREMENTS}/{measurementId}/laps/{lapId}/results`,
  query: RESULTS_QUERY,
  response: measurementLapResultsSchema,
  kind: 'measurement',
  oneVariableTooLarge: ONE_VARIABLE,
});

export class Measurements extends APIResource {
  readonly #results: ResultsContext;

  /** `splitting`: the client's response-size handling (a default one when constructed alone). */
  constructor(transport: Transport, splitting: ResultsSplitting = createResultsSplitting()) {
    super(transport);
    this.#results = { transport, splitting };
  }

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
    return measurementResults(this.#results, params, options);
  }

  /** The results of one lap of a measurement, time series decoded (split like `results`). */
  lapResults(
    params: MeasurementLapResultsParams,
    options?: CallOptions,
  ): Promise<Decoded<MeasurementLapResults>> {
    return lapResults(this.#results, params, options);
  }
}
