import { enc, getJson, withQuery } from '../api';
import { drawLoad } from '../charts/load-chart';
import { h, notice, show, table } from '../dom';
import { duration, localParts, num } from '../format';
import type { PageContext } from '../router';
import { athleteName, athletes } from '../state';
import type { AthleteLoad, Measurement, Page } from '../types';
import { resultsLabel } from './team';

/** Athletes of the account, each linking to its load page. */
export async function renderAthletes({ main, params }: PageContext) {
  const accountId = params.accountId!;
  const list = await athletes(accountId);
  show(
    main,
    h('h1', null, 'Athletes'),
    list.length === 0
      ? notice('info', 'No athlete in this account.')
      : h(
          'ul',
          { class: 'athletes' },
          list.map((a) =>
            h(
              'li',
              null,
              h(
                'a',
                { href: `/accounts/${enc(accountId)}/athletes/${a.athleteId}`, 'data-link': true },
                athleteName(a, a.athleteId),
              ),
            ),
          ),
        ),
  );
}

/** Athlete: daily TRIMP with 7-day acute against 28-day chronic load, and the measurements. */
export async function renderAthlete({ main, params, query, signal }: PageContext) {
  const accountId = params.accountId!;
  const athleteId = params.athleteId!;
  const base = `/api/accounts/${enc(accountId)}`;
  const [roster, load, measurements] = await Promise.all([
    athletes(accountId),
    getJson<AthleteLoad>(
      withQuery(`${base}/athletes/${enc(athleteId)}/load`, {
        from: query.get('from') ?? undefined,
        to: query.get('to') ?? undefined,
      }),
      { signal },
    ),
    getJson<Page<Measurement>>(`${base}/measurements?athleteId=${enc(athleteId)}&limit=1000`, { signal }),
  ]);
  const athlete = roster.find((a) => String(a.athleteId) === athleteId);
  const chartBox = h('div', { class: 'chart', id: 'load-chart' });
  const unanalysed = load.days.reduce((n, d) => n + d.unanalysed, 0);
  const latest = [...load.days].reverse().find((d) => d.acute !== null);
  const list = [...measurements.items].reverse();
  show(
    main,
    h('h1', null, athleteName(athlete, Number(athleteId))),
    h(
      'section',
      { 'aria-labelledby': 'load' },
      h('h2', { id: 'load' }, `Training load, ${load.from} to ${load.to}`),
      h(
        'p',
        { class: 'help' },
        'TRIMP is an index without a unit. Acute load: the TRIMP of the last 7 days; chronic load: the TRIMP of the last 28 days ÷ 4 (both per week). A line starts once 7 or 28 days of data exist.',
      ),
      latest
        ? h(
            'p',
            { 'data-testid': 'latest-load' },
            `On ${latest.date}: acute ${num(latest.acute, 1)}, chronic ${latest.chronic === null ? '— (less than 28 days of data)' : num(latest.chronic, 1)}${latest.chronic ? `, ratio ${num((latest.acute ?? 0) / latest.chronic, 2)}` : ''}.`,
          )
        : null,
      unanalysed > 0
        ? notice(
            'warn',
            `${unanalysed} measurements in this range have no analysis (failed with 204, or pending): their TRIMP is missing, not zero.`,
          )
        : null,
      chartBox,
    ),
    h(
      'section',
      { 'aria-labelledby': 'measurements' },
      h('h2', { id: 'measurements' }, 'Measurements'),
      list.length === 0
        ? h('p', null, 'No measurement.')
        : table(
            `${list.length} measurements, newest first; local time where they were recorded`,
            ['Date', 'Time', 'Type', 'Sport', 'Duration', 'Session', 'Results'],
            list.map((m) => {
              const p = localParts(m.startTime, m.startTimeLocal);
              return [
                p.date,
                `${p.time} (${p.zone})`,
                [m.measurementType, m.exerciseType].filter(Boolean).join(' · ') || '—',
                m.sportsType ?? '—',
                duration(m.startTime, m.endTime),
                m.sessionId
                  ? h(
                      'a',
                      { href: `/accounts/${enc(accountId)}/sessions/${m.sessionId}`, 'data-link': true },
                      `#${m.sessionId}`,
                    )
                  : '—',
                m.sessionId ? 'with the session' : resultsLabel(m.results?.state),
              ];
            }),
            'measurements',
          ),
    ),
  );
  const chart = drawLoad(chartBox, load.days);
  signal.addEventListener('abort', () => chart.destroy());
}
