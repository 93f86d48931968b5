import type { Dataset } from '@sportscloud/test-utils';

/**
 * The fewest requests the API allows for a full sync of a fake's data, counted from the data itself
 * (not from the sync): every list page once, then one results call per session, per session lap, per
 * measurement in no session and per measurement lap — except the laps of a measurement whose analysis
 * failed (its own 204 already says so) — plus the 202s a cold analysis answers before its results.
 */
export function minimumRequests(data: Dataset, { pageSize = 1000, coldPolls = 2 } = {}) {
  const pages = (n: number) => Math.max(1, Math.ceil(n / pageSize));
  let lists = 1 + 2; // accounts, sports types, event types
  let results = 0;
  let polls = 0;
  for (const account of data.accounts) {
    lists += pages(account.teams.length) + pages(account.athletes.length) + pages(account.coaches.length);
    for (const athlete of account.athletes) {
      lists += pages(account.measurements.filter((m) => m.athleteId === athlete.athleteId).length);
    }
    const visibleSessions = new Set(account.sessions.map((s) => s.sessionId));
    for (const team of account.teams) {
      const owned = new Set([team.teamId, ...team.groups.map((g) => g.groupId)]);
      lists += pages(account.sessions.filter((s) => owned.has(s.teamId)).length);
    }
    for (const session of account.sessions) {
      results += 1 + session.laps.length;
      if (data.analysis.sessions.get(session.sessionId) === 'cold') polls += coldPolls;
    }
    for (const m of account.measurements) {
      const state = data.analysis.measurements.get(m.measurementId) ?? 'ready';
      const own = m.sessionId === 0 || !visibleSessions.has(m.sessionId);
      if (own) results += 1;
      if (!(own && state === 'failed')) results += m.laps.length;
      if (state === 'cold' && (own || m.laps.length > 0)) polls += coldPolls;
    }
  }
  return { lists, results, polls, total: lists + results + polls };
}
