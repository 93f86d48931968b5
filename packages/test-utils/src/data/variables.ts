import type { MeasurementType, SeriesBits, SeriesType } from './types';

/**
 * The variable catalogue the fake serves: all 100 scalars and all 17 series of the variables page
 * (reference §11), with the units, types and rates the real payloads use (§12) where those differ from
 * the page.
 */

const MIN_1 = 'min\u207b\u00b9'; // "min⁻¹", the real payloads' spelling
const MS2 = 'ms\u00b2'; // "ms²"

const SENSOR: readonly MeasurementType[] = ['exercise', 'quickRecoveryTest', 'night'];
const ALL: readonly MeasurementType[] = ['exercise', 'quickRecoveryTest', 'night', 'manual'];
const EX: readonly MeasurementType[] = ['exercise'];
const QRT: readonly MeasurementType[] = ['quickRecoveryTest'];
const SR: readonly MeasurementType[] = ['night'];

const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['5s', 5],
  ['10s', 10],
  ['15s', 15],
  ['20s', 20],
  ['30s', 30],
  ['45s', 45],
  ['1min', 60],
  ['2min', 120],
  ['3min', 180],
  ['4min', 240],
  ['5min', 300],
  ['10min', 600],
  ['15min', 900],
  ['20min', 1200],
  ['30min', 1800],
  ['45min', 2700],
  ['1h', 3600],
  ['2h', 7200],
];

/** The sliding windows (name suffix, seconds) of the two "highest" families, shortest first. */
export const PEAK_WINDOWS = {
  movementIntensityHighest: WINDOWS,
  trimpPerMinHighest: WINDOWS.slice(4),
} as const;

export interface ScalarSpec {
  name: string;
  unit?: string;
  /** Measurement types that carry this variable. */
  types: readonly MeasurementType[];
  /** "NL": not available for laps and sessions. */
  noLaps?: boolean;
  /** Sent as a JSON integer (e.g. heartRateAverage 118). */
  integer?: boolean;
  /** Range of the seeded value; derived scalars are computed from the series instead. */
  range?: readonly [number, number];
}

export interface SeriesSpec {
  name: string;
  unit?: string;
  /** Seconds between samples; undefined for the irregular RR series (no samplingRate). */
  periodSec?: 1 | 5 | 60;
  type: SeriesType;
  bits: SeriesBits;
  /** Returned when `var` is absent; the others only when named. */
  byDefault: boolean;
  noLaps?: boolean;
}

const s = (
  name: string,
  unit: string | undefined,
  types: readonly MeasurementType[],
  range?: readonly [number, number],
  extra: Partial<ScalarSpec> = {},
): ScalarSpec => ({
  name,
  ...(unit === undefined ? {} : { unit }),
  types,
  ...(range ? { range } : {}),
  ...extra,
});

export const SCALARS: readonly ScalarSpec[] = [
  s('heartRateAverage', MIN_1, SENSOR, undefined, { integer: true }),
  s('heartRatePeak', MIN_1, SENSOR, undefined, { integer: true }),
  s('heartRateLowest', MIN_1, SENSOR, undefined, { integer: true }),
  s('heartRateAveragePercentage', '%', SENSOR),
  s('heartRatePeakPercentage', '%', SENSOR),
  s('heartRateMinimumPercentage', '%', SENSOR),
  s('zone1Time', 'min', EX),
  s('zone2Time', 'min', EX),
  s('zone3Time', 'min', EX),
  s('zone4Time', 'min', EX),
  s('zone5Time', 'min', EX),
  s('underZonesTime', 'min', EX),
  s('trimp', undefined, ALL, [20, 250]),
  s('trimpPerMinute', MIN_1, ALL, [0.3, 2.5]),
  s('acuteTrainingLoad', undefined, ALL, [200, 900]),
  s('chronicTrainingLoad', undefined, ALL, [300, 900]),
  s('acwr', undefined, ALL, [0.6, 1.5]),
  s('epocPeak', 'ml/kg', EX),
  s('epocFinal', 'ml/kg', EX),
  s('oxygenConsumptionAverage', 'ml/kg/min', EX, [15, 40]),
  s('oxygenConsumptionPeak', 'ml/kg/min', EX, [40, 62]),
  s('oxygenConsumptionAveragePercentage', '%', EX, [30, 70]),
  s('oxygenConsumptionMaximumPercentage', '%', EX, [70, 100]),
  s('aerobicTrainingEffect', undefined, EX, [1, 5], { noLaps: true }),
  s('anaerobicTrainingEffect', undefined, EX, [0, 4], { noLaps: true }),
  s('respirationRateAverage', MIN_1, SENSOR, [12, 40]),
  s('respirationRatePeak', MIN_1, SENSOR, [30, 60]),
  s('energyConsumptionCarbs', 'kcal', SENSOR),
  s('energyConsumptionFats', 'kcal', SENSOR),
  s('energyConsumptionTotal', 'kcal', SENSOR),
  s('ventilationAverage', 'l/min', EX, [20, 70]),
  s('ventilationPeak', 'l/min', EX, [70, 140]),
  s('movementLoad', undefined, EX, [50, 800]),
  s('quickRecoveryTestScore', undefined, QRT, [40, 160]),
  s('quickRecoveryScaledScore', '%', QRT, [0, 100]),
  s('daysSinceLastGoodRecovery', 'days', QRT, [0, 7], { integer: true }),
  s('playerStatusScore', undefined, SENSOR, [40, 100]),
  s('perceivedRecovery', undefined, ['quickRecoveryTest', 'manual'], [1, 5], { integer: true, noLaps: true }),
  s('rmssd', 'ms', SENSOR),
  s('sdnn', 'ms', SENSOR, [20, 120]),
  s('lfHfRatio', '%', SENSOR),
  s('lfAverage', MS2, SENSOR),
  s('hfAverage', MS2, SENSOR),
  s('vlfAverage', MS2, SENSOR),
  s('rmssdSleepAverage', 'ms', SR, [20, 90]),
  s('rmssdNonSleepAverage', 'ms', SR, [15, 70]),
  s('recoveryStateTime', 'min', SR, [180, 420]),
  s('stressStateTime', 'min', SR, [20, 200]),
  s('sleepStateTime', 'min', SR, [300, 540]),
  s('sleepRecoveryIndexAbsolute', undefined, SR, [0, 100]),
  s('measurementError', '%', SENSOR),
  s('heartRateRecoveryAbsolute30s', 'bpm', EX, [8, 30], { integer: true }),
  s('heartRateRecoveryAbsolute60s', 'bpm', EX, [15, 45], { integer: true }),
  s('heartRateRecoveryAbsolute120s', 'bpm', EX, [25, 65], { integer: true }),
  s('heartRateRecoveryRelative30s', '%', EX, [5, 18]),
  s('heartRateRecoveryRelative60s', '%', EX, [9, 26]),
  s('heartRateRecoveryRelative120s', '%', EX, [14, 36]),
  s('distance', 'm', EX, [1500, 14000], { integer: true, noLaps: true }),
  s('speedAverage', 'km/h', EX, [4, 14], { noLaps: true }),
  s('powerAverage', 'W', EX, [90, 320], { integer: true, noLaps: true }),
  s('cadenceAverage', MIN_1, EX, [55, 95], { integer: true, noLaps: true }),
  s('ascent', 'm', EX, [0, 900], { integer: true, noLaps: true }),
  s('descent', 'm', EX, [0, 900], { integer: true, noLaps: true }),
  // Derived from speedAverage (60 / km/h), so the two agree.
  s('pace', 'min/km', EX, undefined, { noLaps: true }),
  s('vo2max', 'ml/kg/min', SENSOR, [38, 68]),
  s('averageMovementIntensity', undefined, EX),
  s('scaledQrtWeeklyMean', '%', QRT, [0, 100]),
  s('firstbeatPointsStressBalance', undefined, SR, [0, 100]),
  // Highest mean over a sliding window; windows longer than the measurement are left out (sample 04,
  // 1 h 42 min long, has trimpPerMinHighest1h but not …2h).
  ...PEAK_WINDOWS.movementIntensityHighest.map(([suffix]) =>
    s(`movementIntensityHighest${suffix}`, 'kicks/min', EX),
  ),
  ...PEAK_WINDOWS.trimpPerMinHighest.map(([suffix]) => s(`trimpPerMinHighest${suffix}`, MIN_1, EX)),
];

export const SERIES: readonly SeriesSpec[] = [
  { name: 'heartRateSeries', unit: MIN_1, periodSec: 5, type: 'Unsigned', bits: 8, byDefault: true },
  { name: 'epocSeries', unit: 'ml/kg', periodSec: 5, type: 'Float', bits: 64, byDefault: true },
  {
    name: 'energyConsumptionSeries',
    unit: 'kcal/h',
    periodSec: 5,
    type: 'Unsigned',
    bits: 16,
    byDefault: true,
  },
  { name: 'trimpSeries', periodSec: 5, type: 'Float', bits: 64, byDefault: true },
  { name: 'heartRateSeries1s', unit: MIN_1, periodSec: 1, type: 'Unsigned', bits: 8, byDefault: false },
  // Float/32 and no unit, as observed (the page says Float/64).
  { name: 'heartRatePercentageSeries', periodSec: 5, type: 'Float', bits: 32, byDefault: false },
  { name: 'trimpPerMinuteSeries', unit: MIN_1, periodSec: 5, type: 'Float', bits: 64, byDefault: false },
  // One value per minute, as observed (the page says 0.02 Hz).
  { name: 'rmssd1MinSeries', unit: 'ms', periodSec: 60, type: 'Float', bits: 64, byDefault: false },
  { name: 'vlfSeries', unit: MS2, periodSec: 1, type: 'Float', bits: 64, byDefault: false },
  { name: 'lfSeries', unit: MS2, periodSec: 1, type: 'Float', bits: 64, byDefault: false },
  { name: 'hfSeries', unit: MS2, periodSec: 1, type: 'Float', bits: 64, byDefault: false },
  { name: 'artifactCorrectedRrVector', unit: 'ms', type: 'Float', bits: 64, byDefault: false },
  { name: 'rriSeries', unit: 'ms', type: 'Unsigned', bits: 16, byDefault: false, noLaps: true },
  {
    name: 'movementLoadAccumulationRate',
    unit: MIN_1,
    periodSec: 5,
    type: 'Float',
    bits: 64,
    byDefault: false,
  },
  // 1 Hz as observed (the page says 0.2 Hz).
  { name: 'movementLoadSeries', periodSec: 1, type: 'Float', bits: 64, byDefault: false, noLaps: true },
  {
    name: 'energyConsumptionRelativeFatSeries',
    unit: '%',
    periodSec: 1,
    type: 'Unsigned',
    bits: 8,
    byDefault: false,
  },
  { name: 'artifactPercentageSeries', unit: '%', periodSec: 5, type: 'Unsigned', bits: 8, byDefault: false },
];

/** Series exist only where a sensor recorded; manual measurements are coach-entered numbers. */
export const SERIES_TYPES: readonly MeasurementType[] = SENSOR;

/** `"0.2Hz"`, `"1Hz"`, `"0.016666666666666666Hz"`: the exact strings the API sends. */
export function samplingRateText(periodSec: number): string {
  return `${1 / periodSec}Hz`;
}
