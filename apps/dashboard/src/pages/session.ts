import type uPlot from 'uplot';
import { enc, getJson } from '../api';
import type { Trace } from '../charts/align';
import { drawHeartRate } from '../charts/hr-chart';
import { h, notice, show, table } from '../dom';
import { duration, localDateTime, num, offsetMinutes } from '../format';
import type { PageContext } from '../router';
import { athleteName, athletes } from '../state';
import type { HeartRate, Lap, Results, Scalar, Session } from '../types';
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

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const scalar = (list: Scalar[] | undefined, name: string) => list?.find((s) => s.name === name)?.value;

/** Session: heart-rate curves of every athlete, TRIMP and EPOC per athlete, time in zones, laps. */
export async function renderSession({ main, params, signal }: PageContext) {
  const accountId = params.accountId!;
  const base = `/api/accounts/${enc(accountId)}/sessions/${enc(params.sessionId!)}`;
  // The curves first; the scalars (the tables) are asked for once the chart is drawn.
  const [series, session, laps, roster] = await Promise.all([
    getJson<HeartRate>(`${base}/heart-rate`, { signal }),
    getJson<Session>(base, { signal }),
    getJson<{ items: Lap[] }>(`${base}/laps`, { signal }),
    athletes(accountId),
  ]);
  performance.mark('session data');
  const byId = new Map(roster.map((a) => [a.athleteId, a]));
  const name = (id: number) => athleteName(byId.get(id), id);
  const offset =
    offsetMinutes(session.startTimeLocal) ??
    -new Date(Date.parse(session.startTime ?? '')).getTimezoneOffset();
  const state = series.results.state;
  const traces: Trace[] =
    state === 'done'
      ? series.athletes.map((a) => ({
          label: name(a.athleteId),
          startMs: Date.parse(a.startTime),
          periodMs: a.periodMs,
          values: a.uint8 !== undefined ? fromBase64(a.uint8) : (a.values ?? []),
        }))
      : [];

  let chart: uPlot | undefined;
  const chartBox = h('div', { class: 'chart', id: 'hr-chart' });
  const chartSection = h('section', { 'aria-labelledby': 'hr' }, h('h2', { id: 'hr' }, 'Heart rate'));
  if (state === 'failed') {
    chartSection.append(
      notice(
        'error',
        `Analysis failed: the API answered 204 for this session (no athlete's measurement could be analysed), so there is no curve to draw.${series.results.error ? ` ${series.results.error}` : ''}`,
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
  const analysed = h('span', null, '…');
  const perAthlete = h(
    'section',
    { 'aria-labelledby': 'load' },
    h('h2', { id: 'load' }, 'TRIMP and EPOC per athlete'),
  );
  const zones = h(
    'section',
    { 'aria-labelledby': 'zones' },
    h('h2', { id: 'zones' }, 'Time in heart-rate zones'),
  );
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
      h('dd', null, `${session.athleteIds.length} (`, analysed, ' analysed)'),
      h('dt', null, 'Results'),
      h('dd', { 'data-testid': 'results-state' }, resultsLabel(state)),
    ),
    chartSection,
    perAthlete,
    zones,
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

  const scalars = await getJson<Results>(`${base}/results?series=false&variables=${SCALARS.join(',')}`, {
    signal,
  });
  const scalarsOf = new Map(scalars.records.map((r) => [r.athleteId, r.scalars]));
  const ids = [...new Set([...session.athleteIds, ...scalars.records.map((r) => r.athleteId)])];
  analysed.textContent = String(scalars.records.length);
  perAthlete.append(
    table(
      'TRIMP is an index (no unit); EPOC in ml/kg; heart rate in beats per minute',
      ['Athlete', 'TRIMP', 'EPOC peak', 'EPOC at end', 'Average HR', 'Peak HR'],
      ids.map((id) => {
        const s = scalarsOf.get(id);
        return [
          name(id),
          s ? num(scalar(s, 'trimp'), 1) : state === 'done' ? 'analysis failed' : '—',
          s ? num(scalar(s, 'epocPeak'), 1, 'ml/kg') : '—',
          s ? num(scalar(s, 'epocFinal'), 1, 'ml/kg') : '—',
          s ? num(scalar(s, 'heartRateAverage'), 0, 'bpm') : '—',
          s ? num(scalar(s, 'heartRatePeak'), 0, 'bpm') : '—',
        ];
      }),
      'per-athlete',
    ),
  );
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
  zones.append(
    zoneRows.length
      ? table(
          'Minutes per zone; zone 1 is the hardest, as the API numbers them',
          ['Athlete', ...ZONES.map(([, l]) => l), 'Share'],
          zoneRows,
          'zones',
        )
      : h('p', null, 'No zone times (no athlete was analysed).'),
  );
}
