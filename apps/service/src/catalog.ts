import type { PostgresStorage } from '@sportscloud/sync';
import { type SQL, sql } from 'drizzle-orm';
import { query, type Row, textArray } from './database';
import type { Cursors } from './input';

/**
 * Read-only queries over the tables the sync keeps (accounts, teams, athletes, sessions,
 * measurements), with keyset pagination. Every value arrives validated; drizzle binds them.
 */

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface ListFilter {
  accountId: string;
  teamId?: number;
  athleteId?: number;
  fromTime?: string;
  toTime?: string;
  limit: number;
  cursor?: string;
}

const iso = (v: unknown) => (v === null || v === undefined ? undefined : new Date(v as string).toISOString());
const clean = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export class Catalog {
  constructor(
    private readonly storage: PostgresStorage,
    private readonly cursors: Cursors,
    /** The deployment's consumer, or (several consumers) a function listing them all. */
    private readonly consumerIds: string | (() => Promise<readonly string[]>),
  ) {}

  async #consumers() {
    const ids = typeof this.consumerIds === 'string' ? [this.consumerIds] : await this.consumerIds();
    return sql`any(${textArray(ids)}::text[])`;
  }

  /** Accounts granted to the consumer (and not revoked) that the caller may see. */
  async accounts(visible: '*' | readonly string[]) {
    const scope = visible === '*' ? sql`true` : sql`a.account_id = any(${textArray(visible)}::text[])`;
    const rows = await query(
      this.storage,
      sql`select a.account_id, a.name from sc_accounts a
          join sc_consumer_accounts ca on ca.account_id = a.account_id
          where ca.consumer_id = ${await this.#consumers()} and ca.revoked_at is null and ${scope}
          group by a.account_id, a.name
          order by a.account_id`,
    );
    return rows.map((r) => clean({ accountId: String(r.account_id), name: r.name as string | undefined }));
  }

  /** Whether any of these accounts is granted to this consumer (a status shows a consumer's runs only then). */
  async anyOfConsumer(consumerId: string, accountIds: readonly string[]): Promise<boolean> {
    if (accountIds.length === 0) return false;
    const rows = await query(
      this.storage,
      sql`select 1 from sc_consumer_accounts where consumer_id = ${consumerId}
          and account_id = any(${textArray(accountIds)}::text[]) limit 1`,
    );
    return rows.length > 0;
  }

  async hasAccount(accountId: string): Promise<boolean> {
    const rows = await query(
      this.storage,
      sql`select 1 from sc_consumer_accounts where consumer_id = ${await this.#consumers()}
          and account_id = ${accountId} and revoked_at is null`,
    );
    return rows.length > 0;
  }

  async teams(f: ListFilter): Promise<Page<Record<string, unknown>>> {
    return this.#page(
      'teams',
      f,
      ['team_id'],
      (after) => sql`select team_id, parent_team_id, name from sc_teams
        where account_id = ${f.accountId} and removed_at is null ${after}
        order by team_id limit ${f.limit + 1}`,
      (r) =>
        clean({
          teamId: Number(r.team_id),
          parentTeamId: r.parent_team_id === null ? undefined : Number(r.parent_team_id),
          name: r.name,
        }),
    );
  }

  async athletes(f: ListFilter): Promise<Page<Record<string, unknown>>> {
    const team =
      f.teamId === undefined
        ? sql``
        : sql`and exists (select 1 from sc_team_members m where m.account_id = a.account_id
              and m.athlete_id = a.athlete_id and m.team_id = ${f.teamId})`;
    return this.#page(
      'athletes',
      f,
      ['a.athlete_id'],
      (after) => sql`select a.athlete_id, a.first_name, a.last_name,
          (select array_agg(m.team_id order by m.team_id) from sc_team_members m
            where m.account_id = a.account_id and m.athlete_id = a.athlete_id) as team_ids
        from sc_athletes a where a.account_id = ${f.accountId} and a.removed_at is null ${team} ${after}
        order by a.athlete_id limit ${f.limit + 1}`,
      (r) =>
        clean({
          athleteId: Number(r.athlete_id),
          firstName: r.first_name,
          lastName: r.last_name,
          teamIds: ((r.team_ids as number[] | null) ?? []).map(Number),
        }),
    );
  }

  async sessions(f: ListFilter): Promise<Page<Record<string, unknown>>> {
    const where: SQL[] = [sql`s.account_id = ${f.accountId}`, sql`s.removed_at is null`];
    if (f.teamId !== undefined) where.push(sql`s.team_id = ${f.teamId}`);
    if (f.athleteId !== undefined) where.push(sql`${f.athleteId} = any(s.athlete_ids)`);
    if (f.fromTime) where.push(sql`s.start_time >= ${f.fromTime}`);
    if (f.toTime) where.push(sql`s.start_time < ${f.toTime}`);
    return this.#page(
      'sessions',
      f,
      ['s.start_time', 's.session_id'],
      (after) => sql`select s.*,
          (select count(*)::int from sc_session_laps l where l.account_id = s.account_id
            and l.session_id = s.session_id and l.removed_at is null) as laps
        from sc_sessions s where ${sql.join(where, sql` and `)} ${after}
        order by s.start_time, s.session_id limit ${f.limit + 1}`,
      (r) =>
        clean({
          sessionId: Number(r.session_id),
          teamId: Number(r.team_id),
          coachId: r.coach_id === null ? undefined : Number(r.coach_id),
          sessionType: r.session_type,
          sportsType: r.sports_type,
          eventType: r.event_type,
          startTime: iso(r.start_time),
          endTime: iso(r.end_time),
          startTimeLocal: r.start_time_local,
          athleteIds: ((r.athlete_ids as number[] | null) ?? []).map(Number),
          laps: Number(r.laps),
          results: resultsState(r),
        }),
    );
  }

  async measurements(f: ListFilter): Promise<Page<Record<string, unknown>>> {
    const where: SQL[] = [sql`m.account_id = ${f.accountId}`, sql`m.removed_at is null`];
    if (f.athleteId !== undefined) where.push(sql`m.athlete_id = ${f.athleteId}`);
    if (f.teamId !== undefined)
      where.push(sql`exists (select 1 from sc_team_members tm where tm.account_id = m.account_id
        and tm.athlete_id = m.athlete_id and tm.team_id = ${f.teamId})`);
    if (f.fromTime) where.push(sql`m.start_time >= ${f.fromTime}`);
    if (f.toTime) where.push(sql`m.start_time < ${f.toTime}`);
    return this.#page(
      'measurements',
      f,
      ['m.start_time', 'm.measurement_id'],
      (after) => sql`select m.*,
          (select count(*)::int from sc_measurement_laps l where l.account_id = m.account_id
            and l.measurement_id = m.measurement_id and l.removed_at is null) as laps
        from sc_measurements m where ${sql.join(where, sql` and `)} ${after}
        order by m.start_time, m.measurement_id limit ${f.limit + 1}`,
      (r) =>
        clean({
          measurementId: Number(r.measurement_id),
          athleteId: Number(r.athlete_id),
          sessionId: Number(r.session_id) || undefined,
          measurementType: r.measurement_type,
          exerciseType: r.exercise_type,
          sportsType: r.sports_type,
          eventType: r.event_type,
          startTime: iso(r.start_time),
          endTime: iso(r.end_time),
          startTimeLocal: r.start_time_local,
          laps: Number(r.laps),
          // A measurement in a session gets its results with the session's.
          results: Number(r.session_id) ? undefined : resultsState(r),
        }),
    );
  }

  /** The stored item a results request names, with where its results stand; undefined if unknown. */
  async item(
    kind: 'session' | 'measurement' | 'session_lap' | 'measurement_lap',
    accountId: string,
    id: number,
    lapId?: number,
  ): Promise<Row | undefined> {
    const [row] =
      kind === 'session'
        ? await query(
            this.storage,
            sql`select * from sc_sessions where account_id = ${accountId}
            and session_id = ${id} and removed_at is null`,
          )
        : kind === 'measurement'
          ? await query(
              this.storage,
              sql`select * from sc_measurements where account_id = ${accountId}
              and measurement_id = ${id} and removed_at is null`,
            )
          : kind === 'session_lap'
            ? await query(
                this.storage,
                sql`select * from sc_session_laps where account_id = ${accountId}
                and session_id = ${id} and lap_id = ${lapId!} and removed_at is null`,
              )
            : await query(
                this.storage,
                sql`select * from sc_measurement_laps where account_id = ${accountId}
                and measurement_id = ${id} and lap_id = ${lapId!} and removed_at is null`,
              );
    return row;
  }

  async laps(kind: 'session' | 'measurement', accountId: string, id: number) {
    const rows =
      kind === 'session'
        ? await query(
            this.storage,
            sql`select * from sc_session_laps where account_id = ${accountId}
            and session_id = ${id} and removed_at is null order by start_time, lap_id`,
          )
        : await query(
            this.storage,
            sql`select * from sc_measurement_laps where account_id = ${accountId}
            and measurement_id = ${id} and removed_at is null order by start_time, lap_id`,
          );
    return rows.map((r) =>
      clean({
        lapId: Number(r.lap_id),
        name: r.name,
        startTime: iso(r.start_time),
        endTime: iso(r.end_time),
        results: resultsState(r),
      }),
    );
  }

  /** Team members of an account's teams, for filters. */
  async teamExists(accountId: string, teamId: number): Promise<boolean> {
    const rows = await query(
      this.storage,
      sql`select 1 from sc_teams where account_id = ${accountId} and team_id = ${teamId} and removed_at is null`,
    );
    return rows.length > 0;
  }

  async #page(
    list: string,
    f: ListFilter,
    keys: string[],
    build: (after: SQL) => SQL,
    map: (r: Row) => Record<string, unknown>,
  ): Promise<Page<Record<string, unknown>>> {
    // The cursor is bound to the list and its filters: reusing it on another query is a 400.
    const scope = JSON.stringify([list, f.accountId, f.teamId, f.athleteId, f.fromTime, f.toTime]);
    const position = this.cursors.decode(scope, f.cursor);
    let after = sql``;
    if (position) {
      const valid =
        position.length === keys.length &&
        position.every((p, i) =>
          keys[i]!.endsWith('start_time')
            ? typeof p === 'string' && Number.isFinite(Date.parse(p))
            : Number.isSafeInteger(p),
        );
      if (!valid) throw new Error('a signed cursor with a wrong shape');
      const columns = sql.raw(`(${keys.join(', ')})`);
      const values = sql.join(
        position.map((p) => sql`${p}`),
        sql`, `,
      );
      after = sql`and ${columns} > (${values})`;
    }
    const rows = await query(this.storage, build(after));
    const more = rows.length > f.limit;
    const pageRows = more ? rows.slice(0, f.limit) : rows;
    const last = pageRows[pageRows.length - 1];
    const page: Page<Record<string, unknown>> = { items: pageRows.map(map) };
    if (more && last) {
      page.nextCursor = this.cursors.encode(
        scope,
        keys.map((k) => {
          const column = k.split('.').pop()!;
          return column === 'start_time' ? iso(last[column])! : Number(last[column]);
        }),
      );
    }
    return page;
  }
}

function resultsState(r: Row) {
  return clean({
    state: String(r.results_state),
    error: (r.results_error as string | null) ?? undefined,
    retryAt: iso(r.results_retry_at),
  });
}
