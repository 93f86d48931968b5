export { decodeBody, supportedContentEncodings } from './body';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './limits';
export { type DecodeResultsOptions, decodeResults, isRawTimeSeries, isTimeSeries } from './results';
export {
  beatTimes,
  parseSamplingRate,
  type SeriesTiming,
  type StartTime,
  sampleTimes,
  seriesTimes,
} from './sampling';
export { decodeTimeSeries } from './time-series';
export type {
  Decoded,
  DecodedVariable,
  RawTimeSeriesVariable,
  RawVariable,
  ScalarVariable,
  SeriesBits,
  SeriesType,
  TimeSeriesArray,
  TimeSeriesArrayMap,
  TimeSeriesArrayOf,
  TimeSeriesVariable,
} from './types';
