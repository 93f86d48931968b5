import { enc, getJson, withQuery } from '../api';
import { h, notice, show, table } from '../dom';
import { addLocalDays, localDayStart, localParts, num } from '../format';
import { navigate, type PageContext } from '../router';
import { teams } from '../state';
import type { Page, SessionLoad } from '../types';

export function resultsLabel(state: string | undefined): string {
  switch (state) {
    case 'done':
      return 'analysed';
    case 'failed':
      return 'analysis failed (204)';
    case 'pending':
      return 'waiting (202 or not fetched yet)';
    case 'error':
      return 'error (see Sync)';
    default:
      return state ?? '—';
  }
}

/** Team → sessions: local date, type, athletes, average TRIMP; filtered by team and dates. */
export async function renderTeam({ main, params, query, signal }: PageContext) {
  const accountId = params.accountId!;
  const teamList = (await teams(accountId)).filter((t) => t.parentTeamId === undefined);
  const teamId = query.get('teamId') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';

  const teamSelect = h(
    'select',
    { id: 'team', name: 'teamId' },
    h('option', { value: '' }, 'All teams'),
    teamList.map((t) =>
      h('option', { value: t.teamId, selected: String(t.teamId) === teamId }, t.name ?? `Team ${t.teamId}`),
    ),
  );
  const fromInput = h('input', { id: 'from', name: 'from', type: 'date', value: from });
  const toInput = h('input', { id: 'to', name: 'to', type: 'date', value: to });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        navigate(
          withQuery(`/accounts/${enc(accountId)}/sessions`, {
            teamId: teamSelect.value,
            from: fromInput.value,
            to: toInput.value,
          }),
        );
      },
    },
    h('label', { for: 'team' }, 'Team'),
    teamSelect,
    h('label', { for: 'from' }, 'From (local date)'),
    fromInput,
    h('label', { for: 'to' }, 'To (local date, inclusive)'),
    toInput,
    h('button', { type: 'submit' }, 'Filter'),
  );
  const body = h('div', { 'aria-live': 'polite' });
  show(main, h('h1', null, 'Sessions'), form, body);

  const rows: SessionLoad[] = [];
  const load = async (cursor?: string) => {
    const page = await getJson<Page<SessionLoad>>(
      withQuery(`/api/accounts/${enc(accountId)}/session-load`, {
        teamId: teamId || undefined,
        from: from ? localDayStart(from) : undefined,
        to: to ? localDayStart(addLocalDays(to, 1)) : undefined,
        limit: 200,
        cursor,
      }),
      { signal },
    );
    rows.push(...page.items);
    const names = new Map(teamList.map((t) => [t.teamId, t.name ?? `Team ${t.teamId}`]));
    show(
      body,
      rows.length === 0
        ? notice('info', 'No session in this range.')
        : table(
            `${rows.length} sessions, oldest first. Date and time are local where the session took place.`,
            ['Date', 'Time', 'Type', 'Team', 'Athletes', 'Average TRIMP', 'Results'],
            rows.map((s) => {
              const p = localParts(s.startTime, s.startTimeLocal);
              return [
                h(
                  'a',
                  { href: `/accounts/${enc(accountId)}/sessions/${s.sessionId}`, 'data-link': true },
                  p.date,
                ),
                `${p.time} (${p.zone})`,
                [s.sessionType, s.sportsType].filter(Boolean).join(' · ') || '—',
                names.get(s.teamId) ?? `Team ${s.teamId}`,
                num(s.athleteCount),
                s.averageTrimp === null
                  ? 'no TRIMP (not analysed)'
                  : `${num(s.averageTrimp, 1)}${s.analysedCount < s.athleteCount ? ` (${s.analysedCount} of ${s.athleteCount} analysed)` : ''}`,
                resultsLabel(s.results?.state),
              ];
            }),
            'sessions',
          ),
      page.nextCursor
        ? h('button', { type: 'button', onclick: () => void load(page.nextCursor) }, 'Show more sessions')
        : null,
    );
  };
  await load();
}
