import type { SeededMeasurement, SeededSession } from '../data/seed';
import { EVENT_TYPES, SPORTS_TYPES } from '../data/words';
import type { Consumer, ConsumerRegistry } from './consumers';
import { type AccountIndex, resolveTeam } from './data-index';
import { measurementFilter, sessionFilter } from './filters';
import { paginate } from './pagination';
import { fail, ok, type Reply } from './reply';
import { measurementResults, type ResultsDeps, sessionResults } from './results';
import type { OperationName, RouteParams } from './router';

/** The 20 operations, after routing, auth and limits have passed. */

export interface HandlerContext {
  params: RouteParams;
  query: URLSearchParams;
  request: Request;
  /** Undefined only for register. */
  consumer: Consumer | undefined;
}

export interface HandlerDeps extends ResultsDeps {
  accounts: Map<string, AccountIndex>;
  registry: ConsumerRegistry;
  pageSize: number;
}

type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

function toMeasurement({ laps, ...m }: SeededMeasurement, includeLaps: boolean) {
  return includeLaps ? { ...m, laps } : m;
}

function toSession({ teamId: _owner, laps, ...s }: SeededSession, includeLaps: boolean) {
  return includeLaps ? { ...s, laps } : s;
}

async function readRegistration(request: Request): Promise<string | undefined> {
  try {
    const body: unknown = JSON.parse(await request.text());
    const name = (body as { consumerName?: unknown } | null)?.consumerName;
    return typeof name === 'string' && name.length >= 2 && name.length <= 100 ? name : undefined;
  } catch {
    return undefined;
  }
}

export function createHandlers(deps: HandlerDeps): Record<OperationName, Handler> {
  /**
   * An account the consumer may read. Unknown ids answer 404; an existing account not granted to
   * this consumer answers 403, the code the spec gives for accounts it cannot use ("…or whether the
   * account is closed").
   */
  const account = (ctx: HandlerContext): AccountIndex | Reply => {
    const idx = deps.accounts.get(ctx.params.accountId as string);
    if (!idx) return fail(404, 'unknown account');
    if (!ctx.consumer?.accountIds.has(idx.account.accountId))
      return fail(403, 'account not granted to this consumer');
    return idx;
  };
  const isReply = (x: AccountIndex | Reply): x is Reply => 'status' in x;

  const list = <T>(
    key: string,
    items: readonly T[],
    ctx: HandlerContext,
    map: (item: T) => unknown = (x) => x,
  ) => {
    const page = paginate(items, ctx.query.get('offset'), deps.pageSize);
    if (!page.ok) return fail(400, page.reason);
    return ok({ more: page.more, [key]: page.items.map(map) });
  };

  return {
    register: async ({ request }) => {
      const name = await readRegistration(request);
      if (name === undefined)
        return fail(400, 'body must be JSON {"consumerName": 2-100 characters}', 'Invalid payload supplied');
      const c = deps.registry.register(name);
      return ok({ id: c.id, consumerName: c.consumerName, sharedSecret: c.sharedSecret });
    },
    // `apikey`, lower-case, as the real API and the official client spell it (the spec says apiKey).
    getApiKey: ({ consumer }) => ok({ apikey: deps.registry.apiKeyOf(consumer as Consumer) }),
    newSecret: ({ consumer }) => ok({ sharedSecret: deps.registry.newSecret(consumer as Consumer) }),
    confirmNewSecret: ({ consumer }) => {
      deps.registry.confirmSecret(consumer as Consumer);
      return { status: 200 };
    },
    listAccounts: ({ consumer }) =>
      ok({
        accounts: [...deps.accounts.values()]
          .filter((idx) => consumer?.accountIds.has(idx.account.accountId))
          .map(({ account: a }) => ({ accountId: a.accountId, name: a.name, authorizedBy: a.authorizedBy })),
      }),
    listSportsTypes: () => ok([...SPORTS_TYPES]),
    listEventTypes: () => ok([...EVENT_TYPES]),
    listAthletes: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : list('athletes', idx.account.athletes, ctx);
    },
    getAthlete: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      const athlete = idx.athletes.get(ctx.params.athleteId as number);
      return athlete ? ok(athlete) : fail(404, 'unknown athlete');
    },
    listMeasurements: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      if (!idx.athletes.has(ctx.params.athleteId as number)) return fail(404, 'unknown athlete');
      const filter = measurementFilter(ctx.query);
      if (!filter.ok) return fail(400, filter.reason);
      const items = (idx.measurementsByAthlete.get(ctx.params.athleteId as number) ?? []).filter(filter.keep);
      return list('measurements', items, ctx, (m) => toMeasurement(m, filter.includeLaps));
    },
    getMeasurementResults: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : measurementResults(deps, idx, ctx.params, ctx.query);
    },
    getMeasurementLapResults: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : measurementResults(deps, idx, ctx.params, ctx.query);
    },
    listCoaches: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : list('coaches', idx.account.coaches, ctx);
    },
    getCoach: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      const coach = idx.coaches.get(ctx.params.coachId as number);
      return coach ? ok(coach) : fail(404, 'unknown coach');
    },
    listTeams: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : list('teams', idx.account.teams, ctx);
    },
    getTeam: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      const scope = resolveTeam(idx, ctx.params.teamId as number);
      return scope ? ok(scope.body) : fail(404, 'unknown team');
    },
    listTeamAthletes: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      const scope = resolveTeam(idx, ctx.params.teamId as number);
      if (!scope) return fail(404, 'unknown team');
      const members = scope.athleteIds.map((id) => idx.athletes.get(id)).filter((a) => a !== undefined);
      return list('athletes', members, ctx);
    },
    listSessions: (ctx) => {
      const idx = account(ctx);
      if (isReply(idx)) return idx;
      const scope = resolveTeam(idx, ctx.params.teamId as number);
      if (!scope) return fail(404, 'unknown team');
      const filter = sessionFilter(ctx.query);
      if (!filter.ok) return fail(400, filter.reason);
      const items = idx.account.sessions.filter((s) => scope.ownsSession(s) && filter.keep(s));
      return list('sessions', items, ctx, (s) => toSession(s, filter.includeLaps));
    },
    getSessionResults: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : sessionResults(deps, idx, ctx.params, ctx.query);
    },
    getSessionLapResults: (ctx) => {
      const idx = account(ctx);
      return isReply(idx) ? idx : sessionResults(deps, idx, ctx.params, ctx.query);
    },
  };
}
