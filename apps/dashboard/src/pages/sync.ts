import { getJson } from '../api';
import { causeAndFix } from '../causes';
import { h, notice, show, table } from '../dom';
import { browserTime, num } from '../format';
import type { PageContext } from '../router';
import type { SyncStatus } from '../types';

const REFRESH_MS = 5000;

/** Sync: last and next run, progress, today's quota against the daily budget, 202s, errors. */
export async function renderSync({ main, signal }: PageContext) {
  const draw = (s: SyncStatus) => {
    const q = s.quota;
    const p = s.currentRun?.progress;
    const last = s.lastRun;
    show(
      main,
      h('h1', null, 'Sync'),
      s.demoData
        ? notice('warn', 'Demo data: the service syncs the built-in fake Sports Cloud, not a real consumer.')
        : null,
      h(
        'section',
        { 'aria-labelledby': 'runs' },
        h('h2', { id: 'runs' }, 'Runs'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, 'Last run'),
          h(
            'dd',
            { 'data-testid': 'last-run' },
            last
              ? `#${last.runId} ${last.state}, started ${browserTime(last.startedAt)}${last.finishedAt ? `, finished ${browserTime(last.finishedAt)}` : ''}, ${last.requests} API requests`
              : 'none yet',
          ),
          h('dt', null, 'Next run'),
          h(
            'dd',
            null,
            s.running
              ? 'running now'
              : s.nextRunAt
                ? `${browserTime(s.nextRunAt)} (every ${s.intervalMinutes} min)`
                : 'on demand only (scheduled runs are off)',
          ),
          h('dt', null, 'Progress'),
          h(
            'dd',
            null,
            s.running && p
              ? p.phase === 'lists'
                ? [
                    h('progress', {
                      max: Math.max(p.lists.total, p.lists.done, 1),
                      value: p.lists.done,
                      'aria-label': 'Lists synced',
                    }),
                    ` lists ${p.lists.done} of ${Math.max(p.lists.total, p.lists.done)}, ${p.requests} requests`,
                  ]
                : [
                    h('progress', {
                      max: Math.max(p.results.done + p.results.left, 1),
                      value: p.results.done,
                      'aria-label': 'Results fetched',
                    }),
                    ` results ${p.results.done} done, ${p.results.left} left, ${p.requests} requests`,
                  ]
              : s.running
                ? 'starting…'
                : last?.state === 'done'
                  ? 'idle: the last run finished everything it could'
                  : `idle${s.lastReport?.left ? `: ${s.lastReport.left} items left for a later run` : ''}`,
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'quota' },
        h('h2', { id: 'quota' }, 'Quota today (UTC day)'),
        h(
          'p',
          null,
          h('meter', {
            min: 0,
            max: q.dailyQuota,
            value: q.usedToday,
            high: q.dailyQuota * 0.9,
            'aria-labelledby': 'quota-text',
          }),
          ' ',
          h(
            'span',
            { id: 'quota-text', 'data-testid': 'quota' },
            `${num(q.usedToday)} of ${num(q.dailyQuota)} requests used, ${num(q.remainingToday)} left`,
          ),
        ),
        notice(
          q.canFinishToday ? 'info' : 'warn',
          q.canFinishToday
            ? 'Plan: the work left finishes today.'
            : `Plan: the work left does not fit in today's quota; it resumes at 00:00 UTC${q.resumesAt ? ` (${browserTime(q.resumesAt)})` : ''}.`,
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'pending' },
        h('h2', { id: 'pending' }, 'Waiting'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, 'Answered 202 (analysis running)'),
          h('dd', { 'data-testid': 'pending202' }, num(s.pending202)),
          h('dt', null, 'Results waiting to be fetched'),
          h('dd', null, num(s.counts.pending)),
          h('dt', null, 'Analyses failed (204), retried later'),
          h('dd', null, num(s.counts.failed)),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'errors' },
        h('h2', { id: 'errors' }, 'Recent errors'),
        s.lastFailure
          ? notice(
              'error',
              `The last run failed (${s.lastFailure.code}) at ${browserTime(s.lastFailure.at)}: ${s.lastFailure.cause}`,
            )
          : null,
        s.errors.length === 0
          ? h('p', null, 'No item is in error.')
          : table(
              'Items whose results could not be fetched, most recent first',
              ['Item', 'Cause', 'Fix'],
              s.errors.map((e) => {
                const { cause, fix } = causeAndFix(e.cause);
                return [e.item, cause, fix];
              }),
            ),
      ),
      h('p', { class: 'help' }, `Refreshes every ${REFRESH_MS / 1000} s. Times are in your local time zone.`),
    );
  };
  draw(await getJson<SyncStatus>('/api/sync/status', { signal }));
  const timer = setInterval(async () => {
    try {
      draw(await getJson<SyncStatus>('/api/sync/status', { signal }));
    } catch {
      // The next tick tries again; leaving the page aborts.
    }
  }, REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}
