import { keyedRng, mulberry32, type Rng } from './prng';
import { timeRange } from './time';
import type {
  Account,
  Athlete,
  AthleteMeasurement,
  Coach,
  Group,
  MeasurementLap,
  MeasurementType,
  Session,
  SessionLap,
  Team,
} from './types';
import {
  CLUB_NAMES,
  EVENT_TYPES,
  FIRST_NAMES,
  GROUP_NAMES,
  LAST_NAMES,
  NOTES,
  SESSION_LAP_NAMES,
  SESSION_TITLES,
  TEAM_NAMES,
  TEAM_SPORTS,
  WORKOUTS,
} from './words';

/** Size knobs of the seeded data set. */
export interface DatasetOptions {
  /** Default 2. */
  accounts?: number;
  /** Default 3. */
  coachesPerAccount?: number;
  /** Default 2. */
  teamsPerAccount?: number;
  /** Default 2. */
  groupsPerTeam?: number;
  /** Default 20. About a tenth belong to no team. */
  athletesPerAccount?: number;
  /** Standalone measurements per athlete (sessionId 0). Session measurements come on top. Default 10. */
  measurementsPerAthlete?: number;
  /** Coach-made sessions per team (some owned by one of its groups). Default 15. */
  sessionsPerTeam?: number;
  /** Sessions and exercise measurements get 0..maxLaps laps. Default 3. */
  maxLaps?: number;
  /** First day of the data (UTC midnight). Default 2025-01-06T00:00:00Z. */
  startTime?: string;
  /** Days the data spans. Default 120. */
  days?: number;
}

export type AnalysisState = 'ready' | 'cold' | 'failed';

export interface AnalysisOptions {
  /** Share of measurements and sessions whose analysis is "cold" (202 until polled). Default 0. */
  coldRatio?: number;
  /** Share of measurements whose analysis failed (204). Default 0. */
  failedRatio?: number;
}

/** A measurement as stored: laps always present (the API sends them only with includeLaps=true). */
export interface SeededMeasurement extends AthleteMeasurement {
  laps: MeasurementLap[];
}

/** A session as stored; `teamId` is the team or group it was made for (not sent by the API). */
export interface SeededSession extends Session {
  teamId: number;
  laps: SessionLap[];
}

export interface SeededAccount extends Account {
  /** Fixed UTC offset used for every `…TimeLocal` of the account. */
  utcOffsetMinutes: number;
  coaches: Coach[];
  teams: Team[];
  athletes: Athlete[];
  /** All athletes' measurements, by start time. */
  measurements: SeededMeasurement[];
  /** All sessions, by start time. */
  sessions: SeededSession[];
}

export interface Dataset {
  seed: number;
  accounts: SeededAccount[];
  /**
   * Analysis outcome per measurement id and session id. Live: tests may set entries to force 202
   * (cold) or 204 (failed) on chosen resources.
   */
  analysis: {
    measurements: Map<number, AnalysisState>;
    sessions: Map<number, Exclude<AnalysisState, 'failed'>>;
  };
}

const DAY = 86_400_000;
const OFFSETS = [180, 120, 60, 0, -300, -240, 600, 330];

/** Ids share the spec's magnitudes; teams and groups share one id space ("teamId accepts a group id"). */
class Ids {
  private next = {
    athlete: 356_200,
    coach: 362_700,
    team: 1_780,
    measurement: 3_397_500,
    session: 41_200,
    lap: 864_800,
  };
  constructor(private readonly rng: Rng) {}
  take(kind: keyof Ids['next'], maxStep = 3): number {
    this.next[kind] += this.rng.int(1, maxStep);
    return this.next[kind];
  }
}

function person(rng: Rng, withEmail: boolean, domain: string) {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const local = `${firstName}.${lastName}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  return { firstName, lastName, ...(withEmail ? { email: `${local}${rng.int(1, 99)}@${domain}` } : {}) };
}

function subset<T>(rng: Rng, items: readonly T[], minShare: number, maxShare: number): T[] {
  if (items.length === 0) return [];
  const n = Math.max(1, Math.round(items.length * rng.float(minShare, maxShare)));
  return rng.shuffle(items).slice(0, n);
}

/** Local wall-clock time of day (hours) on day `day` → epoch ms, whole seconds. */
function at(dayStart: number, offsetMinutes: number, hour: number): number {
  return Math.round((dayStart + hour * 3_600_000 - offsetMinutes * 60_000) / 1000) * 1000;
}

function laps(
  rng: Rng,
  ids: Ids,
  start: number,
  end: number,
  count: number,
  names: readonly string[],
  offset: number,
): MeasurementLap[] {
  const span = end - start;
  return Array.from({ length: count }, (_, i) => {
    const from = start + Math.round((span * (i + rng.float(0.05, 0.2))) / count / 1000) * 1000;
    const to = start + Math.round((span * (i + rng.float(0.8, 0.95))) / count / 1000) * 1000;
    return {
      lapId: ids.take('lap'),
      name: names[i % names.length] ?? `Lap ${i + 1}`,
      ...timeRange(from, to, offset),
    };
  });
}

function standaloneMeasurement(
  rng: Rng,
  ids: Ids,
  athleteId: number,
  day0: number,
  days: number,
  offset: number,
  maxLaps: number,
): SeededMeasurement {
  const roll = rng.next();
  const type: MeasurementType =
    roll < 0.7 ? 'exercise' : roll < 0.85 ? 'quickRecoveryTest' : roll < 0.95 ? 'night' : 'manual';
  const dayStart = day0 + rng.int(0, days - 1) * DAY;
  let start: number;
  let duration: number;
  if (type === 'quickRecoveryTest') {
    start = at(dayStart, offset, rng.float(6.5, 8));
    duration = 180;
  } else if (type === 'night') {
    start = at(dayStart, offset, rng.float(22, 23.5));
    duration = rng.int(6 * 3600, 9 * 3600);
  } else {
    start = at(dayStart, offset, rng.float(8, 20));
    duration = rng.int(30 * 60, 120 * 60);
  }
  const end = start + duration * 1000;
  const base = {
    measurementId: ids.take('measurement', 40),
    athleteId,
    sessionId: 0,
    ...timeRange(start, end, offset),
    measurementType: type,
  };
  const notes = rng.chance(0.2) ? { notes: rng.pick(NOTES) } : {};
  if (type !== 'exercise' && type !== 'manual') return { ...base, ...notes, laps: [] };
  const workout = rng.pick(WORKOUTS);
  const lapCount = type === 'exercise' && maxLaps > 0 && rng.chance(0.3) ? rng.int(1, maxLaps) : 0;
  return {
    ...base,
    ...(rng.chance(0.85) ? { exerciseType: rng.pick(workout.titles) } : {}),
    sportsType: workout.sportsType,
    ...(rng.chance(0.8) ? { eventType: rng.pick(EVENT_TYPES) } : {}),
    ...notes,
    laps: laps(rng, ids, start, end, lapCount, ['Warm-up', 'Interval 1', 'Interval 2', 'Interval 3'], offset),
  };
}

function seedAccount(
  rng: Rng,
  ids: Ids,
  index: number,
  usedIds: Set<string>,
  o: Required<DatasetOptions>,
): SeededAccount {
  let accountId = '';
  while (accountId === '' || usedIds.has(accountId)) accountId = `${rng.int(1, 9)}-${rng.int(10000, 99999)}`;
  usedIds.add(accountId);
  const name = CLUB_NAMES[index % CLUB_NAMES.length] as string;
  const domain = `${name.toLowerCase().replace(/[^a-z]/g, '')}.example.com`;
  const offset = OFFSETS[index % OFFSETS.length] as number;
  const sport = rng.pick(TEAM_SPORTS);
  const day0 = Date.parse(o.startTime);

  const coaches: Coach[] = Array.from({ length: o.coachesPerAccount }, () => ({
    coachId: ids.take('coach'),
    ...person(rng, rng.chance(0.9), domain),
  }));
  const athletes: Athlete[] = Array.from({ length: o.athletesPerAccount }, () => ({
    athleteId: ids.take('athlete'),
    ...person(rng, rng.chance(0.85), domain),
  }));

  // About a tenth of the athletes belong to no team; the rest are dealt round-robin, a few twice.
  const shuffled = rng.shuffle(athletes.map((a) => a.athleteId));
  const teamless = athletes.length >= 5 ? Math.max(1, Math.round(athletes.length / 10)) : 0;
  const members = shuffled.slice(teamless);
  const teams: Team[] = Array.from({ length: o.teamsPerAccount }, (_, t) => {
    const athleteIds = members
      .filter((_, i) => i % o.teamsPerAccount === t || rng.chance(0.15))
      .sort((a, b) => a - b);
    const teamId = ids.take('team');
    const groups: Group[] = Array.from({ length: o.groupsPerTeam }, (_, g) => ({
      groupId: ids.take('team'),
      name: GROUP_NAMES[g % GROUP_NAMES.length] as string,
      athleteIds: subset(rng, athleteIds, 0.3, 0.6).sort((a, b) => a - b),
    }));
    return { teamId, name: TEAM_NAMES[t % TEAM_NAMES.length] as string, athleteIds, groups };
  });

  const measurements: SeededMeasurement[] = [];
  for (const a of athletes) {
    for (let i = 0; i < o.measurementsPerAthlete; i++) {
      measurements.push(standaloneMeasurement(rng, ids, a.athleteId, day0, o.days, offset, o.maxLaps));
    }
  }

  const sessions: SeededSession[] = [];
  for (const team of teams) {
    for (let i = 0; i < o.sessionsPerTeam; i++) {
      const owner = team.groups.length > 0 && rng.chance(0.2) ? rng.pick(team.groups) : undefined;
      const pool = owner?.athleteIds ?? team.athleteIds;
      if (pool.length === 0) continue;
      const { title, eventType } = rng.pick(SESSION_TITLES);
      const dayStart = day0 + rng.int(0, o.days - 1) * DAY;
      const start = at(dayStart, offset, rng.pick([9.5, 10, 16, 17.5]));
      const end = start + rng.int(60, 120) * 60_000;
      const athleteIds = subset(rng, pool, 0.7, 1).sort((a, b) => a - b);
      const sessionLaps = o.maxLaps > 0 && rng.chance(0.6) ? rng.int(1, o.maxLaps) : 0;
      const session: SeededSession = {
        teamId: owner?.groupId ?? team.teamId,
        sessionId: ids.take('session'),
        coachId: rng.pick(coaches).coachId,
        ...timeRange(start, end, offset),
        sessionType: title,
        sportsType: sport,
        eventType,
        ...(rng.chance(0.3) ? { notes: rng.pick(NOTES) } : {}),
        athleteIds,
        laps: laps(rng, ids, start, end, sessionLaps, SESSION_LAP_NAMES, offset).map((lap) => ({
          ...lap,
          athleteIds: subset(rng, athleteIds, 0.6, 1).sort((a, b) => a - b),
        })),
      };
      sessions.push(session);
      // Each participant's device recording, started a little before and stopped a little after.
      for (const athleteId of athleteIds) {
        const mStart = start - rng.int(0, 300) * 1000;
        const mEnd = end + rng.int(0, 300) * 1000;
        measurements.push({
          measurementId: ids.take('measurement', 40),
          athleteId,
          sessionId: session.sessionId,
          ...timeRange(mStart, mEnd, offset),
          measurementType: 'exercise',
          exerciseType: title,
          sportsType: sport,
          eventType,
          laps: [],
        });
      }
    }
  }

  const byStart = <T extends { startTime: string }>(list: T[], id: (x: T) => number) =>
    list.sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime) || id(x) - id(y));
  return {
    accountId,
    name,
    // Real examples show 0 here; half the accounts use that, half name a coach.
    authorizedBy: { coachId: index % 2 === 0 ? (coaches[0]?.coachId ?? 0) : 0 },
    utcOffsetMinutes: offset,
    coaches,
    teams,
    athletes,
    measurements: byStart(measurements, (m) => m.measurementId),
    sessions: byStart(sessions, (s) => s.sessionId),
  };
}

export const DEFAULT_DATASET: Required<DatasetOptions> = {
  accounts: 2,
  coachesPerAccount: 3,
  teamsPerAccount: 2,
  groupsPerTeam: 2,
  athletesPerAccount: 20,
  measurementsPerAthlete: 10,
  sessionsPerTeam: 15,
  maxLaps: 3,
  startTime: '2025-01-06T00:00:00Z',
  days: 120,
};

/** Generate the whole data set from a seed: same seed and options → identical data. */
export function seedDataset(
  seed: number,
  options: DatasetOptions = {},
  analysis: AnalysisOptions = {},
): Dataset {
  const o = { ...DEFAULT_DATASET, ...options };
  const rng = mulberry32(seed);
  const ids = new Ids(rng);
  const usedIds = new Set<string>();
  const accounts = Array.from({ length: o.accounts }, (_, i) => seedAccount(rng, ids, i, usedIds, o));

  // Keyed draws, so changing a ratio flips outcomes without reshuffling the data itself.
  const { coldRatio = 0, failedRatio = 0 } = analysis;
  const measurements = new Map<number, AnalysisState>();
  const sessions = new Map<number, 'ready' | 'cold'>();
  for (const account of accounts) {
    for (const m of account.measurements) {
      const r = keyedRng(seed, 'analysis', 'measurement', m.measurementId);
      const failed = r.next() < failedRatio;
      const cold = r.next() < coldRatio;
      measurements.set(m.measurementId, failed ? 'failed' : cold ? 'cold' : 'ready');
    }
    for (const s of account.sessions) {
      sessions.set(
        s.sessionId,
        keyedRng(seed, 'analysis', 'session', s.sessionId).next() < coldRatio ? 'cold' : 'ready',
      );
    }
  }
  return { seed, accounts, analysis: { measurements, sessions } };
}
