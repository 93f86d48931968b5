import { ApiError, enc, getStream, withQuery } from '../api';
import { h, notice, show } from '../dom';
import { canStreamToFile, filenameOf, saveResponse } from '../download';
import { addLocalDays, localDayStart, num } from '../format';
import type { PageContext } from '../router';
import { accounts, athleteName, athletes, teams } from '../state';

const FORMATS = [
  ['csv', 'CSV'],
  ['ndjson', 'NDJSON (one JSON object a line)'],
  ['parquet', 'Parquet'],
] as const;
const LAYOUTS = [
  ['long', 'Long: a row per sample'],
  ['wide', 'Wide: a row per timestamp, a column per variable'],
  ['summary', 'Summary: a row per measurement or lap, scalars only'],
] as const;

/** Export: format, layout and filters; the file streams from the API with the token in a header. */
export async function renderExport({ main, query, signal }: PageContext) {
  const list = await accounts();
  const accountId = query.get('accountId') ?? list[0]?.accountId;
  if (!accountId) {
    show(main, h('h1', null, 'Export'), notice('info', 'This token covers no account.'));
    return;
  }
  const [teamList, roster] = await Promise.all([teams(accountId), athletes(accountId)]);
  const radios = (name: string, options: readonly (readonly [string, string])[], checked: string) =>
    h(
      'fieldset',
      null,
      h('legend', null, name === 'format' ? 'Format' : 'Layout'),
      options.map(([value, label]) =>
        h(
          'label',
          { class: 'choice' },
          h('input', { type: 'radio', name, value, checked: value === checked }),
          ` ${label}`,
        ),
      ),
    );
  const account = h(
    'select',
    {
      id: 'account',
      onchange: (e: Event) => {
        history.replaceState(
          null,
          '',
          withQuery('/export', { accountId: (e.target as HTMLSelectElement).value }),
        );
        window.dispatchEvent(new Event('dashboard:navigate'));
      },
    },
    list.map((a) =>
      h(
        'option',
        { value: a.accountId, selected: a.accountId === accountId },
        a.name ? `${a.name} (${a.accountId})` : a.accountId,
      ),
    ),
  );
  const team = h(
    'select',
    { id: 'team' },
    h('option', { value: '' }, 'Every team'),
    teamList.map((t) => h('option', { value: t.teamId }, t.name ?? `Team ${t.teamId}`)),
  );
  const athlete = h(
    'select',
    { id: 'athlete' },
    h('option', { value: '' }, 'Every athlete'),
    roster.map((a) => h('option', { value: a.athleteId }, athleteName(a, a.athleteId))),
  );
  const from = h('input', { id: 'from', type: 'date' });
  const to = h('input', { id: 'to', type: 'date' });
  const variables = h('input', {
    id: 'variables',
    type: 'text',
    placeholder: 'e.g. heartRateSeries,trimp',
    'aria-describedby': 'variables-help',
  });
  const laps = h('input', { id: 'laps', type: 'checkbox' });
  const toFile = h('input', { id: 'to-file', type: 'checkbox', disabled: !canStreamToFile() });
  const status = h('div', { 'aria-live': 'polite', 'data-testid': 'export-status' });
  let running: AbortController | undefined;
  const cancel = h('button', { type: 'button', disabled: true, onclick: () => running?.abort() }, 'Cancel');

  const form = h(
    'form',
    {
      class: 'export',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const format = String(data.get('format'));
        const layout = String(data.get('layout'));
        const url = withQuery(`/api/accounts/${enc(accountId)}/export`, {
          format,
          layout,
          teamId: team.value || undefined,
          athleteId: athlete.value || undefined,
          from: from.value ? localDayStart(from.value) : undefined,
          to: to.value ? localDayStart(addLocalDays(to.value, 1)) : undefined,
          variables: variables.value.replace(/\s+/g, '') || undefined,
          laps: laps.checked || undefined,
        });
        running = new AbortController();
        const stop = running;
        signal.addEventListener('abort', () => stop.abort());
        cancel.disabled = false;
        show(status, notice('info', 'Starting the export…'));
        try {
          const response = await getStream(url, stop.signal);
          const name = filenameOf(response, `sportscloud-${accountId}-${layout}.${format}`);
          const bytes = await saveResponse(response, name, {
            toFile: toFile.checked,
            signal: stop.signal,
            onBytes: (n) => show(status, notice('info', `Receiving ${name}: ${num(n / 1024, 0)} KB…`)),
          });
          show(status, notice('info', `Saved ${name} (${num(bytes)} bytes).`));
        } catch (error) {
          show(
            status,
            notice(
              'error',
              stop.signal.aborted
                ? 'Export cancelled.'
                : error instanceof ApiError && error.status === 403
                  ? `Not allowed: ${error.message} (a token with the export scope is needed).`
                  : `Export failed: ${(error as Error).message}`,
            ),
          );
        } finally {
          cancel.disabled = true;
        }
      },
    },
    h('label', { for: 'account' }, 'Account'),
    account,
    radios('format', FORMATS, 'csv'),
    radios('layout', LAYOUTS, 'long'),
    h('label', { for: 'team' }, 'Team'),
    team,
    h('label', { for: 'athlete' }, 'Athlete'),
    athlete,
    h('label', { for: 'from' }, 'From (local date)'),
    from,
    h('label', { for: 'to' }, 'To (local date, inclusive)'),
    to,
    h('label', { for: 'variables' }, 'Variables'),
    variables,
    h(
      'p',
      { id: 'variables-help', class: 'help' },
      'Comma-separated names as the API spells them; empty for every stored variable.',
    ),
    h('label', { class: 'choice' }, laps, ' Include laps'),
    h(
      'label',
      { class: 'choice' },
      toFile,
      ' Stream straight to a file I choose (Chromium; constant memory)',
    ),
    h(
      'p',
      { class: 'help' },
      'Without that option the export is collected in memory and then saved: simplest, but a very large long-layout export needs as much memory as its size.',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Download'), ' ', cancel),
    status,
  );
  show(main, h('h1', null, 'Export'), form);
}
