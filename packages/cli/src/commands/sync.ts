import type { SyncReport } from '@sportscloud/sync';
import type { Command } from 'commander';
import { type DatabaseFlags, openDatabase } from '../database';
import { EXIT_CODES, UsageError } from '../exit-codes';
import { loadSync } from '../lazy';
import { createProgress } from '../progress';
import { type Define, examples } from './define';
import { utcTime } from './times';

interface SyncFlags extends DatabaseFlags {
  since?: string;
  vars?: string;
  overlapHours?: string;
  reserve?: string;
  concurrency?: string;
  waitForQuota?: boolean;
}

export const defineSync: Define = (program, action) =>
  program
    .command('sync')
    .summary('keep a local database in step with Sports Cloud (embedded, or PostgreSQL at DATABASE_URL)')
    .description(
      'Runs one sync with @sportscloud/sync: the lists (accounts, teams, athletes, coaches, measurements, ' +
        'sessions, laps) from the last checkpoint minus an overlap window, then results only for new or ' +
        'changed items (one call per session for all its athletes). Into an embedded PostgreSQL (PGlite) in ' +
        '--data-dir, or PostgreSQL at $DATABASE_URL (from the environment only: the URL may hold a ' +
        'password). Every unit commits on its own: Ctrl-C or a crash loses nothing, and the next run ' +
        'resumes. Exit code 0 done, 3 paused because the daily quota ran out (run again after 00:00 UTC, ' +
        'or use --wait-for-quota), 1 failed, 130 interrupted.',
    )
    .option('--data-dir <dir>', 'the embedded database folder (default: ~/.local/share/sportscloud/db)')
    .option('--since <time>', 'the first sync lists from here (ISO 8601 date or time; default: everything)')
    .option('--vars <names>', 'result variables to fetch, comma-separated (default: the API default set)')
    .option('--overlap-hours <n>', 'relist this far back from the last checkpoint (default 72)')
    .option('--reserve <n>', 'requests a day to leave for other uses of this consumer (default 0)')
    .option('--concurrency <n>', 'results requests in flight at once (default 4)')
    .option('--wait-for-quota', 'when the day is used up, wait for 00:00 UTC and go on instead of pausing')
    .addHelpText(
      'after',
      examples([
        ['sportscloud sync', 'into ~/.local/share/sportscloud/db; run it every few hours'],
        [
          'sportscloud sync --since 2025-01-01 --vars heartRateSeries,trimp',
          'a first sync of this year, two variables',
        ],
        ['DATABASE_URL=postgres://sc@db.internal/sportscloud sportscloud sync --json', 'into PostgreSQL'],
        ['sportscloud export --db --team 17 --layout summary -o team.csv', 'then export from the database'],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const flags = command.opts<SyncFlags>();
        const credentials = ctx.credentials();
        const numbers = {
          overlapHours: count('--overlap-hours', flags.overlapHours),
          reserve: count('--reserve', flags.reserve),
          concurrency: count('--concurrency', flags.concurrency),
        };
        const { SportsCloudSync } = await loadSync();
        const { storage, where } = await openDatabase(ctx, flags);
        const progress = createProgress(ctx.output, 'sync');
        let report: SyncReport;
        try {
          const sync = new SportsCloudSync({
            storage,
            client: {
              consumerId: credentials.consumerId,
              sharedSecret: credentials.sharedSecret,
              ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
              ...(credentials.baseURL ? { baseURL: credentials.baseURL } : {}),
            },
            ...(flags.vars
              ? {
                  variables: flags.vars
                    .split(',')
                    .map((v) => v.trim())
                    .filter(Boolean),
                }
              : {}),
            ...(flags.since ? { since: utcTime(flags.since) } : {}),
            ...Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)),
            ...(flags.waitForQuota ? { waitForQuota: true } : {}),
            signal: ctx.signal,
            onProgress: (p) => {
              if (p.phase === 'lists')
                progress.update(p.lists.done, p.lists.total, `lists, ${p.requests} requests`);
              else
                progress.update(
                  p.results.done,
                  p.results.done + p.results.left,
                  `results (${p.phase}), ${p.requests} requests`,
                );
            },
          });
          report = await sync.run();
        } finally {
          progress.stop();
          await storage.close();
        }
        const output = ctx.output;
        if (output.json) output.data({ ...report, database: where });
        else {
          output.line(
            `Sync ${report.state}${report.resumed ? ' (resumed an unfinished run)' : ''} into ${where}`,
          );
          output.line(
            `  requests   ${report.requests.total} (${report.requests.lists} lists, ${report.requests.results} results, ${report.requests.pending202} answered 202)`,
          );
          output.line(
            `  quota      ${report.quota.usedToday} used today, ${report.quota.remainingToday} left${report.quota.resumesAt ? `; resumes at ${report.quota.resumesAt}` : ''}`,
          );
          output.line(
            `  stored     ${report.counts.resultSets} result sets, ${report.counts.measurements} measurements, ${report.counts.sessions} sessions, ${report.counts.athletes} athletes`,
          );
          output.line(`  left       ${report.left} items for a later run; ${report.errors.length} errors`);
          for (const error of report.errors.slice(0, 10))
            output.line(`    ${error.item}: ${error.code}: ${error.cause}`);
          if (report.message) output.line(report.message);
        }
        if (ctx.signal.aborted) return EXIT_CODES.interrupted;
        return report.state === 'done'
          ? EXIT_CODES.ok
          : report.state === 'paused'
            ? EXIT_CODES.findings
            : EXIT_CODES.failure;
      }),
    );

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} takes a whole number, not "${text}"`);
  return Number(text);
}
