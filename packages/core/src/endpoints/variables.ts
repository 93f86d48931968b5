/**
 * Result variable names of spec 1.1.0 (reference §11). The API may add names at any time: these lists
 * are what the SDK knows, not a whitelist — any name can be passed in `vars`.
 */

const MOVEMENT_INTENSITY_WINDOWS = [
  '5s',
  '10s',
  '15s',
  '20s',
  '30s',
  '45s',
  '1min',
  '2min',
  '3min',
  '4min',
  '5min',
  '10min',
  '15min',
  '20min',
  '30min',
  '45min',
  '1h',
  '2h',
] as const;
/** The TRIMP-rate peaks use the same windows from 30 s up. */
const TRIMP_RATE_WINDOWS = MOVEMENT_INTENSITY_WINDOWS.slice(MOVEMENT_INTENSITY_WINDOWS.indexOf('30s'));

/** The 100 documented scalar variables (§11.1); every one comes back without `var` when it applies. */
export const RESULT_SCALARS: readonly string[] = Object.freeze([
  'heartRateAverage',
  'heartRatePeak',
  'heartRateLowest',
  'heartRateAveragePercentage',
  'heartRatePeakPercentage',
  'heartRateMinimumPercentage',
  'zone1Time',
  'zone2Time',
  'zone3Time',
  'zone4Time',
  'zone5Time',
  'underZonesTime',
  'trimp',
  'trimpPerMinute',
  'acuteTrainingLoad',
  'chronicTrainingLoad',
  'acwr',
  'epocPeak',
  'epocFinal',
  'vo2max',
  'oxygenConsumptionAverage',
  'oxygenConsumptionPeak',
  'oxygenConsumptionMaximumPercentage',
  'oxygenConsumptionAveragePercentage',
  'aerobicTrainingEffect',
  'anaerobicTrainingEffect',
  'respirationRateAverage',
  'respirationRatePeak',
  'energyConsumptionCarbs',
  'energyConsumptionFats',
  'energyConsumptionTotal',
  'ventilationAverage',
  'ventilationPeak',
  'movementLoad',
  'averageMovementIntensity',
  'quickRecoveryTestScore',
  'quickRecoveryScaledScore',
  'scaledQrtWeeklyMean',
  'daysSinceLastGoodRecovery',
  'playerStatusScore',
  'firstbeatPointsStressBalance',
  'perceivedRecovery',
  'rmssd',
  'sdnn',
  'rmssdSleepAverage',
  'rmssdNonSleepAverage',
  'lfHfRatio',
  'lfAverage',
  'hfAverage',
  'vlfAverage',
  'recoveryStateTime',
  'stressStateTime',
  'sleepStateTime',
  'sleepRecoveryIndexAbsolute',
  'measurementError',
  'heartRateRecoveryRelative30s',
  'heartRateRecoveryRelative60s',
  'heartRateRecoveryRelative120s',
  'heartRateRecoveryAbsolute30s',
  'heartRateRecoveryAbsolute60s',
  'heartRateRecoveryAbsolute120s',
  'distance',
  'ascent',
  'descent',
  'speedAverage',
  'pace',
  'powerAverage',
  'cadenceAverage',
  ...MOVEMENT_INTENSITY_WINDOWS.map((window) => `movementIntensityHighest${window}`),
  ...TRIMP_RATE_WINDOWS.map((window) => `trimpPerMinHighest${window}`),
]);

/** The four time series returned when no `var` is given (§11.2). */
export const DEFAULT_RESULT_SERIES: readonly string[] = Object.freeze([
  'heartRateSeries',
  'epocSeries',
  'energyConsumptionSeries',
  'trimpSeries',
]);

/** The data-heavy time series returned only when named in `var` (§11.2). */
export const ON_REQUEST_RESULT_SERIES: readonly string[] = Object.freeze([
  'heartRateSeries1s',
  'heartRatePercentageSeries',
  'trimpPerMinuteSeries',
  'rmssd1MinSeries',
  'vlfSeries',
  'lfSeries',
  'hfSeries',
  'artifactCorrectedRrVector',
  'rriSeries',
  'movementLoadAccumulationRate',
  'movementLoadSeries',
  'energyConsumptionRelativeFatSeries',
  'artifactPercentageSeries',
]);

/**
 * The API's default variable set written out: the four default series and the documented scalars. A
 * results request without `vars` that is too large is re-sent with this explicit list so it can be split.
 *
 * Limitation: a scalar the API adds after spec 1.1.0 is part of its default set but not of this list, so
 * it is missing from a result that had to be re-expressed this way (results that fit are unaffected).
 */
export const DEFAULT_RESULT_VARIABLES: readonly string[] = Object.freeze([
  ...DEFAULT_RESULT_SERIES,
  ...RESULT_SCALARS,
]);
