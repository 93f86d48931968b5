import type { Athlete, DecodedVariable } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';

/**
 * A session at the size the dashboard must draw fast: 25 athletes, 3 hours of heart rate at 1 Hz
 * (270,000 samples), two laps. Stored through the sync's own storage calls (a list unit, then a
 * results unit), exactly as a sync of such a session would store it.
 */
export const BIG = { athletes: 25, seconds: 3 * 3600, sessionId: 999_001 } as const;

/** A plausible heart-rate trace: warm-up, intervals, half-time, noise; deterministic per athlete. */
function heartRate(athlete: number, seconds: number): Uint8Array {
  const values = new Uint8Array(seconds);
  let seed = 1234 + athlete * 7919;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let t = 0; t < seconds; t++) {
    const halfTime = t > 5400 && t < 6300;
    const base = halfTime ? 95 : 120 + 35 * Math.sin((t + athlete * 97) / 240) ** 2;
    values[t] = Math.max(45, Math.min(205, Math.round(base + 6 * (rand() - 0.5) + athlete * 0.4)));
  }
  return values;
}

export async function storeBigSession(
  storage: PostgresStorage,
  consumerId: string,
  accountId: string,
  teamId: number,
  roster: readonly Pick<Athlete, 'athleteId' | 'firstName' | 'lastName'>[],
  startTime: string,
): Promise<number[]> {
  const start = Date.parse(startTime);
  const iso = (offsetSeconds: number) => new Date(start + offsetSeconds * 1000).toISOString();
  const local = (offsetSeconds: number) =>
    new Date(start + offsetSeconds * 1000 + 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+02:00');
  const run = await storage.lastRun(consumerId);
  const now = new Date().toISOString();
  const context = {
    consumerId,
    runId: run!.runId,
    now,
    quota: { day: now.slice(0, 10), used: 0 },
    runRequests: 0,
  };
  // The synced roster, topped up to 25 (a list unit carries the whole roster: it replaces the old one).
  const extra = Array.from({ length: Math.max(0, BIG.athletes - roster.length) }, (_, i) => ({
    athleteId: 999_201 + i,
    firstName: 'Squad',
    lastName: `Player ${i + 1}`,
  }));
  await storage.commitList(
    { kind: 'athletes', accountId, athletes: [...roster, ...extra] as Athlete[] },
    { ...context, unitKey: `test:big-session:athletes` },
  );
  const athleteIds = [...roster, ...extra].slice(0, BIG.athletes).map((a) => a.athleteId);
  const laps = [
    {
      lapId: 999_101,
      name: 'First half',
      startTime: iso(600),
      endTime: iso(5400),
      athleteIds: [...athleteIds],
    },
    {
      lapId: 999_102,
      name: 'Second half',
      startTime: iso(6300),
      endTime: iso(10_200),
      athleteIds: [...athleteIds],
    },
  ];
  await storage.commitList(
    {
      kind: 'sessions',
      accountId,
      teamId,
      // Only this session starts at or after it: nothing else is removed.
      from: startTime,
      sessions: [
        {
          sessionId: BIG.sessionId,
          sessionType: 'League match',
          sportsType: 'football',
          eventType: 'game',
          athleteIds: [...athleteIds],
          startTime,
          startTimeLocal: local(0),
          endTime: iso(BIG.seconds),
          endTimeLocal: local(BIG.seconds),
          laps,
        },
      ],
    },
    { ...context, unitKey: `test:big-session:${BIG.sessionId}` },
  );
  const [row] = (
    (await storage.db.execute(
      sql`select hash from sc_sessions where account_id = ${accountId} and session_id = ${BIG.sessionId}`,
    )) as unknown as { rows: { hash: string }[] }
  ).rows;
  const sets = athleteIds.map((athleteId, i) => {
    const variables: DecodedVariable[] = [
      {
        name: 'heartRateSeries1s',
        unit: 'min⁻¹',
        samplingRate: '1Hz',
        type: 'Unsigned',
        bits: 8,
        values: heartRate(i, BIG.seconds),
      },
      { name: 'trimp', value: 150 + i },
      { name: 'epocPeak', unit: 'ml/kg', value: 80 + i },
      { name: 'epocFinal', unit: 'ml/kg', value: 40 + i },
      { name: 'heartRateAverage', unit: 'min⁻¹', value: 140 },
      { name: 'zone1Time', unit: 'min', value: 10 },
      { name: 'zone2Time', unit: 'min', value: 30 },
      { name: 'zone3Time', unit: 'min', value: 50 },
      { name: 'zone4Time', unit: 'min', value: 40 },
      { name: 'zone5Time', unit: 'min', value: 30 },
      { name: 'underZonesTime', unit: 'min', value: 20 },
    ];
    return {
      source: 'session' as const,
      accountId,
      athleteId,
      measurementId: 990_000 + i,
      lapId: 0,
      sessionId: BIG.sessionId,
      startTime,
      startTimeLocal: local(0),
      endTime: iso(BIG.seconds),
      variables,
    };
  });
  await storage.commitTask(
    {
      kind: 'session',
      accountId,
      teamId,
      sessionId: BIG.sessionId,
      athleteIds: [...athleteIds],
      hash: row!.hash,
      startTime,
      attempts: 0,
    },
    { status: 'done', sets },
    context,
  );
  return athleteIds;
}
