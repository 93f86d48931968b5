import type { DecodedVariable, SeriesBits, SeriesType } from '@sportscloud/core';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { contentHash } from '../sync/hash';
import * as t from './schema';
import { decodeSeries, encodeSeries } from './series-codec';
import type {
  ListUnit,
  QueuedTask,
  ResultFilter,
  ResultRecord,
  ResultSetInput,
  ResultSource,
  RunRecord,
  StatusCounts,
  SyncStorage,
  TaskOutcome,
  UnitContext,
} from './types';

// biome-ignore lint/suspicious/noExplicitAny: drizzle's PGlite and node-postgres databases share this base type
export type SyncDatabase = PgDatabase<PgQueryResultHKT, Record<string, never>, any>;
type Executor = Pick<SyncDatabase, 'execute' | 'insert' | 'update' | 'delete' | 'select'>;
type Row = Record<string, unknown>;

const rows = async (db: Executor, query: SQL): Promise<Row[]> =>
  ((await db.execute(query)) as unknown as { rows: Row[] }).rows;

/** Rows per INSERT: PostgreSQL takes at most 65 535 parameters per statement (≈ 20 columns × 500 rows). */
const CHUNK = 500;
function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/** A JS list of integers as a PostgreSQL int[] literal (both drivers accept the text form). */
const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;
const textArray = (items: readonly string[]) =>
  `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
const iso = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : new Date(value as string).toISOString();

/**
 * `set` for an upsert: every column but the key from `excluded`, written only when the content hash
 * changed or the row was marked removed (so an unchanged item costs no write).
 */
function upsertSet(table: PgTable, keys: readonly string[], overrides: Record<string, SQL> = {}) {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (keys.includes(key)) continue;
    set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return { ...set, ...overrides };
}

const changed = (table: { hash: unknown; removedAt: unknown }) =>
  sql`${table.hash} is distinct from excluded.hash or ${table.removedAt} is not null`;

/** The tables of listed items whose results are tracked: measurements, sessions and their laps. */
type TrackedTable =
  | typeof t.measurements
  | typeof t.sessions
  | typeof t.measurementLaps
  | typeof t.sessionLaps;

/** Results bookkeeping on a changed item: queued again; unchanged items keep theirs. */
function requeueOnChange(table: TrackedTable) {
  const hashChanged = sql`${table.hash} is distinct from excluded.hash`;
  return {
    resultsState: sql`case when ${hashChanged} then excluded.results_state else ${table.resultsState} end`,
    resultsHash: sql`case when ${hashChanged} then null else ${table.resultsHash} end`,
    resultsAttempts: sql`case when ${hashChanged} then 0 else ${table.resultsAttempts} end`,
    resultsRetryAt: sql`case when ${hashChanged} then null else ${table.resultsRetryAt} end`,
    resultsError: sql`case when ${hashChanged} then null else ${table.resultsError} end`,
  };
}

/**
 * Upserts listed items by their natural key, in chunks: an item whose content hash is unchanged is
 * left as it is; a changed or reappearing one is updated and its results are queued again.
 */
async function upsertTracked<T extends TrackedTable>(
  tx: Executor,
  table: T,
  keys: readonly (keyof T['_']['columns'] & string)[],
  items: readonly T['$inferInsert'][],
): Promise<void> {
  const target = keys.map((key) => table[key as keyof T] as PgColumn);
  const set = upsertSet(table, keys, requeueOnChange(table));
  // Drizzle cannot relate a generic table's row and column types; rows and set are this table's own.
  for (const part of chunks(items)) {
    await tx
      .insert(table)
      .values(part as never)
      .onConflictDoUpdate({ target, set: set as never, setWhere: changed(table) });
  }
}

const TASK_TABLES = {
  measurement: { table: 'sc_measurements', key: 'measurement_id' },
  measurement_lap: { table: 'sc_measurement_laps', key: 'lap_id' },
  session: { table: 'sc_sessions', key: 'session_id' },
  session_lap: { table: 'sc_session_laps', key: 'lap_id' },
} as const;

const DATA_TABLES = [
  'sc_accounts',
  'sc_teams',
  'sc_team_members',
  'sc_athletes',
  'sc_coaches',
  'sc_type_names',
  'sc_measurements',
  'sc_measurement_laps',
  'sc_sessions',
  'sc_session_laps',
  'sc_variables',
  'sc_result_sets',
  'sc_result_scalars',
  'sc_result_series',
] as const;

export class PostgresStorage implements SyncStorage {
  /** `name\u0000unit` → id, filled only from committed transactions. */
  readonly #variableIds = new Map<string, number>();
  readonly #variables = new Map<number, { name: string; unit: string }>();

  readonly #locked = new Set<string>();

  constructor(
    readonly db: SyncDatabase,
    private readonly closeDriver: () => Promise<void>,
    /** Which engine: the embedded one or a server. */
    readonly engine: 'pglite' | 'postgres',
    /**
     * Takes a lock across processes (PostgreSQL: a session advisory lock on its own connection), or
     * says it is held. PGlite serves one process, so a lock within this process is enough.
     */
    private readonly crossProcessLock?: (key: string) => Promise<(() => Promise<void>) | undefined>,
  ) {}

  async acquireRunLock(consumerId: string): Promise<(() => Promise<void>) | undefined> {
    if (this.#locked.has(consumerId)) return undefined;
    this.#locked.add(consumerId);
    try {
      const release = this.crossProcessLock
        ? await this.crossProcessLock(`sc-sync:${consumerId}`)
        : async () => {};
      if (!release) {
        this.#locked.delete(consumerId);
        return undefined;
      }
      return async () => {
        this.#locked.delete(consumerId);
        await release();
      };
    } catch (error) {
      this.#locked.delete(consumerId);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.closeDriver();
  }

  async ensureConsumer(consumerId: string, now: string): Promise<void> {
    await this.db.insert(t.consumers).values({ consumerId, createdAt: now }).onConflictDoNothing();
  }

  async beginRun(consumerId: string, now: string) {
    return this.db.transaction(async (tx) => {
      // The latest run goes on unless it finished: after a crash, an abort, an error or a paused quota.
      const [latest] = await rows(
        tx,
        sql`select * from sc_runs where consumer_id = ${consumerId} order by run_id desc limit 1 for update`,
      );
      let run: RunRecord;
      if (latest && latest.state !== 'done') {
        run = toRun(latest);
        if (run.state !== 'running') {
          await tx.execute(sql`update sc_runs set state = 'running' where run_id = ${run.runId}`);
          run = { ...run, state: 'running' };
        }
      } else {
        const [created] = await tx
          .insert(t.runs)
          .values({ consumerId, startedAt: now, state: 'running', requests: 0 })
          .returning();
        run = toRun(created as unknown as Row);
      }
      const units = await rows(tx, sql`select unit from sc_run_units where run_id = ${run.runId}`);
      return { run, doneUnits: new Set(units.map((u) => String(u.unit))) };
    });
  }

  async finishRun(runId: number, state: RunRecord['state'], now: string, requests: number, message?: string) {
    await this.db.transaction(async (tx) => {
      await tx.execute(
        sql`update sc_runs set state = ${state}, requests = ${requests}, message = ${message ?? null},
            finished_at = ${state === 'paused' ? null : now} where run_id = ${runId}`,
      );
      // A finished run's unit list is no longer needed to resume it.
      if (state === 'done') await tx.execute(sql`delete from sc_run_units where run_id = ${runId}`);
    });
  }

  async lastRun(consumerId: string): Promise<RunRecord | undefined> {
    const [row] = await rows(
      this.db,
      sql`select * from sc_runs where consumer_id = ${consumerId} order by run_id desc limit 1`,
    );
    return row ? toRun(row) : undefined;
  }

  async accountIds(consumerId: string): Promise<string[]> {
    const found = await rows(
      this.db,
      sql`select account_id from sc_consumer_accounts where consumer_id = ${consumerId} and revoked_at is null
          order by account_id`,
    );
    return found.map((r) => String(r.account_id));
  }

  async teamIds(accountId: string): Promise<number[]> {
    const found = await rows(
      this.db,
      sql`select team_id from sc_teams where account_id = ${accountId} and parent_team_id is null
          and removed_at is null order by team_id`,
    );
    return found.map((r) => Number(r.team_id));
  }

  async athleteIds(accountId: string): Promise<number[]> {
    const found = await rows(
      this.db,
      sql`select athlete_id from sc_athletes where account_id = ${accountId} and removed_at is null
          order by athlete_id`,
    );
    return found.map((r) => Number(r.athlete_id));
  }

  async checkpoint(consumerId: string, scope: string): Promise<string | undefined> {
    const [row] = await rows(
      this.db,
      sql`select listed_at from sc_checkpoints where consumer_id = ${consumerId} and scope = ${scope}`,
    );
    return iso(row?.listed_at);
  }

  async quotaUsed(consumerId: string, day: string): Promise<{ used: number; lastRequestAt?: string }> {
    const [row] = await rows(
      this.db,
      sql`select used, last_request_at from sc_quota_usage where consumer_id = ${consumerId} and day = ${day}`,
    );
    const last = await rows(
      this.db,
      sql`select max(last_request_at) as at from sc_quota_usage where consumer_id = ${consumerId}`,
    );
    const lastRequestAt = iso(last[0]?.at);
    return { used: row ? Number(row.used) : 0, ...(lastRequestAt ? { lastRequestAt } : {}) };
  }

  async commitList(unit: ListUnit, context: UnitContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.#applyList(tx, unit, context);
      await tx
        .insert(t.runUnits)
        .values({ runId: context.runId, unit: context.unitKey })
        .onConflictDoNothing();
      if (context.checkpoint) {
        await tx
          .insert(t.checkpoints)
          .values({ consumerId: context.consumerId, ...context.checkpoint })
          .onConflictDoUpdate({
            target: [t.checkpoints.consumerId, t.checkpoints.scope],
            set: { listedAt: context.checkpoint.listedAt },
          });
      }
      await this.#bookkeeping(tx, context);
    });
  }

  async #bookkeeping(tx: Executor, context: Omit<UnitContext, 'unitKey'>): Promise<void> {
    await tx.execute(
      sql`insert into sc_quota_usage (consumer_id, day, used, last_request_at)
          values (${context.consumerId}, ${context.quota.day}, ${context.quota.used}, ${context.quota.lastRequestAt ?? null})
          on conflict (consumer_id, day) do update set used = greatest(sc_quota_usage.used, excluded.used),
          last_request_at = greatest(sc_quota_usage.last_request_at, excluded.last_request_at)`,
    );
    await tx.execute(
      sql`update sc_runs set requests = greatest(requests, ${context.runRequests}) where run_id = ${context.runId}`,
    );
  }

  async #applyList(tx: Executor, unit: ListUnit, context: UnitContext): Promise<void> {
    switch (unit.kind) {
      case 'accounts': {
        if (unit.accounts.length > 0) {
          await tx
            .insert(t.accounts)
            .values(
              unit.accounts.map((a) => ({
                accountId: a.accountId,
                name: a.name ?? null,
                authorizedByCoachId: a.authorizedBy?.coachId ?? null,
                hash: contentHash(a),
              })),
            )
            .onConflictDoUpdate({
              target: t.accounts.accountId,
              set: upsertSet(t.accounts, ['accountId']),
              setWhere: sql`${t.accounts.hash} is distinct from excluded.hash`,
            });
          await tx
            .insert(t.consumerAccounts)
            .values(unit.accounts.map((a) => ({ consumerId: context.consumerId, accountId: a.accountId })))
            .onConflictDoUpdate({
              target: [t.consumerAccounts.consumerId, t.consumerAccounts.accountId],
              set: { revokedAt: null },
              setWhere: sql`${t.consumerAccounts.revokedAt} is not null`,
            });
        }
        await tx.execute(
          sql`update sc_consumer_accounts set revoked_at = ${context.now}
              where consumer_id = ${context.consumerId} and revoked_at is null
              and not (account_id = any(${textArray(unit.accounts.map((a) => a.accountId))}::text[]))`,
        );
        return;
      }
      case 'types': {
        const values = [
          ...unit.sportsTypes.map((name) => ({ kind: 'sport', name })),
          ...unit.eventTypes.map((name) => ({ kind: 'event', name })),
        ];
        if (values.length > 0) await tx.insert(t.typeNames).values(values).onConflictDoNothing();
        return;
      }
      case 'athletes':
      case 'coaches': {
        const table = unit.kind === 'athletes' ? t.athletes : t.coaches;
        const idKey = unit.kind === 'athletes' ? 'athleteId' : 'coachId';
        const people: Array<{ firstName?: string; lastName?: string; email?: string }> =
          unit.kind === 'athletes' ? unit.athletes : unit.coaches;
        const ids = people.map((p) => Number((p as Record<string, unknown>)[idKey]));
        for (const part of chunks(people)) {
          await tx
            .insert(table)
            .values(
              part.map((p) => ({
                accountId: unit.accountId,
                [idKey]: Number((p as Record<string, unknown>)[idKey]),
                firstName: p.firstName ?? null,
                lastName: p.lastName ?? null,
                email: p.email ?? null,
                hash: contentHash(p),
                removedAt: null,
              })) as (typeof t.athletes.$inferInsert)[],
            )
            .onConflictDoUpdate({
              target: [table.accountId, unit.kind === 'athletes' ? t.athletes.athleteId : t.coaches.coachId],
              set: upsertSet(table, ['accountId', idKey]),
              setWhere: changed(table),
            });
        }
        const idColumn = unit.kind === 'athletes' ? 'athlete_id' : 'coach_id';
        await tx.execute(
          sql`update ${table} set removed_at = ${context.now} where account_id = ${unit.accountId}
              and removed_at is null and not (${sql.raw(idColumn)} = any(${intArray(ids)}::int[]))`,
        );
        return;
      }
      case 'teams':
        return this.#applyTeams(tx, unit, context);
      case 'measurements':
        return this.#applyMeasurements(tx, unit, context);
      case 'sessions':
        return this.#applySessions(tx, unit, context);
    }
  }

  async #applyTeams(tx: Executor, unit: Extract<ListUnit, { kind: 'teams' }>, context: UnitContext) {
    const teamRows: (typeof t.teams.$inferInsert)[] = [];
    const members: Array<[number, number]> = [];
    for (const team of unit.teams) {
      teamRows.push({
        accountId: unit.accountId,
        teamId: team.teamId,
        parentTeamId: null,
        name: team.name ?? null,
        hash: contentHash({ ...team, groups: undefined }),
        removedAt: null,
      });
      for (const athleteId of team.athleteIds ?? []) members.push([team.teamId, athleteId]);
      for (const group of team.groups ?? []) {
        teamRows.push({
          accountId: unit.accountId,
          teamId: group.groupId,
          parentTeamId: team.teamId,
          name: group.name ?? null,
          hash: contentHash({ ...group, parentTeamId: team.teamId }),
          removedAt: null,
        });
        for (const athleteId of group.athleteIds ?? []) members.push([group.groupId, athleteId]);
      }
    }
    for (const part of chunks(teamRows)) {
      await tx
        .insert(t.teams)
        .values(part)
        .onConflictDoUpdate({
          target: [t.teams.accountId, t.teams.teamId],
          set: upsertSet(t.teams, ['accountId', 'teamId']),
          setWhere: changed(t.teams),
        });
    }
    await tx.execute(
      sql`update sc_teams set removed_at = ${context.now} where account_id = ${unit.accountId}
          and removed_at is null and not (team_id = any(${intArray(teamRows.map((r) => r.teamId))}::int[]))`,
    );
    // Memberships: only the differences are written.
    await tx.execute(
      sql`delete from sc_team_members m where m.account_id = ${unit.accountId} and not exists (
            select 1 from unnest(${intArray(members.map((m) => m[0]))}::int[], ${intArray(members.map((m) => m[1]))}::int[])
            as want(team_id, athlete_id) where want.team_id = m.team_id and want.athlete_id = m.athlete_id)`,
    );
    for (const part of chunks(members)) {
      await tx
        .insert(t.teamMembers)
        .values(part.map(([teamId, athleteId]) => ({ accountId: unit.accountId, teamId, athleteId })))
        .onConflictDoNothing();
    }
  }

  async #applyMeasurements(
    tx: Executor,
    unit: Extract<ListUnit, { kind: 'measurements' }>,
    context: UnitContext,
  ) {
    const list = unit.measurements;
    await upsertTracked(
      tx,
      t.measurements,
      ['accountId', 'measurementId'],
      list.map((m) => ({
        accountId: unit.accountId,
        measurementId: m.measurementId,
        athleteId: m.athleteId ?? unit.athleteId,
        sessionId: m.sessionId ?? 0,
        measurementType: m.measurementType ?? null,
        exerciseType: m.exerciseType ?? null,
        sportsType: m.sportsType ?? null,
        eventType: m.eventType ?? null,
        notes: m.notes ?? null,
        startTime: m.startTime ?? context.now,
        startTimeLocal: m.startTimeLocal ?? null,
        endTime: m.endTime ?? null,
        endTimeLocal: m.endTimeLocal ?? null,
        // Laps are their own rows: a new lap must not refetch the whole measurement.
        hash: contentHash({ ...m, laps: undefined }),
        removedAt: null,
        resultsState: 'pending',
      })),
    );
    const laps = list.flatMap((m) =>
      (m.laps ?? []).map((lap) => ({
        accountId: unit.accountId,
        lapId: lap.lapId,
        measurementId: m.measurementId,
        athleteId: m.athleteId ?? unit.athleteId,
        name: lap.name ?? null,
        startTime: lap.startTime ?? m.startTime ?? context.now,
        startTimeLocal: lap.startTimeLocal ?? null,
        endTime: lap.endTime ?? null,
        endTimeLocal: lap.endTimeLocal ?? null,
        hash: contentHash(lap),
        removedAt: null,
        resultsState: 'pending',
      })),
    );
    await upsertTracked(tx, t.measurementLaps, ['accountId', 'lapId'], laps);
    const ids = intArray(list.map((m) => m.measurementId));
    const window = unit.from === undefined ? sql`true` : sql`start_time >= ${unit.from}`;
    // Gone upstream inside the listed window: marked, never deleted (their results stay readable).
    await tx.execute(
      sql`update sc_measurements set removed_at = ${context.now} where account_id = ${unit.accountId}
          and athlete_id = ${unit.athleteId} and removed_at is null and ${window}
          and not (measurement_id = any(${ids}::int[]))`,
    );
    await tx.execute(
      sql`update sc_measurement_laps set removed_at = ${context.now} where account_id = ${unit.accountId}
          and measurement_id = any(${ids}::int[]) and removed_at is null
          and not (lap_id = any(${intArray(laps.map((l) => l.lapId))}::int[]))`,
    );
  }

  async #applySessions(tx: Executor, unit: Extract<ListUnit, { kind: 'sessions' }>, context: UnitContext) {
    const list = unit.sessions;
    await upsertTracked(
      tx,
      t.sessions,
      ['accountId', 'sessionId'],
      list.map((s) => ({
        accountId: unit.accountId,
        sessionId: s.sessionId,
        teamId: unit.teamId,
        coachId: s.coachId ?? null,
        sessionType: s.sessionType ?? null,
        sportsType: s.sportsType ?? null,
        eventType: s.eventType ?? null,
        notes: s.notes ?? null,
        athleteIds: [...(s.athleteIds ?? [])],
        startTime: s.startTime ?? context.now,
        startTimeLocal: s.startTimeLocal ?? null,
        endTime: s.endTime ?? null,
        endTimeLocal: s.endTimeLocal ?? null,
        hash: contentHash({ ...s, laps: undefined }),
        removedAt: null,
        resultsState: 'pending',
      })),
    );
    const laps = list.flatMap((s) =>
      (s.laps ?? []).map((lap) => ({
        accountId: unit.accountId,
        lapId: lap.lapId,
        sessionId: s.sessionId,
        teamId: unit.teamId,
        name: lap.name ?? null,
        athleteIds: [...(lap.athleteIds ?? [])],
        startTime: lap.startTime ?? s.startTime ?? context.now,
        startTimeLocal: lap.startTimeLocal ?? null,
        endTime: lap.endTime ?? null,
        endTimeLocal: lap.endTimeLocal ?? null,
        hash: contentHash(lap),
        removedAt: null,
        resultsState: 'pending',
      })),
    );
    await upsertTracked(tx, t.sessionLaps, ['accountId', 'lapId'], laps);
    const ids = intArray(list.map((s) => s.sessionId));
    const window = unit.from === undefined ? sql`true` : sql`start_time >= ${unit.from}`;
    await tx.execute(
      sql`update sc_sessions set removed_at = ${context.now} where account_id = ${unit.accountId}
          and team_id = ${unit.teamId} and removed_at is null and ${window}
          and not (session_id = any(${ids}::int[]))`,
    );
    await tx.execute(
      sql`update sc_session_laps set removed_at = ${context.now} where account_id = ${unit.accountId}
          and team_id = ${unit.teamId} and removed_at is null
          and (not (session_id = any(${ids}::int[])) and ${window}
               or session_id = any(${ids}::int[]) and not (lap_id = any(${intArray(laps.map((l) => l.lapId))}::int[])))`,
    );
  }

  async reconcileSessionMembership(accountIds: readonly string[]): Promise<number> {
    const accounts = textArray(accountIds);
    const inStoredSession = sql`exists (select 1 from sc_sessions s where s.account_id = m.account_id
        and s.session_id = m.session_id and s.removed_at is null)`;
    const [a] = await rows(
      this.db,
      sql`with changed as (update sc_measurements m set results_state = 'none'
          where m.account_id = any(${accounts}::text[]) and m.session_id <> 0
          and m.results_state <> 'none' and m.results_state <> 'done' and ${inStoredSession}
          returning 1) select count(*)::int as n from changed`,
    );
    const [b] = await rows(
      this.db,
      sql`with changed as (update sc_measurements m set results_state = 'pending'
          where m.account_id = any(${accounts}::text[]) and m.results_state = 'none'
          and (m.session_id = 0 or not ${inStoredSession})
          returning 1) select count(*)::int as n from changed`,
    );
    return Number(a?.n ?? 0) + Number(b?.n ?? 0);
  }

  async queuedTasks(accountIds: readonly string[], now: string): Promise<QueuedTask[]> {
    const accounts = textArray(accountIds);
    const due = sql`(results_state = 'pending' or (results_state in ('failed', 'error') and results_retry_at <= ${now}))`;
    const found = await rows(
      this.db,
      sql`select * from (
        select 'session' as kind, 0 as priority, account_id, team_id, session_id, 0 as athlete_id,
               0 as measurement_id, 0 as lap_id, athlete_ids, hash, start_time, results_attempts
          from sc_sessions where account_id = any(${accounts}::text[]) and removed_at is null and ${due}
        union all
        select 'session_lap', 1, l.account_id, l.team_id, l.session_id, 0, 0, l.lap_id, l.athlete_ids, l.hash,
               l.start_time, l.results_attempts
          from sc_session_laps l where l.account_id = any(${accounts}::text[]) and l.removed_at is null
          and ${due} and exists (select 1 from sc_sessions s where s.account_id = l.account_id
            and s.session_id = l.session_id and s.removed_at is null)
        union all
        select 'measurement', 0, account_id, 0, session_id, athlete_id, measurement_id, 0, null, hash,
               start_time, results_attempts
          from sc_measurements where account_id = any(${accounts}::text[]) and removed_at is null and ${due}
        union all
        select 'measurement_lap', 1, l.account_id, 0, 0, l.athlete_id, l.measurement_id, l.lap_id, null, l.hash,
               l.start_time, l.results_attempts
          from sc_measurement_laps l where l.account_id = any(${accounts}::text[]) and l.removed_at is null
          and ${due} and exists (select 1 from sc_measurements m where m.account_id = l.account_id
            and m.measurement_id = l.measurement_id and m.removed_at is null)
      ) q order by start_time desc, priority, kind, lap_id`,
    );
    return found.map((r): QueuedTask => {
      const base = {
        accountId: String(r.account_id),
        hash: String(r.hash),
        startTime: iso(r.start_time) as string,
        attempts: Number(r.results_attempts),
      };
      const athleteIds = ((r.athlete_ids as number[] | null) ?? []).map(Number);
      switch (r.kind) {
        case 'session':
          return {
            ...base,
            kind: 'session',
            teamId: Number(r.team_id),
            sessionId: Number(r.session_id),
            athleteIds,
          };
        case 'session_lap':
          return {
            ...base,
            kind: 'session_lap',
            teamId: Number(r.team_id),
            sessionId: Number(r.session_id),
            lapId: Number(r.lap_id),
            athleteIds,
          };
        case 'measurement':
          return {
            ...base,
            kind: 'measurement',
            athleteId: Number(r.athlete_id),
            measurementId: Number(r.measurement_id),
          };
        default:
          return {
            ...base,
            kind: 'measurement_lap',
            athleteId: Number(r.athlete_id),
            measurementId: Number(r.measurement_id),
            lapId: Number(r.lap_id),
          };
      }
    });
  }

  async commitTask(
    task: QueuedTask,
    outcome: TaskOutcome,
    context: Omit<UnitContext, 'unitKey'>,
  ): Promise<void> {
    const created = new Map<string, number>();
    await this.db.transaction(async (tx) => {
      const { table, key } = TASK_TABLES[task.kind];
      const id = task.kind === 'session' ? task.sessionId : 'lapId' in task ? task.lapId : task.measurementId;
      const target = sql`account_id = ${task.accountId} and ${sql.raw(key)} = ${id} and hash = ${task.hash}`;
      if (outcome.status === 'done') {
        for (const set of outcome.sets) await this.#storeSet(tx, set, context.consumerId, created);
        await tx.execute(
          sql`update ${sql.raw(table)} set results_state = 'done', results_hash = hash, results_attempts = 0,
              results_retry_at = null, results_error = null where ${target}`,
        );
      } else {
        await tx.execute(
          sql`update ${sql.raw(table)} set results_state = ${outcome.status},
              results_attempts = results_attempts + 1, results_retry_at = ${outcome.retryAt},
              results_error = ${outcome.reason} where ${target}`,
        );
      }
      await this.#bookkeeping(tx, context);
    });
    for (const [k, v] of created) this.#remember(v, k);
  }

  #remember(id: number, key: string) {
    this.#variableIds.set(key, id);
    const [name = '', unit = ''] = key.split('\u0000');
    this.#variables.set(id, { name, unit });
  }

  async #variableId(tx: Executor, name: string, unit: string, created: Map<string, number>): Promise<number> {
    const key = `${name}\u0000${unit}`;
    const known = this.#variableIds.get(key) ?? created.get(key);
    if (known !== undefined) return known;
    await tx.insert(t.variables).values({ name, unit }).onConflictDoNothing();
    const [row] = await rows(
      tx,
      sql`select variable_id from sc_variables where name = ${name} and unit = ${unit}`,
    );
    const id = Number(row?.variable_id);
    created.set(key, id);
    return id;
  }

  async #storeSet(tx: Executor, set: ResultSetInput, consumerId: string, created: Map<string, number>) {
    const values = {
      accountId: set.accountId,
      source: set.source,
      measurementId: set.measurementId,
      lapId: set.lapId,
      athleteId: set.athleteId,
      sessionId: set.sessionId,
      startTime: set.startTime,
      startTimeLocal: set.startTimeLocal ?? null,
      endTime: set.endTime ?? null,
      endTimeLocal: set.endTimeLocal ?? null,
      consumerId,
    };
    const [stored] = await tx
      .insert(t.resultSets)
      .values(values)
      .onConflictDoUpdate({
        target: [t.resultSets.accountId, t.resultSets.source, t.resultSets.measurementId, t.resultSets.lapId],
        set: upsertSet(t.resultSets, ['resultSetId', 'accountId', 'source', 'measurementId', 'lapId']),
      })
      .returning({ id: t.resultSets.resultSetId });
    const id = stored!.id;
    await tx.execute(sql`delete from sc_result_scalars where result_set_id = ${id}`);
    await tx.execute(sql`delete from sc_result_series where result_set_id = ${id}`);
    // A measurement's own results and its session's are the same analysis: keep one record of it.
    if (set.lapId === 0 && (set.source === 'measurement' || set.source === 'session')) {
      const other = set.source === 'measurement' ? 'session' : 'measurement';
      const old = await rows(
        tx,
        sql`delete from sc_result_sets where account_id = ${set.accountId} and source = ${other}
            and measurement_id = ${set.measurementId} and lap_id = 0 returning result_set_id`,
      );
      for (const r of old) {
        await tx.execute(sql`delete from sc_result_scalars where result_set_id = ${Number(r.result_set_id)}`);
        await tx.execute(sql`delete from sc_result_series where result_set_id = ${Number(r.result_set_id)}`);
      }
    }
    const scalars: (typeof t.resultScalars.$inferInsert)[] = [];
    const series: (typeof t.resultSeries.$inferInsert)[] = [];
    for (const v of set.variables) {
      const variableId = await this.#variableId(tx, v.name, v.unit ?? '', created);
      if ('values' in v) {
        series.push({
          resultSetId: id,
          variableId,
          type: v.type,
          bits: v.bits,
          samplingRate: v.samplingRate ?? null,
          startTime: set.startTime,
          length: v.values.length,
          data: encodeSeries(v.values, v.bits),
        });
      } else {
        scalars.push({ resultSetId: id, variableId, value: v.value });
      }
    }
    for (const part of chunks(scalars)) await tx.insert(t.resultScalars).values(part);
    for (const part of chunks(series)) await tx.insert(t.resultSeries).values(part);
  }

  async counts(accountIds?: readonly string[]): Promise<StatusCounts> {
    const scope = accountIds ? sql`account_id = any(${textArray(accountIds)}::text[])` : sql`true`;
    const count = async (table: string, where: SQL = sql`true`) => {
      const [r] = await rows(
        this.db,
        sql`select count(*)::int as n from ${sql.raw(table)} where ${scope} and ${where}`,
      );
      return Number(r?.n ?? 0);
    };
    const live = sql`removed_at is null`;
    const resultTables = ['sc_sessions', 'sc_session_laps', 'sc_measurements', 'sc_measurement_laps'];
    let pending = 0;
    let failed = 0;
    let errors = 0;
    for (const table of resultTables) {
      pending += await count(table, sql`${live} and results_state = 'pending'`);
      failed += await count(table, sql`${live} and results_state = 'failed'`);
      errors += await count(table, sql`${live} and results_state = 'error'`);
    }
    return {
      accounts: await count('sc_accounts'),
      athletes: await count('sc_athletes', live),
      teams: await count('sc_teams', live),
      coaches: await count('sc_coaches', live),
      measurements: await count('sc_measurements', live),
      sessions: await count('sc_sessions', live),
      measurementLaps: await count('sc_measurement_laps', live),
      sessionLaps: await count('sc_session_laps', live),
      resultSets: await count('sc_result_sets'),
      pending,
      failed,
      errors,
      measurementsWithoutSession: await count('sc_measurements', sql`${live} and session_id = 0`),
      removed: {
        measurements: await count('sc_measurements', sql`removed_at is not null`),
        sessions: await count('sc_sessions', sql`removed_at is not null`),
      },
    };
  }

  async errors(accountIds: readonly string[], limit = 50) {
    const accounts = textArray(accountIds);
    const found = await rows(
      this.db,
      sql`select * from (
          select 'session ' || account_id || '/' || session_id as item, results_error, results_retry_at
            from sc_sessions where account_id = any(${accounts}::text[]) and results_state in ('failed', 'error')
          union all
          select 'session lap ' || account_id || '/' || session_id || '/' || lap_id, results_error, results_retry_at
            from sc_session_laps where account_id = any(${accounts}::text[]) and results_state in ('failed', 'error')
          union all
          select 'measurement ' || account_id || '/' || measurement_id, results_error, results_retry_at
            from sc_measurements where account_id = any(${accounts}::text[]) and results_state in ('failed', 'error')
          union all
          select 'measurement lap ' || account_id || '/' || measurement_id || '/' || lap_id, results_error,
                 results_retry_at
            from sc_measurement_laps where account_id = any(${accounts}::text[]) and results_state in ('failed', 'error')
        ) q order by results_retry_at desc nulls last limit ${limit}`,
    );
    return found.map((r) => ({ item: String(r.item), cause: String(r.results_error ?? '') }));
  }

  async resultBytes(): Promise<number> {
    const [r] = await rows(
      this.db,
      sql`select (pg_total_relation_size('sc_result_sets') + pg_total_relation_size('sc_result_scalars')
          + pg_total_relation_size('sc_result_series') + pg_total_relation_size('sc_variables'))::bigint as n`,
    );
    return Number(r?.n ?? 0);
  }

  /**
   * Row versions of every data table (PostgreSQL's `xmin` per row): equal before and after a sync
   * means the sync wrote no data row. For tests and the benchmark.
   */
  async dataFingerprint(): Promise<string> {
    const parts: string[] = [];
    for (const table of DATA_TABLES) {
      const [r] = await rows(
        this.db,
        sql`select count(*)::int as n, coalesce(sum(xmin::text::bigint), 0)::text as x from ${sql.raw(table)}`,
      );
      parts.push(`${table}:${r?.n}:${r?.x}`);
    }
    return parts.join(' ');
  }

  async *readResults(filter: ResultFilter = {}): AsyncIterable<ResultRecord> {
    const batchSize = Math.min(Math.max(1, Math.trunc(filter.batchSize ?? 200)), 5_000);
    const where: SQL[] = [];
    if (filter.consumerId !== undefined) {
      where.push(sql`rs.account_id in (select account_id from sc_consumer_accounts
        where consumer_id = ${filter.consumerId} and revoked_at is null)`);
    }
    if (filter.accountIds) where.push(sql`rs.account_id = any(${textArray(filter.accountIds)}::text[])`);
    if (filter.athleteIds) where.push(sql`rs.athlete_id = any(${intArray(filter.athleteIds)}::int[])`);
    if (filter.sessionIds) where.push(sql`rs.session_id = any(${intArray(filter.sessionIds)}::int[])`);
    if (filter.measurementIds)
      where.push(sql`rs.measurement_id = any(${intArray(filter.measurementIds)}::int[])`);
    if (filter.lapIds) where.push(sql`rs.lap_id = any(${intArray(filter.lapIds)}::int[])`);
    if (filter.teamIds) {
      where.push(sql`exists (select 1 from sc_team_members tm where tm.account_id = rs.account_id
        and tm.athlete_id = rs.athlete_id and tm.team_id = any(${intArray(filter.teamIds)}::int[]))`);
    }
    if (filter.fromTime !== undefined)
      where.push(sql`rs.start_time >= ${toIso(filter.fromTime, 'fromTime')}`);
    if (filter.toTime !== undefined) where.push(sql`rs.start_time < ${toIso(filter.toTime, 'toTime')}`);
    if (filter.includeLaps === false) where.push(sql`rs.lap_id = 0`);
    const wanted = filter.variables ? new Set(filter.variables) : undefined;

    let cursor = 0;
    for (;;) {
      const conditions = sql.join([sql`rs.result_set_id > ${cursor}`, ...where], sql` and `);
      const sets = await rows(
        this.db,
        sql`select * from sc_result_sets rs where ${conditions} order by rs.result_set_id limit ${batchSize}`,
      );
      if (sets.length === 0) return;
      const ids = sets.map((s) => Number(s.result_set_id));
      cursor = ids[ids.length - 1]!;
      const idList = intArray(ids);
      const range = sql`result_set_id between ${ids[0]} and ${cursor} and result_set_id = any(${idList}::int[])`;
      const scalars = await rows(
        this.db,
        sql`select result_set_id, variable_id, value from sc_result_scalars where ${range}`,
      );
      const series =
        filter.series === false
          ? []
          : await rows(
              this.db,
              sql`select result_set_id, variable_id, type, bits, sampling_rate, data from sc_result_series where ${range}`,
            );
      await this.#loadVariables([...scalars, ...series].map((r) => Number(r.variable_id)));
      const byId = new Map<number, DecodedVariable[]>(ids.map((id) => [id, []]));
      for (const s of scalars) {
        const v = this.#variables.get(Number(s.variable_id))!;
        if (wanted && !wanted.has(v.name)) continue;
        byId.get(Number(s.result_set_id))!.push({
          name: v.name,
          ...(v.unit ? { unit: v.unit } : {}),
          value: Number(s.value),
        });
      }
      for (const s of series) {
        const v = this.#variables.get(Number(s.variable_id))!;
        if (wanted && !wanted.has(v.name)) continue;
        const type = String(s.type) as SeriesType;
        const bits = Number(s.bits) as SeriesBits;
        byId.get(Number(s.result_set_id))!.push({
          name: v.name,
          ...(v.unit ? { unit: v.unit } : {}),
          ...(s.sampling_rate ? { samplingRate: String(s.sampling_rate) } : {}),
          type,
          bits,
          values: decodeSeries(s.data as Uint8Array, type, bits),
        } as DecodedVariable);
      }
      for (const s of sets) {
        const variables = byId.get(Number(s.result_set_id))!;
        if (wanted && variables.length === 0) continue;
        const lapId = Number(s.lap_id);
        const sessionId = Number(s.session_id);
        const record: ResultRecord = {
          consumerId: String(s.consumer_id),
          accountId: String(s.account_id),
          athleteId: Number(s.athlete_id),
          measurementId: Number(s.measurement_id),
          ...(sessionId !== 0 ? { sessionId } : {}),
          ...(lapId !== 0 ? { lapId } : {}),
          startTime: iso(s.start_time)!,
          ...(s.start_time_local ? { startTimeLocal: String(s.start_time_local) } : {}),
          ...(s.end_time ? { endTime: iso(s.end_time)! } : {}),
          ...(s.end_time_local ? { endTimeLocal: String(s.end_time_local) } : {}),
          source: String(s.source) as ResultSource,
          variables,
        };
        yield record;
      }
      if (sets.length < batchSize) return;
    }
  }

  async #loadVariables(ids: number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.#variables.has(id));
    if (missing.length === 0) return;
    const found = await rows(
      this.db,
      sql`select variable_id, name, unit from sc_variables where variable_id = any(${intArray(missing)}::int[])`,
    );
    for (const r of found) this.#remember(Number(r.variable_id), `${r.name}\u0000${r.unit}`);
  }
}

export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
}

function toIso(value: string | Date, field: string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidFilterError(`${field} is not a valid date-time: ${String(value)}`);
  return new Date(ms).toISOString();
}

function toRun(r: Row): RunRecord {
  const get = (snake: string, camel: string) => r[snake] ?? r[camel];
  const finishedAt = iso(get('finished_at', 'finishedAt'));
  const message = get('message', 'message');
  return {
    runId: Number(get('run_id', 'runId')),
    consumerId: String(get('consumer_id', 'consumerId')),
    startedAt: iso(get('started_at', 'startedAt'))!,
    ...(finishedAt ? { finishedAt } : {}),
    state: String(get('state', 'state')) as RunRecord['state'],
    requests: Number(get('requests', 'requests')),
    ...(message ? { message: String(message) } : {}),
  };
}
