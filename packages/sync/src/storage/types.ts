import type {
  Account,
  Athlete,
  Coach,
  DecodedVariable,
  Measurement,
  Session,
  Team,
  TimeSeriesVariable,
} from '@sportscloud/core';

/**
 * What the planner, the executor and the exporters need from a database. The PostgreSQL family
 * (PGlite and PostgreSQL) is one implementation; others (edge key-value stores) implement the same.
 */

/** One analysed thing as read back: a measurement, or a lap of one, with decoded variables. */
export interface ResultRecord {
  consumerId: string;
  accountId: string;
  athleteId: number;
  measurementId?: number;
  /** Set when the results came from the session's results (or a session lap's). */
  sessionId?: number;
  lapId?: number;
  /** ISO UTC, e.g. 2025-03-01T10:00:00.000Z: series sample i is at startTime + i / samplingRate. */
  startTime: string;
  /** The API's `startTimeLocal` (local clock time with its offset), when it sent one. */
  startTimeLocal?: string;
  endTime?: string;
  endTimeLocal?: string;
  /** Where the record came from: measurement | session | measurement_lap | session_lap (always set by PostgresStorage). */
  source?: ResultSource;
  /** Scalars and typed-array series, exactly as the core client decodes them. */
  variables: DecodedVariable[];
}

export type ResultSource = 'measurement' | 'session' | 'measurement_lap' | 'session_lap';

export interface ResultFilter {
  consumerId?: string;
  accountIds?: readonly string[];
  /** Athletes who are members of these teams or groups. */
  teamIds?: readonly number[];
  athleteIds?: readonly number[];
  /** Records of these sessions (their athletes' parts and the session's laps). */
  sessionIds?: readonly number[];
  /** Records of these measurements (and their laps). */
  measurementIds?: readonly number[];
  /** Lap records with these lap ids. */
  lapIds?: readonly number[];
  /** Records starting at or after this time (ISO or Date). */
  fromTime?: string | Date;
  /** Records starting before this time. */
  toTime?: string | Date;
  /** Variable names to include (others are left out; records with none of them are skipped). */
  variables?: readonly string[];
  /** Include lap records (default true). */
  includeLaps?: boolean;
  /**
   * Read time series (default true). `false`: scalars only; the series rows are neither read nor
   * decoded, which is what makes summaries cheap (series are most of the bytes).
   */
  series?: boolean;
  /** Records read per database round trip (default 200). */
  batchSize?: number;
}

/** A unit of the list ("update") phase, committed in one transaction with its checkpoint. */
export type ListUnit =
  | { kind: 'accounts'; accounts: Account[] }
  | { kind: 'types'; sportsTypes: string[]; eventTypes: string[] }
  | { kind: 'teams'; accountId: string; teams: Team[] }
  | { kind: 'athletes'; accountId: string; athletes: Athlete[] }
  | { kind: 'coaches'; accountId: string; coaches: Coach[] }
  | {
      kind: 'measurements';
      accountId: string;
      athleteId: number;
      /** The list's fromTime: stored items of the athlete starting at or after it and not listed are removed. */
      from: string | undefined;
      measurements: Measurement[];
    }
  | {
      kind: 'sessions';
      accountId: string;
      teamId: number;
      from: string | undefined;
      sessions: Session[];
    };

export interface UnitContext {
  consumerId: string;
  runId: number;
  /** Unique within the run, e.g. `measurements:1-2:356201`. */
  unitKey: string;
  now: string;
  /** Moves the scope's checkpoint (for measurements and sessions). */
  checkpoint?: { scope: string; listedAt: string };
  /** The consumer's requests used today after this unit (persisted with it). */
  quota: { day: string; used: number; lastRequestAt?: string };
  /** Requests this run has sent so far. */
  runRequests: number;
}

/** What a results task fetches; `hash` is the list item's content hash it was queued for. */
export type ResultTask =
  | { kind: 'session'; accountId: string; teamId: number; sessionId: number; athleteIds: number[] }
  | {
      kind: 'session_lap';
      accountId: string;
      teamId: number;
      sessionId: number;
      lapId: number;
      athleteIds: number[];
    }
  | { kind: 'measurement'; accountId: string; athleteId: number; measurementId: number }
  | { kind: 'measurement_lap'; accountId: string; athleteId: number; measurementId: number; lapId: number };

export type QueuedTask = ResultTask & {
  hash: string;
  startTime: string;
  attempts: number;
};

/** One result set to store. */
export interface ResultSetInput {
  source: ResultSource;
  accountId: string;
  athleteId: number;
  measurementId: number;
  lapId: number;
  sessionId: number;
  startTime: string;
  startTimeLocal?: string;
  endTime?: string;
  endTimeLocal?: string;
  variables: DecodedVariable[];
}

export type TaskOutcome =
  | { status: 'done'; sets: ResultSetInput[] }
  /** 204: the analysis failed; retried from `retryAt`. */
  | { status: 'failed'; retryAt: string; reason: string }
  /** The item is gone upstream (404) or cannot be fetched (a documented error): kept with the cause. */
  | { status: 'error'; retryAt: string; reason: string };

export interface StatusCounts {
  accounts: number;
  athletes: number;
  teams: number;
  coaches: number;
  measurements: number;
  sessions: number;
  measurementLaps: number;
  sessionLaps: number;
  resultSets: number;
  /** Results waiting to be fetched (new or changed items, 202s not yet answered). */
  pending: number;
  /** 204s waiting for their retry time. */
  failed: number;
  /** Items that failed with another documented error, with their cause. */
  errors: number;
  /** Measurements in no session (the API makes none by itself: coaches create sessions by hand). */
  measurementsWithoutSession: number;
  removed: { measurements: number; sessions: number };
}

export interface RunRecord {
  runId: number;
  consumerId: string;
  startedAt: string;
  finishedAt?: string;
  state: 'running' | 'done' | 'paused' | 'failed';
  requests: number;
  message?: string;
}

export interface SyncStorage {
  /**
   * One run per consumer at a time, across processes: a release function, or undefined when another
   * run holds it. Optional: a storage without it relies on its caller.
   */
  acquireRunLock?(consumerId: string): Promise<(() => Promise<void>) | undefined>;
  /** Registers the consumer (idempotent). */
  ensureConsumer(consumerId: string, now: string): Promise<void>;
  /** The consumer's unfinished run (to resume) or a new one, with the list units it already committed. */
  beginRun(consumerId: string, now: string): Promise<{ run: RunRecord; doneUnits: Set<string> }>;
  finishRun(
    runId: number,
    state: RunRecord['state'],
    now: string,
    requests: number,
    message?: string,
  ): Promise<void>;
  lastRun(consumerId: string): Promise<RunRecord | undefined>;
  /** Granted, not revoked accounts of the consumer. */
  accountIds(consumerId: string): Promise<string[]>;
  /** Top-level teams of an account (sessions are listed per team). */
  teamIds(accountId: string): Promise<number[]>;
  athleteIds(accountId: string): Promise<number[]>;
  checkpoint(consumerId: string, scope: string): Promise<string | undefined>;
  commitList(unit: ListUnit, context: UnitContext): Promise<void>;
  /**
   * Measurements whose session is not stored (never listed, or removed) get their own results;
   * measurements in a stored session get theirs from it. Returns how many changed.
   */
  reconcileSessionMembership(accountIds: readonly string[]): Promise<number>;
  /** Results to fetch, newest first: new or changed items, and 204s whose retry time has come. */
  queuedTasks(accountIds: readonly string[], now: string): Promise<QueuedTask[]>;
  commitTask(task: QueuedTask, outcome: TaskOutcome, context: Omit<UnitContext, 'unitKey'>): Promise<void>;
  /** Requests counted on that UTC day, and when the consumer's last request was sent (any day). */
  quotaUsed(consumerId: string, day: string): Promise<{ used: number; lastRequestAt?: string }>;
  counts(accountIds?: readonly string[]): Promise<StatusCounts>;
  /** Causes of items that could not be fetched, most recent first. */
  errors(accountIds: readonly string[], limit?: number): Promise<{ item: string; cause: string }[]>;
  /** Bytes the database uses for results (tables and indexes). */
  resultBytes(): Promise<number>;
  readResults(filter?: ResultFilter): AsyncIterable<ResultRecord>;
  close(): Promise<void>;
}

export type { TimeSeriesVariable };
