import uPlot from 'uplot';
import type { LoadDay } from '../types';

/**
 * Daily TRIMP as bars (left axis) with the 7-day acute and 28-day chronic loads as lines (right
 * axis: both are weekly figures, TRIMP per 7 days). Days are the athlete's local dates.
 */
export function drawLoad(container: HTMLElement, days: readonly LoadDay[]): uPlot {
  const x = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');
  const bars = uPlot.paths.bars!({ size: [0.7, 24] });
  const ys = [
    days.map((d) => (d.analysed > 0 ? d.trimp : null)),
    days.map((d) => d.acute),
    days.map((d) => d.chronic),
  ];
  const data: uPlot.AlignedData = [x, ...ys];
  container.dataset.points = String(ys.reduce((n, s) => n + s.filter((v) => v !== null).length, 0));
  let drawn = false;
  return new uPlot(
    {
      width: Math.max(container.clientWidth, 320),
      height: 320,
      tzDate: utc,
      scales: { x: { time: true }, daily: { auto: true }, weekly: { auto: true } },
      series: [
        {
          label: 'Date',
          value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)),
        },
        {
          label: 'Daily TRIMP',
          scale: 'daily',
          fill: 'rgba(30, 100, 170, 0.45)',
          stroke: '#1e64aa',
          paths: bars,
          points: { show: false },
        },
        { label: 'Acute load (7-day TRIMP sum)', scale: 'weekly', stroke: '#b03a00', width: 2 },
        {
          label: 'Chronic load (28-day TRIMP sum ÷ 4)',
          scale: 'weekly',
          stroke: '#2d6a1f',
          width: 2,
          dash: [6, 4],
        },
      ],
      axes: [
        { label: 'Local date' },
        { scale: 'daily', label: 'Daily TRIMP' },
        { scale: 'weekly', side: 1, label: 'Load (TRIMP per 7 days)', grid: { show: false } },
      ],
      hooks: {
        draw: [
          () => {
            if (!drawn) {
              drawn = true;
              container.dataset.drawnAt = String(Math.round(performance.now()));
            }
          },
        ],
      },
    },
    data,
    container,
  );
}
