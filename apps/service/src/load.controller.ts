import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseSamplingRate, type TimeSeriesVariable } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import type { Catalog } from './catalog';
import { query } from './database';
import * as input from './input';
import { addDays, dailyLoad, localDate } from './load';
import { CATALOG, STORAGE } from './tokens-di';

const ACCOUNT = { name: 'accountId', description: 'Account id, e.g. 1-1', example: '1-1' };
/** Whole-item results (not laps), from the item's own results or its session's. */
const WHOLE = sql`rs.lap_id = 0 and rs.source in ('measurement', 'session')`;
const DEFAULT_DAYS = 90;
/** Two years of days, at most, per answer. */
const MAX_DAYS = 731;
/** The 1 Hz heart rate (stored when the sync asks for it by name), then the default 0.2 Hz one. */
const HR_SERIES = ['heartRateSeries1s', 'heartRateSeries'];

/**
 * Read-only summaries the dashboard draws and the plain lists do not carry: one session, sessions
 * with their average TRIMP, and an athlete's daily training load. Same token, scopes and account
 * check as every data route (read).
 */
@ApiTags('data')
@ApiBearerAuth('token')
@Controller('api/accounts/:accountId')
export class LoadController {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(STORAGE) private readonly storage: PostgresStorage,
  ) {}

  @Get('sessions/:sessionId')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'sessionId', example: 1 })
  @ApiOkResponse({ description: 'One session, as the sessions list shows it' })
  async session(@Param('accountId') rawAccountId: string, @Param('sessionId') rawSessionId: string) {
    const accountId = await input.grantedAccount(this.catalog, rawAccountId);
    const sessionId = input.id('sessionId', rawSessionId);
    const row = await this.catalog.item('session', accountId, sessionId);
    if (!row) throw new NotFoundException('no such session');
    // The list's own presentation: the one session starting at that instant.
    const start = new Date(row.start_time as string).getTime();
    const page = await this.catalog.sessions({
      accountId,
      fromTime: new Date(start).toISOString(),
      toTime: new Date(start + 1).toISOString(),
      limit: 1000,
    });
    const session = page.items.find((s) => s.sessionId === sessionId);
    if (!session) throw new NotFoundException('no such session');
    return session;
  }

  @Get('sessions/:sessionId/heart-rate')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'sessionId', example: 1 })
  @ApiOkResponse({
    description:
      "Every athlete's heart-rate series of a session, compactly: the 1 Hz series when every analysed athlete has it, else the 0.2 Hz one; sample i is at startTime + i × periodMs (no per-sample timestamps). Values come as `uint8` (base64 of one byte per sample, for the API's Unsigned/8 series) or as a `values` number array. `results` says where the session's analysis stands (`failed`: the API answered 204)",
  })
  async heartRate(@Param('accountId') rawAccountId: string, @Param('sessionId') rawSessionId: string) {
    const accountId = await input.grantedAccount(this.catalog, rawAccountId);
    const sessionId = input.id('sessionId', rawSessionId);
    const row = await this.catalog.item('session', accountId, sessionId);
    if (!row) throw new NotFoundException('no such session');
    const byAthlete = new Map<number, Map<string, TimeSeriesVariable & { startTime: string }>>();
    for await (const record of this.storage.readResults({
      accountIds: [accountId],
      sessionIds: [sessionId],
      includeLaps: false,
      variables: HR_SERIES,
    })) {
      const own = byAthlete.get(record.athleteId) ?? new Map();
      for (const v of record.variables)
        if ('values' in v && v.samplingRate) own.set(v.name, { ...v, startTime: record.startTime });
      byAthlete.set(record.athleteId, own);
    }
    const all = [...byAthlete.values()];
    const variable = HR_SERIES.find((name) => all.length > 0 && all.every((m) => m.has(name)));
    return {
      results: {
        state: String(row.results_state),
        ...(row.results_error ? { error: String(row.results_error) } : {}),
      },
      ...(variable ? { variable, unit: all[0]!.get(variable)!.unit ?? null } : {}),
      athletes: variable
        ? [...byAthlete].map(([athleteId, series]) => {
            const v = series.get(variable)!;
            const period = 1000 / parseSamplingRate(v.samplingRate!);
            // 8-bit series (heart rate is Unsigned/8 in the API) travel as base64 bytes: 270,000
            // samples are 360 KB of text instead of a 1 MB number array to build and parse.
            const bytes = v.type === 'Unsigned' && v.bits === 8 ? (v.values as Uint8Array) : undefined;
            return {
              athleteId,
              startTime: v.startTime,
              samplingRate: v.samplingRate,
              periodMs: period,
              length: v.values.length,
              ...(bytes
                ? { uint8: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }
                : { values: Array.from(v.values as ArrayLike<number>, Number) }),
            };
          })
        : [],
    };
  }

  @Get('session-load')
  @ApiParam(ACCOUNT)
  @ApiQuery({ name: 'teamId', required: false, description: 'Sessions of this team' })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'Sessions starting at or after this ISO 8601 time',
  })
  @ApiQuery({ name: 'to', required: false, description: 'Sessions starting before this ISO 8601 time' })
  @ApiQuery({ name: 'limit', required: false, description: 'Items per page, 1 to 1000 (default 100)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @ApiOkResponse({
    description:
      'The sessions list (same filters, order and cursors) with, per session, `athleteCount`, `analysedCount` (athletes with a TRIMP) and `averageTrimp` (null when no athlete has one)',
  })
  async sessionLoad(@Param('accountId') rawAccountId: string, @Query() q: Record<string, unknown>) {
    const accountId = await input.grantedAccount(this.catalog, rawAccountId);
    const page = await this.catalog.sessions({
      accountId,
      ...input.page(q),
      ...input.timeRange(q.from, q.to),
      teamId: input.optionalId('teamId', q.teamId),
    });
    const ids = page.items.map((s) => Number(s.sessionId));
    const averages = new Map<number, { average: number; count: number }>();
    if (ids.length > 0) {
      const rows = await query(
        this.storage,
        sql`select rs.session_id, avg(sc.value) as average, count(*)::int as n
            from sc_result_sets rs
            join sc_result_scalars sc on sc.result_set_id = rs.result_set_id
            join sc_variables v on v.variable_id = sc.variable_id and v.name = 'trimp'
            where rs.account_id = ${accountId} and rs.session_id = any(${`{${ids.join(',')}}`}::int[]) and ${WHOLE}
            group by rs.session_id`,
      );
      for (const r of rows)
        averages.set(Number(r.session_id), { average: Number(r.average), count: Number(r.n) });
    }
    return {
      items: page.items.map((s) => {
        const a = averages.get(Number(s.sessionId));
        return {
          ...s,
          athleteCount: (s.athleteIds as number[]).length,
          analysedCount: a?.count ?? 0,
          averageTrimp: a ? Math.round(a.average * 10) / 10 : null,
        };
      }),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  @Get('athletes/:athleteId/load')
  @ApiParam(ACCOUNT)
  @ApiParam({ name: 'athleteId', example: 1 })
  @ApiQuery({ name: 'from', required: false, description: 'First local date (default: 90 days before `to`)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last local date (default: the last analysed day)' })
  @ApiOkResponse({
    description:
      "Daily TRIMP by the athlete's local date, with the 7-day acute load (TRIMP sum) and 28-day chronic load (TRIMP sum ÷ 4); null where the history is shorter than the window. `unanalysed` counts measurements whose analysis failed (204) or is pending: their TRIMP is missing, not zero",
  })
  async athleteLoad(
    @Param('accountId') rawAccountId: string,
    @Param('athleteId') rawAthleteId: string,
    @Query() q: Record<string, unknown>,
  ) {
    const accountId = await input.grantedAccount(this.catalog, rawAccountId);
    const athleteId = input.id('athleteId', rawAthleteId);
    const range = input.timeRange(q.from, q.to);
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : undefined);
    const edge = async (order: 'asc' | 'desc') => {
      const [r] = await query(
        this.storage,
        sql`select rs.start_time, rs.start_time_local from sc_result_sets rs
            where rs.account_id = ${accountId} and rs.athlete_id = ${athleteId} and ${WHOLE}
            order by rs.start_time ${sql.raw(order)} limit 1`,
      );
      return r
        ? localDate(iso(r.start_time)!, (r.start_time_local as string | null) ?? undefined)
        : undefined;
    };
    const firstDate = await edge('asc');
    const lastDate = (await edge('desc')) ?? new Date().toISOString().slice(0, 10);
    const to = range.toTime ? range.toTime.slice(0, 10) : lastDate;
    const from = range.fromTime ? range.fromTime.slice(0, 10) : addDays(to, -(DEFAULT_DAYS - 1));
    if (from > to) throw input.badRequest('from', 'must be before to');
    // Each day costs work and bytes: a bounded range, whatever a token asks for.
    if (addDays(from, MAX_DAYS - 1) < to)
      throw input.badRequest('to', `must be at most ${MAX_DAYS} days after from`);
    // Local dates may be a day off UTC ones: read a day more on each side, then bin by local date.
    const readFrom = `${addDays(from, -28)}T00:00:00Z`;
    const readTo = `${addDays(to, 2)}T00:00:00Z`;
    const trimpRows = await query(
      this.storage,
      sql`select rs.start_time, rs.start_time_local, sc.value
          from sc_result_sets rs
          join sc_result_scalars sc on sc.result_set_id = rs.result_set_id
          join sc_variables v on v.variable_id = sc.variable_id and v.name = 'trimp'
          where rs.account_id = ${accountId} and rs.athlete_id = ${athleteId} and ${WHOLE}
          and rs.start_time >= ${readFrom} and rs.start_time < ${readTo}`,
    );
    const rows = trimpRows.map((r) => ({
      startTime: iso(r.start_time)!,
      ...(r.start_time_local ? { startTimeLocal: String(r.start_time_local) } : {}),
      trimp: Number(r.value),
    }));
    const unanalysed = (
      await query(
        this.storage,
        sql`select start_time, start_time_local from sc_measurements
            where account_id = ${accountId} and athlete_id = ${athleteId} and removed_at is null
            and results_state in ('failed', 'pending', 'error')
            and start_time >= ${readFrom} and start_time < ${readTo}`,
      )
    ).map((r) => ({
      startTime: iso(r.start_time)!,
      ...(r.start_time_local ? { startTimeLocal: String(r.start_time_local) } : {}),
    }));
    return {
      athleteId,
      from,
      to,
      definitions: {
        trimp: 'Sum of the TRIMP of the measurements analysed that local day',
        acute: '7-day TRIMP sum (Firstbeat acuteTrainingLoad)',
        chronic: '28-day TRIMP sum ÷ 4 (Firstbeat chronicTrainingLoad)',
      },
      days: dailyLoad(rows, unanalysed, { from, to }, firstDate),
    };
  }
}
