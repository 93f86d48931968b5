import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { utcOffsetLabel } from '../format';
import { alignTraces, type Trace } from './align';

export interface LapMark {
  name: string;
  startMs: number;
  endMs?: number;
}

export function colour(i: number, n: number) {
  return `hsl(${Math.round((i * 360) / Math.max(n, 1))} 70% 38%)`;
}

/** A Date whose local fields read the wall clock at `offsetMinutes`: uPlot formats with local getters. */
function atOffset(offsetMinutes: number) {
  return (seconds: number) => {
    const d = new Date(seconds * 1000);
    return new Date(d.getTime() + (offsetMinutes + d.getTimezoneOffset()) * 60_000);
  };
}

/**
 * Heart-rate curves of every athlete on one time axis, in the session's local time: drag to zoom,
 * double-click to reset, hover for every athlete's value. Laps are shaded and named.
 * The container gets `data-points` (samples drawn) and `data-drawn-at` (ms since navigation start).
 */
export function drawHeartRate(
  container: HTMLElement,
  traces: readonly Trace[],
  laps: readonly LapMark[],
  offsetMinutes: number,
): uPlot {
  performance.mark('chart: aligning');
  const { x, ys, points } = alignTraces(traces);
  performance.mark('chart: aligned');
  const tzDate = atOffset(offsetMinutes);
  const lapHook = (u: uPlot) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
    laps.forEach((lap, i) => {
      const x0 = u.valToPos(lap.startMs / 1000, 'x', true);
      const x1 = lap.endMs ? u.valToPos(lap.endMs / 1000, 'x', true) : x0;
      const left = Math.max(bbox.left, x0);
      const right = Math.min(bbox.left + bbox.width, x1);
      if (right < bbox.left || left > bbox.left + bbox.width) return;
      ctx.fillStyle = i % 2 ? 'rgba(0, 90, 160, 0.08)' : 'rgba(0, 90, 160, 0.14)';
      ctx.fillRect(left, bbox.top, Math.max(right - left, 1), bbox.height);
      ctx.fillStyle = '#123';
      ctx.fillRect(left, bbox.top, Math.max(devicePixelRatio, 1), bbox.height);
      ctx.fillText(lap.name, left + 4 * devicePixelRatio, bbox.top + 12 * devicePixelRatio);
    });
    ctx.restore();
  };
  container.dataset.points = String(points);
  container.dataset.series = String(traces.length);
  let drawn = false;
  const chart = new uPlot(
    {
      width: Math.max(container.clientWidth, 320),
      height: 420,
      tzDate,
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false, setScale: true } },
      legend: { live: true },
      series: [
        { label: `Time (${utcOffsetLabel(offsetMinutes)})` },
        ...traces.map((t, i) => ({
          label: t.label,
          stroke: colour(i, traces.length),
          width: 1,
          spanGaps: false,
          points: { show: false },
          value: (_: uPlot, v: number | null) => (v === null || v === undefined ? '—' : `${v} bpm`),
        })),
      ],
      axes: [
        { label: `Local time of the session (${utcOffsetLabel(offsetMinutes)})` },
        { label: 'Heart rate (bpm = min⁻¹)' },
      ],
      hooks: {
        // The visible time range, for tests and for whoever reads the DOM.
        setScale: [
          (u, key) => {
            if (key === 'x') container.dataset.xRange = `${u.scales.x!.min}-${u.scales.x!.max}`;
          },
        ],
        draw: [
          (u) => {
            lapHook(u);
            if (!drawn) {
              drawn = true;
              container.dataset.drawnAt = String(Math.round(performance.now()));
            }
          },
        ],
      },
    },
    [x, ...ys] as uPlot.AlignedData,
    container,
  );
  return chart;
}
