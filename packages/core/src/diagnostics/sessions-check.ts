// The troubleshooting page's first entry, "Sessions are missing from the API": sessions are made by hand
// by coaches in Sports Cloud and never derived from uploads, so measurements without sessions are normal.
import { buildPath, buildQuery } from '../endpoints/params';
import {
  measurementsPageSchema,
  parseResponse,
  sessionsPageSchema,
  teamsPageSchema,
} from '../endpoints/schemas';
import { isSportsCloudError } from '../errors';
import { type Clock, DAY_MS } from '../internal/clock';
import type { ApiRequest, CallOptions, Transport } from '../transport/types';
import type { DiagnosisCheck } from './diagnose';

/** How far the sessions check looks; every request it sends counts against the consumer's limits. */
export interface SessionsCheckOptions {
  /** The account to look in (default: the first granted one). */
  readonly accountId?: string;
  /** The window, ending now (default 30 days). */
  readonly days?: number;
  /** Teams whose sessions are listed (default 3: at most 3 requests). */
  readonly maxTeams?: number;
  /** Athletes of those teams whose measurements are listed when no session is found (default 3). */
  readonly maxAthletes?: number;
}

const SESSIONS_CHECK_DEFAULTS: Readonly<Required<Omit<SessionsCheckOptions, 'accountId'>>> = {
  days: 30,
  maxTeams: 3,
  maxAthletes: 3,
};

const MISSING_SESSIONS_CAUSE =
  'expected: sessions exist only where a coach created them by hand in Sports Cloud; the API never derives ' +
  'sessions from uploaded measurements, and a measurement may belong to no session (sessionId 0)';
const MISSING_SESSIONS_FIX =
  'nothing to fix in the integration. A coach creates the session in Sports Cloud (for the team, choosing ' +
  'its athletes and time range) — often hours or a day after training, so re-scan recent windows. Until then ' +
  'use the measurements directly: client.measurements.list() and client.measurements.results()';

interface Context {
  readonly transport: Transport;
  readonly clock: Clock;
}

type Outcome = Omit<DiagnosisCheck, 'id'>;

class CheckFailed extends Error {}

/**
 * Lists the teams of one account, their sessions in the window and, when there are none, the measurements
 * of a few of their athletes in the same window. At most 1 + maxTeams + maxAthletes requests, each sent once.
 */
export async function sessionsCheck(
  ctx: Context,
  accountIds: readonly string[],
  options: CallOptions,
  settings: SessionsCheckOptions = {},
): Promise<Outcome> {
  const { days, maxTeams, maxAthletes } = { ...SESSIONS_CHECK_DEFAULTS, ...settings };
  const accountId = settings.accountId ?? accountIds[0];
  if (accountId === undefined)
    return { status: 'skipped', summary: 'no granted account to look for sessions in' };
  const toTime = new Date(ctx.clock.now());
  const fromTime = new Date(toTime.getTime() - days * DAY_MS);
  const window = { fromTime, toTime };
  const span = `in the last ${days} days`;
  const get = async <T>(
    operation: string,
    template: string,
    params: Record<string, unknown>,
    parse: (b: unknown) => T,
  ) => {
    const request: ApiRequest = {
      operation,
      method: 'GET',
      path: buildPath(template, params),
      query: buildQuery(['fromTime', 'toTime'], params),
      auth: 'jwt+key',
    };
    try {
      return parse(await ctx.transport.send(request, options));
    } catch (error) {
      if (options.signal?.aborted || (isSportsCloudError(error) && error.code === 'aborted')) throw error;
      throw new CheckFailed(
        `${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  try {
    const teams = await get('diagnose.teams.list', '/sports/accounts/{accountId}/teams', { accountId }, (b) =>
      parseResponse(teamsPageSchema, b, 'diagnose.teams.list'),
    );
    const checked = teams.teams.slice(0, Math.max(0, maxTeams));
    if (checked.length === 0) {
      return {
        status: 'skipped',
        summary: `account ${accountId} has no teams: sessions belong to teams, so there are none to find`,
        details: { accountId, teams: 0 },
      };
    }
    let sessions = 0;
    for (const team of checked) {
      const page = await get(
        'diagnose.sessions.list',
        '/sports/accounts/{accountId}/teams/{teamId}/sessions',
        { accountId, teamId: team.teamId, ...window },
        (b) => parseResponse(sessionsPageSchema, b, 'diagnose.sessions.list'),
      );
      sessions += page.sessions.length;
    }
    const teamIds = checked.map((team) => team.teamId);
    if (sessions > 0) {
      return {
        status: 'ok',
        summary: `${count(sessions, 'session')} ${span} (account ${accountId}, ${count(teamIds.length, 'team')} checked)`,
        details: { accountId, teamIds, days, sessions },
      };
    }
    const athleteIds = [...new Set(checked.flatMap((team) => team.athleteIds ?? []))].slice(
      0,
      Math.max(0, maxAthletes),
    );
    let measurements = 0;
    let withoutSession = 0;
    for (const athleteId of athleteIds) {
      const page = await get(
        'diagnose.measurements.list',
        '/sports/accounts/{accountId}/athletes/{athleteId}/measurements',
        { accountId, athleteId, ...window },
        (b) => parseResponse(measurementsPageSchema, b, 'diagnose.measurements.list'),
      );
      measurements += page.measurements.length;
      withoutSession += page.measurements.filter((m) => !m.sessionId).length;
    }
    const details = { accountId, teamIds, athleteIds, days, sessions, measurements, withoutSession };
    if (measurements === 0) {
      return {
        status: 'skipped',
        summary: `no sessions and no measurements ${span} (account ${accountId}, ${count(athleteIds.length, 'athlete')} checked): nothing to compare`,
        details,
      };
    }
    return {
      status: 'warn',
      summary: `${count(measurements, 'measurement')} but no sessions ${span} (account ${accountId}, ${count(teamIds.length, 'team')} checked)`,
      cause: MISSING_SESSIONS_CAUSE,
      fix: MISSING_SESSIONS_FIX,
      details,
    };
  } catch (error) {
    if (!(error instanceof CheckFailed)) throw error;
    return {
      status: 'skipped',
      summary: `could not look for sessions: ${error.message}`,
      details: { accountId },
    };
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
