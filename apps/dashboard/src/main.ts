import './style.css';
import { ApiError, auth, getJson } from './api';
import { h, notice, show } from './dom';
import { renderAthlete, renderAthletes } from './pages/athlete';
import { renderExport } from './pages/export';
import { renderSession } from './pages/session';
import { renderSync } from './pages/sync';
import { renderTeam } from './pages/team';
import { match, navigate, type PageContext, route } from './router';
import { accounts, resetAccounts } from './state';
import type { Account } from './types';

const header = document.getElementById('top')!;
const main = document.getElementById('main')!;

const routes = [
  route('/sync', renderSync),
  route('/accounts/:accountId/sessions', renderTeam),
  route('/accounts/:accountId/sessions/:sessionId', renderSession),
  route('/accounts/:accountId/athletes', renderAthletes),
  route('/accounts/:accountId/athletes/:athleteId', renderAthlete),
  route('/export', renderExport),
];

let leaving: AbortController | undefined;

function signIn(message?: string) {
  header.replaceChildren(h('h1', null, 'Sports Cloud dashboard'));
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'token-help',
  });
  const status = h('div', { 'aria-live': 'polite' }, message ? notice('warn', message) : null);
  // The input has no name: even without this script, a submit could not put the token in a URL.
  const form = h(
    'form',
    {
      class: 'sign-in',
      method: 'post',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        show(status, notice('info', 'Checking the token…'));
        try {
          await getJson<{ items: Account[] }>('/api/accounts', { token });
          auth.set(token);
          input.value = '';
          resetAccounts();
          render();
        } catch (error) {
          show(
            status,
            notice(
              'error',
              error instanceof ApiError && error.status === 401
                ? 'The service refused this token (unknown or revoked).'
                : `Sign-in failed: ${(error as Error).message}`,
            ),
          );
        }
      },
    },
    h('h2', null, 'Sign in'),
    h('label', { for: 'token' }, 'Service token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'help' },
      'A token from `token create` (or the admin token `npm start` prints). It is kept in this tab only and sent only in the Authorization header.',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  show(main, form);
  input.focus();
}

function navigation(list: Account[], current?: string) {
  const account = current ?? list[0]?.accountId;
  const link = (href: string, text: string) =>
    h(
      'a',
      {
        href,
        'data-link': true,
        ...(location.pathname === href || (href !== '/sync' && location.pathname.startsWith(href))
          ? { 'aria-current': 'page' }
          : {}),
      },
      text,
    );
  const accountPicker =
    list.length > 1
      ? h(
          'label',
          { class: 'account' },
          'Account ',
          h(
            'select',
            {
              onchange: (e: Event) => {
                const id = (e.target as HTMLSelectElement).value;
                const rest = location.pathname.replace(/^\/accounts\/[^/]+/, '').split('/')[1] ?? 'sessions';
                navigate(
                  `/accounts/${encodeURIComponent(id)}/${rest === 'athletes' ? 'athletes' : 'sessions'}`,
                );
              },
            },
            list.map((a) =>
              h(
                'option',
                { value: a.accountId, selected: a.accountId === account },
                a.name ? `${a.name} (${a.accountId})` : a.accountId,
              ),
            ),
          ),
        )
      : null;
  show(
    header,
    h('p', { class: 'brand' }, 'Sports Cloud'),
    h(
      'nav',
      { 'aria-label': 'Pages' },
      link('/sync', 'Sync'),
      account ? link(`/accounts/${encodeURIComponent(account)}/sessions`, 'Sessions') : null,
      account ? link(`/accounts/${encodeURIComponent(account)}/athletes`, 'Athletes') : null,
      link('/export', 'Export'),
    ),
    accountPicker,
    h(
      'button',
      {
        type: 'button',
        class: 'sign-out',
        onclick: () => {
          auth.clear();
          resetAccounts();
          navigate('/sync');
        },
      },
      'Sign out',
    ),
  );
}

async function render() {
  leaving?.abort();
  leaving = new AbortController();
  if (!auth.token) return signIn();
  if (location.pathname === '/' || location.pathname === '') return navigate('/sync', true);
  const found = match(routes, location.pathname);
  if (!found) {
    show(
      main,
      h('h1', null, 'Not found'),
      notice('warn', 'There is no such page. Use the navigation above.'),
    );
    return;
  }
  const context: PageContext = {
    main,
    params: found.params,
    query: new URLSearchParams(location.search),
    signal: leaving.signal,
  };
  main.replaceChildren(notice('info', 'Loading…'));
  // The navigation needs the account list; it is fetched after the page's own requests, which the
  // service (one embedded database) would otherwise serve later.
  const showNavigation = () =>
    accounts().then(
      (items) => navigation(items, found.params.accountId),
      () => {},
    );
  try {
    await found.route.render(context);
    await showNavigation();
  } catch (error) {
    void showNavigation();
    if (context.signal.aborted) return;
    if (error instanceof ApiError && error.status === 401) return;
    show(
      main,
      h('h1', null, 'Cannot show this page'),
      notice(
        'error',
        error instanceof ApiError && error.status === 403
          ? `Not allowed: ${error.message}.`
          : error instanceof ApiError && error.status === 404
            ? `Not found: ${error.message}.`
            : `Error: ${(error as Error).message}`,
      ),
    );
  }
}

auth.onUnauthorized(() => {
  auth.clear();
  resetAccounts();
  signIn('The service refused the token (revoked, or from another service). Sign in again.');
});

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href')!);
});
window.addEventListener('popstate', () => void render());
window.addEventListener('dashboard:navigate', () => void render());
void render();
