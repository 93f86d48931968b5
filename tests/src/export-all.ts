import type { SportsCloudClient } from '@sportscloud/core';

/** One analysis result, keyed so that a missing or duplicated one shows. */
export interface ExportedResult {
  key: string;
  outcome: 'ok' | 'failed';
  result?: unknown;
}

/**
 * What a user's sync job does: every measurement result of every athlete and every session
 * result of every team of one account, via the public API only.
 */
export async function exportAccount(
  client: SportsCloudClient,
  accountId: string,
  vars?: string[],
): Promise<ExportedResult[]> {
  const out: ExportedResult[] = [];
  const collect = async (key: string, fetch: () => Promise<unknown>) => {
    try {
      out.push({ key, outcome: 'ok', result: await fetch() });
    } catch (error) {
      if ((error as { code?: string }).code !== 'analysis_failed') throw error;
      out.push({ key, outcome: 'failed' });
    }
  };
  const varsOption = vars ? { vars } : {};
  const jobs: Promise<void>[] = [];
  const track = (job: Promise<void>) => {
    job.catch(() => {}); // observed below, after listing ends
    jobs.push(job);
  };
  for await (const athlete of client.athletes.list({ accountId })) {
    for await (const m of client.measurements.list({ accountId, athleteId: athlete.athleteId })) {
      track(
        collect(`m/${athlete.athleteId}/${m.measurementId}`, () =>
          client.measurements.results({
            accountId,
            athleteId: athlete.athleteId,
            measurementId: m.measurementId,
            ...varsOption,
          }),
        ),
      );
    }
  }
  for await (const team of client.teams.list({ accountId })) {
    for await (const s of client.sessions.list({ accountId, teamId: team.teamId })) {
      track(
        collect(`s/${team.teamId}/${s.sessionId}`, () =>
          client.sessions.results({ accountId, teamId: team.teamId, sessionId: s.sessionId, ...varsOption }),
        ),
      );
    }
  }
  // Settle every job before judging, so an early failure cannot leave the others unobserved.
  const settled = await Promise.allSettled(jobs);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
