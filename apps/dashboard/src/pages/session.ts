import type uPlot from 'uplot';
import { enc, getJson } from '../api';
import type { Trace } from '../charts/align';
import { periodOf } from '../charts/align';
import { drawHeartRate } from '../charts/hr-chart';
import { h, notice, show, table } from '../dom';
import { duration, localDateTime, num, offsetMinutes } from '../format';
import type { PageContext } from '../router';
import { athleteName, athletes } from '../state';
import type { Lap, ResultRecord, Results, Scalar, Session } from '../types';
import { resultsLabel } from './team';

const ZONES = [
  ['zone1Time', 'Zone 1 (hardest)'],
  ['zone2Time', 'Zone 2'],
  ['zone3Time', 'Zone 3'],
  ['zone4Time', 'Zone 4'],
  ['zone5Time', 'Zone 5 (easiest)'],
  ['underZonesTime', 'Under the zones'],
] as const;
const SCALARS = [
  'trimp',
  'epocPeak',
  'epocFinal',
  'heartRateAverage',
  'heartRatePeak',
  ...ZONES.map(([n]) => n),
];
/** 1 Hz when stored (by name only), else the default 0.2 Hz series. */
const HR_SERIES = ['heartRateSeries1s', 'heartRateSeries'];

const scalar = (list: Scalar[] | undefined, name: string) => list?.find((s) => s.name === name)?.value;

/** Session: heart-rate curves of every athlete, TRIMP and EPOC per athlete, time in zones, laps. */
export async function renderSession({ main, params, signal }: PageContext) {
  const accountId = params.accountId!;
  const base = `/api/accounts/${enc(accountId)}/sessions/${enc(params.sessionId!)}`;
  const [session, laps, roster, scalars, series] = await Promise.all([
    getJson<Session>(base, { signal }),
    getJson<{ items: Lap[] }>(`${base}/laps`, { signal }),
    athletes(accountId),
    getJson<Results>(`${base}/results?series=false&variables=${SCALARS.join(',')}`, { signal }),
    getJson<Results>(`${base}/results?variables=${HR_SERIES.join(',')}`, { signal }),
  ]);
  const byId = new Map(roster.map((a) => [a.athleteId, a]));
  const name = (id: number) => athleteName(byId.get(id), id);
  const offset =
    offsetMinutes(session.startTimeLocal) ??
    -new Date(Date.parse(session.startTime ?? '')).getTimezoneOffset();
  const state = scalars.results.state;

  const scalarsOf = new Map(scalars.records.map((r) => [r.athleteId, r.scalars]));
  const ids = [...new Set([...session.athleteIds, ...scalars.records.map((r) => r.athleteId)])];

  const chartBox = h('div', { class: 'chart', id: 'hr-chart' });
  const chartSection = h('section', { 'aria-labelledby': 'hr' }, h('h2', { id: 'hr' }, 'Heart rate'));
  const traces = state === 'done' ? tracesOf(series.records, name) : [];
  if (state === 'failed') {
    chartSection.append(
      notice(
        'error',
        `Analysis failed: the API answered 204 for this session (no athlete's measurement could be analysed), so there is no curve to draw.${scalars.results.error ? ` ${scalars.results.error}` : ''}`,
      ),
    );
  } else if (state !== 'done') {
    chartSection.append(
      notice('warn', `No results yet: ${resultsLabel(state)}. The sync fetches them on a later run.`),
    );
  } else if (traces.length === 0) {
    chartSection.append(notice('warn', 'No heart-rate series was stored for this session.'));
  } else {
    chartSection.append(
      h(
        'p',
        { class: 'help' },
        `${traces.length} athletes, ${traces[0]!.periodMs === 1000 ? '1 Hz' : `one sample every ${traces[0]!.periodMs / 1000} s`}. Drag across the chart to zoom, double-click to zoom out; hover for every athlete's value. Gaps are samples with no heart rate.`,
      ),
      chartBox,
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            chart?.setScale('x', { min: chart.data[0][0]!, max: chart.data[0][chart.data[0].length - 1]! }),
        },
        'Reset zoom',
      ),
    );
  }

  const rows = ids.map((id) => {
    const s = scalarsOf.get(id);
    return [
      name(id),
      s ? num(scalar(s, 'trimp'), 1) : state === 'done' ? 'analysis failed' : '—',
      s ? num(scalar(s, 'epocPeak'), 1, 'ml/kg') : '—',
      s ? num(scalar(s, 'epocFinal'), 1, 'ml/kg') : '—',
      s ? num(scalar(s, 'heartRateAverage'), 0, 'bpm') : '—',
      s ? num(scalar(s, 'heartRatePeak'), 0, 'bpm') : '—',
    ];
  });
  const zoneRows = ids
    .filter((id) => scalarsOf.has(id))
    .map((id) => {
      const s = scalarsOf.get(id);
      const minutes = ZONES.map(([n]) => scalar(s, n));
      const total = minutes.reduce<number>((a, b) => a + (b ?? 0), 0);
      const bar = h(
        'div',
        { class: 'zone-bar', role: 'img', 'aria-label': `Time in zones of ${name(id)}` },
        minutes.map((m, i) => {
          const seg = h('span', { class: `zone z${i + 1}`, title: `${ZONES[i]![1]}: ${num(m, 1)} min` });
          seg.style.width = `${total > 0 ? ((m ?? 0) / total) * 100 : 0}%`;
          return seg;
        }),
      );
      return [name(id), ...minutes.map((m) => num(m, 1)), bar];
    });

  let chart: uPlot | undefined;
  show(
    main,
    h(
      'h1',
      null,
      `${session.sessionType ?? 'Session'} · ${localDateTime(session.startTime, session.startTimeLocal)}`,
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Local time'),
      h(
        'dd',
        null,
        `${localDateTime(session.startTime, session.startTimeLocal)}, ${duration(session.startTime, session.endTime)}`,
      ),
      h('dt', null, 'Sport'),
      h('dd', null, [session.sportsType, session.eventType].filter(Boolean).join(' · ') || '—'),
      h('dt', null, 'Athletes'),
      h('dd', null, `${session.athleteIds.length} (${scalars.records.length} analysed)`),
      h('dt', null, 'Results'),
      h('dd', { 'data-testid': 'results-state' }, resultsLabel(state)),
    ),
    chartSection,
    h(
      'section',
      { 'aria-labelledby': 'load' },
      h('h2', { id: 'load' }, 'TRIMP and EPOC per athlete'),
      table(
        'TRIMP is an index (no unit); EPOC in ml/kg; heart rate in beats per minute',
        ['Athlete', 'TRIMP', 'EPOC peak', 'EPOC at end', 'Average HR', 'Peak HR'],
        rows,
        'per-athlete',
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'zones' },
      h('h2', { id: 'zones' }, 'Time in heart-rate zones'),
      zoneRows.length
        ? table(
            'Minutes per zone; zone 1 is the hardest, as the API numbers them',
            ['Athlete', ...ZONES.map(([, l]) => l), 'Share'],
            zoneRows,
            'zones',
          )
        : h('p', null, 'No zone times (no athlete was analysed).'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'laps' },
      h('h2', { id: 'laps' }, 'Laps'),
      laps.items.length
        ? table(
            'Laps, shaded on the chart',
            ['Lap', 'Start', 'Duration'],
            laps.items.map((l) => [
              l.name ?? `Lap ${l.lapId}`,
              localDateTime(l.startTime, session.startTimeLocal),
              duration(l.startTime, l.endTime),
            ]),
            'laps',
          )
        : h('p', null, 'This session has no laps.'),
    ),
  );
  if (traces.length > 0) {
    chart = drawHeartRate(
      chartBox,
      traces,
      laps.items
        .filter((l) => l.startTime)
        .map((l) => ({
          name: l.name ?? `Lap ${l.lapId}`,
          startMs: Date.parse(l.startTime!),
          ...(l.endTime ? { endMs: Date.parse(l.endTime) } : {}),
        })),
      offset,
    );
    const resize = () => chart?.setSize({ width: Math.max(chartBox.clientWidth, 320), height: 420 });
    window.addEventListener('resize', resize);
    signal.addEventListener('abort', () => {
      window.removeEventListener('resize', resize);
      chart?.destroy();
    });
  }
}

/** One trace per athlete: the 1 Hz series when every athlete has it, else the 0.2 Hz one. */
function tracesOf(records: ResultRecord[], name: (id: number) => string): Trace[] {
  const own = records.filter((r) => r.series?.length);
  const pick = HR_SERIES.find((n) => own.length > 0 && own.every((r) => r.series!.some((s) => s.name === n)));
  if (!pick) return [];
  return own
    .map((r): Trace | undefined => {
      const s = r.series!.find((x) => x.name === pick)!;
      const periodMs = periodOf(s.samplingRate, s.timestamps);
      if (!periodMs || s.timestamps.length === 0) return undefined;
      return { label: name(r.athleteId), startMs: s.timestamps[0]!, periodMs, values: s.values };
    })
    .filter((t): t is Trace => t !== undefined);
}
