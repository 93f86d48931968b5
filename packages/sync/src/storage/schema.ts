import {
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  smallserial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * One schema for PGlite and PostgreSQL. Upstream rows are keyed by their natural keys (the API's ids
 * within an account), so an upsert is idempotent. `hash` is a content hash of the list item as the API
 * sent it: an unchanged item is never rewritten, and a changed one is queued for its results again.
 */

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  // node-postgres hands back a Buffer (a Uint8Array); PGlite a Uint8Array.
  fromDriver: (value) => value,
});

const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** What a results unit is waiting for. `none` = nothing to fetch (its results come with its session). */
const resultsState = {
  resultsState: text('results_state').notNull().default('pending'),
  /** Content hash the stored results belong to. */
  resultsHash: text('results_hash'),
  resultsAttempts: integer('results_attempts').notNull().default(0),
  /** A failed analysis (204) is retried from this time on (hours, then days). */
  resultsRetryAt: utc('results_retry_at'),
  resultsError: text('results_error'),
};

const times = {
  startTime: utc('start_time').notNull(),
  startTimeLocal: text('start_time_local'),
  endTime: utc('end_time'),
  endTimeLocal: text('end_time_local'),
};

export const consumers = pgTable('sc_consumers', {
  consumerId: text('consumer_id').primaryKey(),
  createdAt: utc('created_at').notNull(),
});

export const consumerAccounts = pgTable(
  'sc_consumer_accounts',
  {
    consumerId: text('consumer_id').notNull(),
    accountId: text('account_id').notNull(),
    /** Set when the account is no longer granted to this consumer. */
    revokedAt: utc('revoked_at'),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.accountId] })],
);

export const accounts = pgTable('sc_accounts', {
  accountId: text('account_id').primaryKey(),
  name: text('name'),
  authorizedByCoachId: integer('authorized_by_coach_id'),
  hash: text('hash').notNull(),
});

/** Teams and their groups: a group is a team row with `parent_team_id` (the API accepts either id). */
export const teams = pgTable(
  'sc_teams',
  {
    accountId: text('account_id').notNull(),
    teamId: integer('team_id').notNull(),
    parentTeamId: integer('parent_team_id'),
    name: text('name'),
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.teamId] })],
);

export const teamMembers = pgTable(
  'sc_team_members',
  {
    accountId: text('account_id').notNull(),
    teamId: integer('team_id').notNull(),
    athleteId: integer('athlete_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.teamId, t.athleteId] })],
);

export const athletes = pgTable(
  'sc_athletes',
  {
    accountId: text('account_id').notNull(),
    athleteId: integer('athlete_id').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.athleteId] })],
);

export const coaches = pgTable(
  'sc_coaches',
  {
    accountId: text('account_id').notNull(),
    coachId: integer('coach_id').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.coachId] })],
);

/** `sports-types` and `event-types`: kind is `sport` or `event`. */
export const typeNames = pgTable(
  'sc_type_names',
  {
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.name] })],
);

export const measurements = pgTable(
  'sc_measurements',
  {
    accountId: text('account_id').notNull(),
    measurementId: integer('measurement_id').notNull(),
    athleteId: integer('athlete_id').notNull(),
    /** 0 = in no session (sessions are made by coaches by hand; many measurements never get one). */
    sessionId: integer('session_id').notNull().default(0),
    measurementType: text('measurement_type'),
    exerciseType: text('exercise_type'),
    sportsType: text('sports_type'),
    eventType: text('event_type'),
    notes: text('notes'),
    ...times,
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
    ...resultsState,
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.measurementId] }),
    index('sc_measurements_athlete_start').on(t.accountId, t.athleteId, t.startTime),
    index('sc_measurements_results').on(t.resultsState, t.startTime),
  ],
);

export const measurementLaps = pgTable(
  'sc_measurement_laps',
  {
    accountId: text('account_id').notNull(),
    lapId: integer('lap_id').notNull(),
    measurementId: integer('measurement_id').notNull(),
    athleteId: integer('athlete_id').notNull(),
    name: text('name'),
    ...times,
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
    ...resultsState,
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.lapId] }),
    index('sc_measurement_laps_measurement').on(t.accountId, t.measurementId),
  ],
);

export const sessions = pgTable(
  'sc_sessions',
  {
    accountId: text('account_id').notNull(),
    sessionId: integer('session_id').notNull(),
    /** The top-level team the session was listed under (a group's sessions are listed under its team). */
    teamId: integer('team_id').notNull(),
    coachId: integer('coach_id'),
    sessionType: text('session_type'),
    sportsType: text('sports_type'),
    eventType: text('event_type'),
    notes: text('notes'),
    athleteIds: integer('athlete_ids').array().notNull(),
    ...times,
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
    ...resultsState,
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.sessionId] }),
    index('sc_sessions_team_start').on(t.accountId, t.teamId, t.startTime),
  ],
);

export const sessionLaps = pgTable(
  'sc_session_laps',
  {
    accountId: text('account_id').notNull(),
    lapId: integer('lap_id').notNull(),
    sessionId: integer('session_id').notNull(),
    teamId: integer('team_id').notNull(),
    name: text('name'),
    athleteIds: integer('athlete_ids').array().notNull(),
    ...times,
    hash: text('hash').notNull(),
    removedAt: utc('removed_at'),
    ...resultsState,
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.lapId] }),
    index('sc_session_laps_session').on(t.accountId, t.sessionId),
  ],
);

/** Variable names and units, so each result row carries a 2-byte id instead of the name. */
export const variables = pgTable(
  'sc_variables',
  {
    variableId: smallserial('variable_id').primaryKey(),
    name: text('name').notNull(),
    /** '' when the API sent no unit (a unique key needs a value). */
    unit: text('unit').notNull(),
  },
  (t) => [uniqueIndex('sc_variables_name_unit').on(t.name, t.unit)],
);

/**
 * One analysed thing: a measurement (from its own results or from its session's), or a lap of one.
 * `source`: measurement | session | measurement_lap | session_lap. Natural key: account, source,
 * measurement, lap (0 for a whole measurement).
 */
export const resultSets = pgTable(
  'sc_result_sets',
  {
    resultSetId: serial('result_set_id').primaryKey(),
    accountId: text('account_id').notNull(),
    source: text('source').notNull(),
    measurementId: integer('measurement_id').notNull(),
    lapId: integer('lap_id').notNull(),
    athleteId: integer('athlete_id').notNull(),
    sessionId: integer('session_id').notNull(),
    ...times,
    /** The consumer whose sync stored it. */
    consumerId: text('consumer_id').notNull(),
  },
  (t) => [
    uniqueIndex('sc_result_sets_natural').on(t.accountId, t.source, t.measurementId, t.lapId),
    index('sc_result_sets_athlete_start').on(t.accountId, t.athleteId, t.startTime),
  ],
);

/**
 * Scalars, one row each. Children of a result set are replaced as a whole in the transaction that
 * upserts it, so the BRIN index (a few pages for millions of rows, ids grow with time) is enough.
 */
export const resultScalars = pgTable(
  'sc_result_scalars',
  {
    resultSetId: integer('result_set_id').notNull(),
    variableId: smallint('variable_id').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [index('sc_result_scalars_set').using('brin', t.resultSetId)],
);

/**
 * Series as typed bytes: `data` is the zlib stream of the packed big-endian values (the API's own
 * binary layout, before base64), described by `type`, `bits`, `sampling_rate` and `start_time`.
 */
export const resultSeries = pgTable(
  'sc_result_series',
  {
    resultSetId: integer('result_set_id').notNull(),
    variableId: smallint('variable_id').notNull(),
    type: text('type').notNull(),
    bits: smallint('bits').notNull(),
    /** As the API spells it, e.g. '0.2Hz'; null for beat-to-beat (RR) series. */
    samplingRate: text('sampling_rate'),
    startTime: utc('start_time').notNull(),
    length: integer('length').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [index('sc_result_series_set').using('brin', t.resultSetId)],
);

/** Where the next list of a scope starts (minus the overlap window). Scope e.g. `measurements:1-2:356201`. */
export const checkpoints = pgTable(
  'sc_checkpoints',
  {
    consumerId: text('consumer_id').notNull(),
    scope: text('scope').notNull(),
    listedAt: utc('listed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.scope] })],
);

/** One sync run of a consumer. An unfinished run is resumed, so list calls done before a crash are not repeated. */
export const runs = pgTable(
  'sc_runs',
  {
    runId: serial('run_id').primaryKey(),
    consumerId: text('consumer_id').notNull(),
    startedAt: utc('started_at').notNull(),
    finishedAt: utc('finished_at'),
    /** running | done | paused (daily quota) | failed */
    state: text('state').notNull(),
    /** Requests sent by this run (all of its processes). */
    requests: integer('requests').notNull().default(0),
    message: text('message'),
  },
  (t) => [index('sc_runs_consumer').on(t.consumerId, t.runId)],
);

/** List units a run has committed (e.g. `teams:1-2`, `sessions:1-2:1781`). */
export const runUnits = pgTable(
  'sc_run_units',
  {
    runId: integer('run_id').notNull(),
    unit: text('unit').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.unit] })],
);

/** Requests a consumer sent per UTC day, committed with every unit: the daily budget survives restarts. */
export const quotaUsage = pgTable(
  'sc_quota_usage',
  {
    consumerId: text('consumer_id').notNull(),
    day: text('day').notNull(),
    used: integer('used').notNull(),
    /** The last request committed: a restarted sync assumes the token bucket was empty then. */
    lastRequestAt: utc('last_request_at'),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.day] })],
);
