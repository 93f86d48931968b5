/** One athlete's regular series: first sample time, sample period, values. */
export interface Trace {
  label: string;
  startMs: number;
  periodMs: number;
  values: ArrayLike<number>;
}

export interface Aligned {
  /** Seconds since the epoch (uPlot's time unit), one per grid slot. */
  x: Float64Array;
  /** One array per trace, null where the athlete has no sample (before, after, or not recorded). */
  ys: (number | null)[][];
  /** Samples that will be drawn (non-null values). */
  points: number;
}

/**
 * Puts traces of one sampling period on one time grid starting at the earliest sample, so uPlot
 * draws them on a shared axis. A sample lands in the nearest slot (at most half a period off).
 * Heart rate 0 means "no beat detected": a gap, not a value.
 */
export function alignTraces(traces: readonly Trace[]): Aligned {
  if (traces.length === 0) return { x: new Float64Array(0), ys: [], points: 0 };
  const period = traces[0]!.periodMs;
  const t0 = Math.min(...traces.map((t) => t.startMs));
  const offsets = traces.map((t) => Math.round((t.startMs - t0) / period));
  const length = Math.max(...traces.map((t, i) => offsets[i]! + t.values.length));
  const x = new Float64Array(length);
  for (let k = 0; k < length; k++) x[k] = (t0 + k * period) / 1000;
  let points = 0;
  const ys = traces.map((t, i) => {
    // Built by push, number by number: V8 keeps such arrays packed, which uPlot's loops read fastest.
    const y: (number | null)[] = [];
    const offset = offsets[i]!;
    const values = t.values;
    for (let k = 0; k < offset; k++) y.push(null);
    for (let j = 0; j < values.length; j++) {
      const v = values[j]!;
      if (v > 0) {
        y.push(v);
        points++;
      } else y.push(null);
    }
    while (y.length < length) y.push(null);
    return y;
  });
  return { x, ys, points };
}
