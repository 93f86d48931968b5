import { keyedRng, type Rng } from './prng';
import type { MeasurementType } from './types';

/**
 * Physiologically plausible signals for one measurement. Every array covers the whole measurement
 * and depends only on (seed, measurement, variable), so results for the measurement, its laps, its
 * session and any split of `var` agree exactly. Lap and session-lap results are slices of these.
 */

export interface SignalSubject {
  measurementId: number;
  athleteId: number;
  measurementType: MeasurementType;
  durationSec: number;
}

export interface Physiology {
  restHr: number;
  maxHr: number;
  /** Scales the HRV spectra (ms²). */
  hrvScale: number;
}

/** An athlete's fixed physiology, so their measurements share a heart-rate range. */
function physiology(seed: number, athleteId: number): Physiology {
  const rng = keyedRng(seed, 'physiology', athleteId);
  return { restHr: rng.int(45, 62), maxHr: rng.int(182, 202), hrvScale: rng.float(0.5, 2) };
}

/** Irregular RR data: one interval per beat (ms) and whether it is an artefact. */
interface Beats {
  raw: Uint16Array;
  artefact: Uint8Array;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export class MeasurementSignals {
  readonly phys: Physiology;
  private readonly memo = new Map<string, Float64Array>();
  private beats?: Beats;

  constructor(
    private readonly seed: number,
    readonly subject: SignalSubject,
  ) {
    this.phys = physiology(seed, subject.athleteId);
  }

  private rng(name: string): Rng {
    return keyedRng(this.seed, 'signal', this.subject.measurementId, name);
  }

  private cached(name: string, make: () => Float64Array): Float64Array {
    let v = this.memo.get(name);
    if (!v) {
      v = make();
      this.memo.set(name, v);
    }
    return v;
  }

  /** Intensity 0..1 per second: the hidden driver of every other signal. */
  intensity(): Float64Array {
    return this.cached('intensity', () => {
      const n = this.subject.durationSec;
      const rng = this.rng('intensity');
      const out = new Float64Array(n);
      const type = this.subject.measurementType;
      let target = 0.1;
      let nextChange = 0;
      let level = type === 'exercise' ? 0.15 : 0.08;
      for (let t = 0; t < n; t++) {
        if (t >= nextChange) {
          if (type === 'exercise') {
            const phase = t / n;
            // Warm-up, a block of intervals, cool-down.
            target = phase < 0.1 ? 0.35 + phase * 3 : phase > 0.92 ? 0.25 : rng.float(0.45, 0.95);
            nextChange = t + rng.int(60, 300);
          } else {
            // Rest (quick recovery test) or sleep (night): low with a slow drift.
            target = rng.float(0.02, 0.14);
            nextChange = t + rng.int(120, 1800);
          }
        }
        level += (target - level) / 20 + rng.gauss() * 0.004;
        out[t] = clamp(level, 0, 1);
      }
      return out;
    });
  }

  heartRate1s(): Float64Array {
    return this.cached('hr1s', () => {
      const x = this.intensity();
      const rng = this.rng('hr1s');
      const { restHr, maxHr } = this.phys;
      return x.map((v) => clamp(Math.round(restHr + v * (maxHr - restHr) + rng.gauss() * 1.5), 30, 230));
    });
  }

  /** Per-block means of a 1 Hz signal over `period`-second blocks (the last block may be short). */
  private blockMeans(name: string, source: Float64Array, period: number): Float64Array {
    return this.cached(`${name}@${period}`, () => {
      const n = Math.ceil(source.length / period);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        const end = Math.min(source.length, (i + 1) * period);
        for (let t = i * period; t < end; t++) sum += source[t] as number;
        out[i] = sum / (end - i * period);
      }
      return out;
    });
  }

  private blockSeconds(i: number): number {
    return Math.min(5, this.subject.durationSec - i * 5);
  }

  /** Heart-rate reserve fraction per 5 s block, the TRIMP and EPOC input. */
  private reserve5s(): Float64Array {
    const hr = this.blockMeans('hr', this.heartRate1s(), 5);
    const { restHr, maxHr } = this.phys;
    return hr.map((v) => clamp((v - restHr) / (maxHr - restHr), 0, 1));
  }

  trimpIncrements(): Float64Array {
    return this.cached('trimpInc', () =>
      this.reserve5s().map((xr, i) => (this.blockSeconds(i) / 60) * xr * 0.64 * Math.exp(1.92 * xr)),
    );
  }

  /** Values of a named series over the whole measurement (regular ones at their own rate). */
  series(name: string): Float64Array {
    switch (name) {
      case 'heartRateSeries1s':
        return this.heartRate1s();
      case 'heartRateSeries':
        return this.cached(name, () => this.blockMeans('hr', this.heartRate1s(), 5).map(Math.round));
      case 'heartRatePercentageSeries':
        return this.cached(name, () =>
          this.blockMeans('hr', this.heartRate1s(), 5).map((v) => Math.fround((v / this.phys.maxHr) * 100)),
        );
      case 'trimpSeries':
        return this.cached(name, () => {
          let sum = 0;
          return this.trimpIncrements().map((inc) => {
            sum += inc;
            return sum;
          });
        });
      case 'trimpPerMinuteSeries':
        return this.cached(name, () =>
          this.trimpIncrements().map((inc, i) => (inc * 60) / this.blockSeconds(i)),
        );
      case 'epocSeries':
        return this.cached(name, () => {
          let epoc = 0;
          return this.reserve5s().map((xr) => {
            epoc = xr > 0.45 ? epoc + 0.5 * (xr - 0.45) ** 2 : epoc * 0.998;
            return epoc;
          });
        });
      case 'energyConsumptionSeries':
        return this.cached(name, () => this.reserve5s().map((xr) => Math.round(70 + 950 * xr ** 1.2)));
      case 'energyConsumptionRelativeFatSeries':
        return this.cached(name, () => this.intensity().map((x) => Math.round(clamp(85 - 70 * x, 5, 95))));
      case 'artifactPercentageSeries':
        return this.cached(name, () => {
          const rng = this.rng(name);
          return this.reserve5s().map(() => (rng.chance(0.05) ? rng.int(1, 25) : 0));
        });
      case 'movementLoadSeries':
        return this.cached(name, () => {
          const rng = this.rng(name);
          const moving = this.subject.measurementType === 'exercise';
          return this.intensity().map((x) => (moving ? Math.max(0, x * 3 + rng.gauss() * 0.5) : 0));
        });
      case 'movementLoadAccumulationRate':
        return this.cached(name, () =>
          this.blockMeans('ml', this.series('movementLoadSeries'), 5).map((v) => v * 12),
        );
      case 'vlfSeries':
      case 'lfSeries':
      case 'hfSeries':
        return this.cached(name, () => this.spectrum(name));
      case 'rmssd1MinSeries':
        return this.cached(name, () => {
          const rng = this.rng(name);
          return this.blockMeans('x', this.intensity(), 60).map((x) =>
            Math.max(2, 80 * (1 - x) ** 2 + rng.gauss() * 3),
          );
        });
      case 'rriSeries':
        return this.cached(name, () => Float64Array.from(this.rr().raw));
      case 'artifactCorrectedRrVector':
        return this.cached(name, () => this.correctedRr());
      default:
        throw new RangeError(`unknown series ${name}`);
    }
  }

  private spectrum(name: string): Float64Array {
    const rng = this.rng(name);
    const base = { vlfSeries: 900, lfSeries: 1400, hfSeries: 700 }[name] ?? 1000;
    let wobble = 0;
    return this.intensity().map((x) => {
      wobble = wobble * 0.97 + rng.gauss() * 0.06;
      return base * this.phys.hrvScale * (1.15 - x) ** 2 * Math.exp(wobble);
    });
  }

  /** Beat-to-beat intervals following the heart rate, with occasional missed-beat artefacts. */
  private rr(): Beats {
    if (this.beats) return this.beats;
    const hr = this.heartRate1s();
    const rng = this.rng('rr');
    const limit = this.subject.durationSec * 1000;
    const raw: number[] = [];
    const artefact: number[] = [];
    for (let t = 0; ; ) {
      const bpm = hr[Math.min(hr.length - 1, Math.floor(t / 1000))] ?? 60;
      const missed = rng.chance(0.004);
      const interval = Math.round((60000 / bpm) * (1 + rng.gauss() * 0.02) * (missed ? 2 : 1));
      if (t + interval > limit) break;
      raw.push(interval);
      artefact.push(missed ? 1 : 0);
      t += interval;
    }
    this.beats = { raw: Uint16Array.from(raw), artefact: Uint8Array.from(artefact) };
    return this.beats;
  }

  /** Artefacts split into two beats, so the vector is a little longer yet spans the same time. */
  private correctedRr(): Float64Array {
    const { raw, artefact } = this.rr();
    const out: number[] = [];
    raw.forEach((v, i) => {
      if (artefact[i]) out.push(Math.floor(v / 2), v - Math.floor(v / 2));
      else out.push(v);
    });
    return Float64Array.from(out);
  }

  /** Share of beats treated as artefacts within [t0, t1) seconds, in %. */
  artefactShare(t0: number, t1: number): number {
    const { raw, artefact } = this.rr();
    let at = 0;
    let n = 0;
    let bad = 0;
    for (let i = 0; i < raw.length; i++) {
      if (at >= t0 * 1000 && at < t1 * 1000) {
        n++;
        bad += artefact[i] as number;
      }
      at += raw[i] as number;
    }
    return n === 0 ? 0 : (bad / n) * 100;
  }
}

/**
 * Cut a series to the window [t0, t1) seconds from the measurement start. A regular sample i stands
 * for time i·period; an RR interval for the time its beat starts. Adjacent windows therefore
 * partition the series exactly.
 */
export function sliceSeries(
  values: Float64Array,
  periodSec: number | undefined,
  t0: number,
  t1: number,
): Float64Array {
  if (periodSec !== undefined) {
    return values.subarray(Math.ceil(t0 / periodSec), Math.min(values.length, Math.ceil(t1 / periodSec)));
  }
  let at = 0;
  let from = values.length;
  let to = values.length;
  for (let i = 0; i < values.length; i++) {
    if (from === values.length && at >= t0 * 1000) from = i;
    if (at >= t1 * 1000) {
      to = i;
      break;
    }
    at += values[i] as number;
  }
  return values.subarray(from, Math.max(from, to));
}
