import type { SyncProgress, SyncReport } from '@sportscloud/sync';

/** The first sync's progress on a terminal: one line redrawn in place (or a line every few seconds). */
export function createProgressPrinter(out: NodeJS.WriteStream) {
  const tty = out.isTTY === true;
  let last = '';
  let lastPrintAt = 0;
  const describe = (p: SyncProgress) =>
    p.phase === 'lists'
      ? `Syncing: lists ${p.lists.done}/${Math.max(p.lists.total, p.lists.done)} · ${p.requests} requests`
      : `Syncing: results ${p.results.done} done, ${p.results.left} left${p.results.pending202 ? `, ${p.results.pending202} answered 202 (analysis running, revisited)` : ''}${p.results.failed ? `, ${p.results.failed} failed (204)` : ''} · ${p.requests} requests`;
  return {
    update(progress: SyncProgress | undefined) {
      if (!progress) return;
      const line = describe(progress);
      if (line === last) return;
      last = line;
      if (tty) out.write(`\r\x1b[2K${line}`);
      else if (Date.now() - lastPrintAt > 2000) {
        lastPrintAt = Date.now();
        out.write(`${line}\n`);
      }
    },
    /** The run waits for another process's run of its consumer: the reason, then how long so far. */
    waiting(reason: string, waitedMs: number) {
      if (tty) out.write('\r\x1b[2K');
      last = '';
      const minutes = Math.round(waitedMs / 60_000);
      out.write(
        minutes === 0
          ? `Waiting: ${reason} (Ctrl-C stops).\n`
          : `Still waiting after ${minutes} min: ${reason} (Ctrl-C stops).\n`,
      );
    },
    done(report: SyncReport | undefined) {
      if (tty) out.write('\r\x1b[2K');
      if (!report) {
        out.write(
          'The first sync did not finish (see the log above); the service keeps serving what is stored.\n',
        );
        return;
      }
      const c = report.counts;
      out.write(
        `Synced (run ${report.runId}, ${report.state}) in ${((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1)} s: ` +
          `${report.requests.total} requests (${report.requests.pending202} answered 202), ${c.accounts} accounts, ${c.teams} teams, ${c.athletes} athletes, ` +
          `${c.sessions} sessions, ${c.measurements} measurements, ${c.resultSets} result sets; ` +
          `quota ${report.quota.usedToday}/${report.quota.dailyQuota} used today${report.left ? `; ${report.left} items left for later` : ''}.\n`,
      );
      if (report.message) out.write(`${report.message}\n`);
    },
  };
}
