import { keyedRng } from './prng';
import { type MeasurementSignals, sliceSeries } from './signals';
import { PEAK_WINDOWS, SCALARS, type ScalarSpec } from './variables';

/**
 * Scalar values for a window of a measurement. Heart-rate, zone, TRIMP, EPOC, energy and HRV
 * scalars are computed from the same series the endpoint returns, so an SDK test can cross-check
 * them; the rest are seeded per (measurement, window, name).
 */

export interface ScalarWindow {
  measurementId: number;
  /** Seconds from the measurement start, [t0, t1). */
  t0: number;
  t1: number;
}

type Derive = (sig: MeasurementSignals, t0: number, t1: number) => number | undefined;

const mean = (v: ArrayLike<number>): number | undefined => {
  if (v.length === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] as number;
  return sum / v.length;
};

// Loops rather than Math.max(...v): a night holds ~30k samples, too many for spread arguments.
const extreme =
  (pick: (a: number, b: number) => number) =>
  (v: ArrayLike<number>): number | undefined => {
    let m: number | undefined;
    for (let i = 0; i < v.length; i++) m = m === undefined ? (v[i] as number) : pick(m, v[i] as number);
    return m;
  };
const max = extreme(Math.max);
const min = extreme(Math.min);
const pctOfMax = (sig: MeasurementSignals, v: number | undefined) =>
  v === undefined ? undefined : (v / sig.phys.maxHr) * 100;

const hr = (sig: MeasurementSignals, t0: number, t1: number) => sliceSeries(sig.heartRate1s(), 1, t0, t1);
const slice = (name: string, period: number) => (sig: MeasurementSignals, t0: number, t1: number) =>
  sliceSeries(sig.series(name), period, t0, t1);

/** Minutes spent with %HRmax in [lo, hi) (zone1 is the hardest, as in the API). */
const zone =
  (lo: number, hi: number): Derive =>
  (sig, t0, t1) => {
    const max = sig.phys.maxHr;
    let seconds = 0;
    for (const v of hr(sig, t0, t1)) {
      const pct = (v / max) * 100;
      if (pct >= lo && pct < hi) seconds++;
    }
    return seconds / 60;
  };

const trimp: Derive = (sig, t0, t1) => {
  let sum = 0;
  for (const inc of sliceSeries(sig.trimpIncrements(), 5, t0, t1)) sum += inc;
  return sum;
};

const energy: Derive = (sig, t0, t1) => {
  // kcal/h per 5 s block → kcal.
  let kcal = 0;
  for (const v of slice('energyConsumptionSeries', 5)(sig, t0, t1)) kcal += (v * 5) / 3600;
  return kcal;
};
const carbShare = (sig: MeasurementSignals, t0: number, t1: number) =>
  0.35 + 0.45 * (mean(sliceSeries(sig.intensity(), 1, t0, t1)) ?? 0);

/** Movement intensity in kicks/min from the 1 Hz movement load (×60: per-second load as a rate). */
const movementIntensity = (sig: MeasurementSignals, t0: number, t1: number) =>
  slice('movementLoadSeries', 1)(sig, t0, t1).map((v) => v * 60);

/** Highest mean of `values` over any `n` consecutive samples, or undefined when there are fewer. */
function highestMean(values: ArrayLike<number>, n: number): number | undefined {
  if (n < 1 || values.length < n) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  let best = sum;
  for (let i = n; i < values.length; i++) {
    sum += (values[i] as number) - (values[i - n] as number);
    if (sum > best) best = sum;
  }
  return best / n;
}

/**
 * The "highest over a window" family: the peak mean over each window, made non-increasing from the
 * shortest window on (as in real data: a longer window cannot have a higher peak mean than a shorter one
 * on real signals; on arbitrary sequences it could, by a little).
 */
function peakFamily(
  windows: ReadonlyArray<readonly [string, number]>,
  periodSec: number,
  values: (sig: MeasurementSignals, t0: number, t1: number) => ArrayLike<number>,
): Record<string, Derive> {
  return Object.fromEntries(
    windows.map(([suffix], index) => [
      suffix,
      (sig: MeasurementSignals, t0: number, t1: number) => {
        const v = values(sig, t0, t1);
        let running: number | undefined = Number.POSITIVE_INFINITY;
        for (const [, seconds] of windows.slice(0, index + 1)) {
          const peak = highestMean(v, Math.round(seconds / periodSec));
          running = peak === undefined ? undefined : Math.min(running!, peak);
          if (running === undefined) break;
        }
        return running;
      },
    ]),
  );
}

const prefixed = (prefix: string, family: Record<string, Derive>): Record<string, Derive> =>
  Object.fromEntries(Object.entries(family).map(([suffix, derive]) => [`${prefix}${suffix}`, derive]));

const DERIVED: Record<string, Derive> = {
  ...prefixed(
    'trimpPerMinHighest',
    peakFamily(PEAK_WINDOWS.trimpPerMinHighest, 5, slice('trimpPerMinuteSeries', 5)),
  ),
  ...prefixed(
    'movementIntensityHighest',
    peakFamily(PEAK_WINDOWS.movementIntensityHighest, 1, movementIntensity),
  ),
  averageMovementIntensity: (sig, t0, t1) => mean(movementIntensity(sig, t0, t1)),
  heartRateAverage: (sig, t0, t1) => {
    const m = mean(hr(sig, t0, t1));
    return m === undefined ? undefined : Math.round(m);
  },
  heartRatePeak: (sig, t0, t1) => max(hr(sig, t0, t1)),
  heartRateLowest: (sig, t0, t1) => min(hr(sig, t0, t1)),
  heartRateAveragePercentage: (sig, t0, t1) => pctOfMax(sig, mean(hr(sig, t0, t1))),
  heartRatePeakPercentage: (sig, t0, t1) => pctOfMax(sig, max(hr(sig, t0, t1))),
  heartRateMinimumPercentage: (sig, t0, t1) => pctOfMax(sig, min(hr(sig, t0, t1))),
  zone1Time: zone(90, Number.POSITIVE_INFINITY),
  zone2Time: zone(80, 90),
  zone3Time: zone(70, 80),
  zone4Time: zone(60, 70),
  zone5Time: zone(50, 60),
  underZonesTime: zone(Number.NEGATIVE_INFINITY, 50),
  trimp,
  trimpPerMinute: (sig, t0, t1) => ((trimp(sig, t0, t1) ?? 0) * 60) / (t1 - t0),
  epocPeak: (sig, t0, t1) => max(slice('epocSeries', 5)(sig, t0, t1)),
  epocFinal: (sig, t0, t1) => slice('epocSeries', 5)(sig, t0, t1).at(-1),
  energyConsumptionTotal: energy,
  energyConsumptionCarbs: (sig, t0, t1) => (energy(sig, t0, t1) ?? 0) * carbShare(sig, t0, t1),
  energyConsumptionFats: (sig, t0, t1) => (energy(sig, t0, t1) ?? 0) * (1 - carbShare(sig, t0, t1)),
  rmssd: (sig, t0, t1) => mean(slice('rmssd1MinSeries', 60)(sig, t0, t1)),
  vlfAverage: (sig, t0, t1) => mean(slice('vlfSeries', 1)(sig, t0, t1)),
  lfAverage: (sig, t0, t1) => mean(slice('lfSeries', 1)(sig, t0, t1)),
  hfAverage: (sig, t0, t1) => mean(slice('hfSeries', 1)(sig, t0, t1)),
  lfHfRatio: (sig, t0, t1) => {
    const lf = mean(slice('lfSeries', 1)(sig, t0, t1));
    const hf = mean(slice('hfSeries', 1)(sig, t0, t1));
    return lf === undefined || hf === undefined ? undefined : (lf / hf) * 100;
  },
  measurementError: (sig, t0, t1) => sig.artefactShare(t0, t1),
};

const SPEED_AVERAGE = SCALARS.find((spec) => spec.name === 'speedAverage')!;

/**
 * The value of one scalar over a window, or undefined when the window holds no data for it (e.g. an
 * rmssd over less than a minute). `signals` is undefined for manual measurements.
 */
export function scalarValue(
  seed: number,
  spec: ScalarSpec,
  window: ScalarWindow,
  signals: MeasurementSignals | undefined,
): number | undefined {
  if (spec.name === 'pace') {
    // min/km from the same measurement's seeded km/h, so pace and speed agree.
    const speed = scalarValue(seed, SPEED_AVERAGE, window, signals);
    return speed === undefined || speed <= 0 ? undefined : 60 / speed;
  }
  const derive = DERIVED[spec.name];
  if (derive && signals && window.t1 > window.t0) {
    const v = derive(signals, window.t0, window.t1);
    return v === undefined || !Number.isFinite(v) ? undefined : v;
  }
  const [lo, hi] = spec.range ?? [0, 100];
  const rng = keyedRng(seed, 'scalar', window.measurementId, window.t0, window.t1, spec.name);
  return spec.integer ? rng.int(lo, hi) : rng.float(lo, hi);
}
