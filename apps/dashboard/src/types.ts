import type { LoadDay } from '../../service/src/load';

/**
 * The service's JSON shapes the pages read (see /docs-json). The ones the service declares are its
 * own types (type-only imports: nothing of the service reaches the bundle); the rest are the answers
 * of routes that build them inline.
 */

export type { Page } from '../../service/src/catalog';
export type { LoadDay };

export interface Account {
  accountId: string;
  name?: string;
}

export interface Team {
  teamId: number;
  parentTeamId?: number;
  name?: string;
}

export interface Athlete {
  athleteId: number;
  firstName?: string;
  lastName?: string;
  teamIds: number[];
}

export interface ResultsState {
  state: string;
  error?: string;
  retryAt?: string;
}

export interface Session {
  sessionId: number;
  teamId: number;
  sessionType?: string;
  sportsType?: string;
  eventType?: string;
  startTime?: string;
  endTime?: string;
  startTimeLocal?: string;
  athleteIds: number[];
  laps: number;
  results: ResultsState;
}

export interface SessionLoad extends Session {
  athleteCount: number;
  analysedCount: number;
  averageTrimp: number | null;
}

export interface Measurement {
  measurementId: number;
  athleteId: number;
  sessionId?: number;
  measurementType?: string;
  exerciseType?: string;
  sportsType?: string;
  startTime?: string;
  endTime?: string;
  startTimeLocal?: string;
  laps: number;
  results?: ResultsState;
}

export interface Lap {
  lapId: number;
  name?: string;
  startTime?: string;
  endTime?: string;
}

export interface Scalar {
  name: string;
  unit?: string;
  value: number;
}

export interface Series {
  name: string;
  unit?: string;
  samplingRate?: string;
  length: number;
  timestamps: number[];
  values: number[];
}

export interface ResultRecord {
  athleteId: number;
  measurementId?: number;
  sessionId?: number;
  startTime: string;
  startTimeLocal?: string;
  scalars: Scalar[];
  series?: Series[];
}

export interface Results {
  results: ResultsState;
  records: ResultRecord[];
}

export interface AthleteLoad {
  athleteId: number;
  from: string;
  to: string;
  days: LoadDay[];
}

export interface SyncStatus {
  demoData: boolean;
  running: boolean;
  currentRun?: {
    startedAt?: string;
    progress?: {
      phase: 'lists' | 'results';
      requests: number;
      lists: { done: number; total: number };
      results: { done: number; left: number; pending202: number; failed: number };
    };
  };
  lastRun?: {
    runId: number;
    state: string;
    startedAt: string;
    finishedAt?: string;
    requests: number;
    message?: string;
  };
  lastReport?: { runId: number; state: string; left: number; message?: string };
  lastFailure?: { at: string; code: string; cause: string };
  nextRunAt?: string;
  intervalMinutes: number;
  counts: {
    pending: number;
    failed: number;
    errors: number;
    sessions: number;
    measurements: number;
    resultSets: number;
  };
  pending202: number;
  errors: { item: string; cause: string }[];
  quota: {
    dailyQuota: number;
    usedToday: number;
    remainingToday: number;
    canFinishToday: boolean;
    summary: string;
    resumesAt?: string;
  };
}

/** `…/sessions/{id}/heart-rate`: sample i of an athlete is at startTime + i × periodMs. */
export interface HeartRate {
  results: ResultsState;
  variable?: string;
  unit?: string | null;
  athletes: {
    athleteId: number;
    startTime: string;
    samplingRate: string;
    periodMs: number;
    length: number;
    /** Base64, one byte per sample (8-bit series). */
    uint8?: string;
    values?: number[];
  }[];
}
