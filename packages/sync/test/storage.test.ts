import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecodedVariable } from '@sportscloud/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FolderInUseError,
  openStorage,
  type PostgresStorage,
  type ResultRecord,
  StorageConfigurationError,
} from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';

const NOW = '2025-06-02T09:00:00.000Z';
const bookkeeping = (runId: number) => ({
  consumerId: 'c-1',
  runId,
  now: NOW,
  quota: { day: '2025-06-02', used: 1 },
  runRequests: 1,
});

const variables: DecodedVariable[] = [
  { name: 'trimp', value: 112.5 },
  { name: 'heartRateAverage', unit: '1/min', value: 141 },
  {
    name: 'heartRateSeries',
    unit: '1/min',
    samplingRate: '0.2Hz',
    type: 'Unsigned',
    bits: 8,
    values: new Uint8Array([70, 80, 255, 0]),
  },
  {
    name: 'epocSeries',
    samplingRate: '0.2Hz',
    type: 'Float',
    bits: 64,
    values: new Float64Array([0.5, 1.25, Math.PI, -0]),
  },
  {
    name: 'heartRatePercentageSeries',
    type: 'Float',
    bits: 32,
    samplingRate: '0.2Hz',
    values: new Float32Array([0.1, 99.5]),
  },
  { name: 'rriSeries', unit: 'ms', type: 'Unsigned', bits: 16, values: new Uint16Array([780, 65535, 1]) },
  { name: 'signed', type: 'Signed', bits: 32, values: new Int32Array([-5, 2 ** 31 - 1]) },
];

describe.each(ENGINES)('storage on %s', (engine) => {
  let db: Throwaway;
  let storage: PostgresStorage;
  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    storage = await db.open();
  });
  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  it('migrates on open, and reopening an existing database is a no-op', async () => {
    await storage.close();
    storage = await db.open();
    expect(await storage.counts()).toMatchObject({ accounts: 0, resultSets: 0 });
  });

  it('upserts list units by natural key, writes nothing for an unchanged list, marks removals', async () => {
    await storage.ensureConsumer('c-1', NOW);
    const { run } = await storage.beginRun('c-1', NOW);
    const ctx = (unitKey: string) => ({ ...bookkeeping(run.runId), unitKey });
    const accounts = [{ accountId: '1-2', name: 'Club', authorizedBy: { coachId: 0 } }];
    await storage.commitList({ kind: 'accounts', accounts }, ctx('accounts'));
    const teams = [
      { teamId: 10, name: 'A', athleteIds: [1, 2], groups: [{ groupId: 11, name: 'G', athleteIds: [2] }] },
    ];
    await storage.commitList({ kind: 'teams', accountId: '1-2', teams }, ctx('teams'));
    const measurement = (id: number, start: string, extra = {}) => ({
      measurementId: id,
      athleteId: 1,
      sessionId: 0,
      startTime: start,
      startTimeLocal: start.replace('Z', '+02:00'),
      endTime: start,
      measurementType: 'exercise' as const,
      laps: [{ lapId: id * 10, name: 'L', startTime: start, endTime: start }],
      ...extra,
    });
    const list = [measurement(100, '2025-05-01T10:00:00Z'), measurement(101, '2025-05-30T10:00:00Z')];
    await storage.commitList(
      { kind: 'measurements', accountId: '1-2', athleteId: 1, from: undefined, measurements: list },
      ctx('m1'),
    );
    expect(await storage.teamIds('1-2')).toEqual([10]);
    expect((await storage.queuedTasks(['1-2'], NOW)).map((q) => q.kind)).toEqual([
      'measurement',
      'measurement_lap',
      'measurement',
      'measurement_lap',
    ]);

    const before = await storage.dataFingerprint();
    await storage.commitList({ kind: 'accounts', accounts }, ctx('accounts'));
    await storage.commitList({ kind: 'teams', accountId: '1-2', teams }, ctx('teams'));
    await storage.commitList(
      { kind: 'measurements', accountId: '1-2', athleteId: 1, from: undefined, measurements: list },
      ctx('m1'),
    );
    expect(await storage.dataFingerprint()).toBe(before);

    // 101 disappears inside the window starting 2025-05-29; 100 is outside it and stays.
    await storage.commitList(
      {
        kind: 'measurements',
        accountId: '1-2',
        athleteId: 1,
        from: '2025-05-29T00:00:00Z',
        measurements: [],
      },
      ctx('m2'),
    );
    const counts = await storage.counts(['1-2']);
    expect(counts.removed.measurements).toBe(1);
    expect(counts.measurements).toBe(1);
  });

  it('stores results compactly and reads back exactly what was decoded', async () => {
    const { run } = await storage.beginRun('c-1', NOW);
    const [task] = await storage.queuedTasks(['1-2'], NOW);
    expect(task?.kind).toBe('measurement');
    await storage.commitTask(
      task!,
      {
        status: 'done',
        sets: [
          {
            source: 'measurement',
            accountId: '1-2',
            athleteId: 1,
            measurementId: 100,
            lapId: 0,
            sessionId: 0,
            startTime: '2025-05-01T10:00:00Z',
            startTimeLocal: '2025-05-01T12:00:00+02:00',
            variables,
          },
        ],
      },
      bookkeeping(run.runId),
    );
    const records: ResultRecord[] = [];
    for await (const r of storage.readResults({ consumerId: 'c-1' })) records.push(r);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      consumerId: 'c-1',
      accountId: '1-2',
      athleteId: 1,
      measurementId: 100,
      startTime: '2025-05-01T10:00:00.000Z',
      startTimeLocal: '2025-05-01T12:00:00+02:00',
      source: 'measurement',
    });
    const byName = new Map(record!.variables.map((v) => [v.name, v]));
    for (const v of variables) expect(byName.get(v.name)).toEqual(v);
    expect((byName.get('epocSeries') as { values: Float64Array }).values.byteOffset).toBe(0);

    const filtered: ResultRecord[] = [];
    for await (const r of storage.readResults({ variables: ['trimp'], teamIds: [11] })) filtered.push(r);
    expect(filtered.map((r) => r.variables.map((v) => v.name))).toEqual([]);
    for await (const r of storage.readResults({
      variables: ['trimp'],
      teamIds: [10],
      fromTime: '2025-05-01T10:00:00Z',
    }))
      filtered.push(r);
    expect(filtered.map((r) => r.variables.map((v) => v.name))).toEqual([['trimp']]);
    await expect(async () => {
      for await (const _ of storage.readResults({ fromTime: 'yesterday' })) void _;
    }).rejects.toThrow(/fromTime/);

    // Scalars only: the series table is not even read (it is out of the way for this read).
    await storage.db.execute(sql`alter table sc_result_series rename to sc_result_series_away`);
    try {
      const scalarsOnly: ResultRecord[] = [];
      for await (const r of storage.readResults({ consumerId: 'c-1', series: false })) scalarsOnly.push(r);
      expect(scalarsOnly).toEqual([{ ...record, variables: variables.filter((v) => !('values' in v)) }]);
      await expect(async () => {
        for await (const _ of storage.readResults({ consumerId: 'c-1' })) void _;
      }).rejects.toThrow(/sc_result_series/);
    } finally {
      await storage.db.execute(sql`alter table sc_result_series_away rename to sc_result_series`);
    }
  });
});

it('keeps a second opener out of a PGlite folder in use, and takes over a lock its dead owner left', async () => {
  const db = await throwawayDatabase('pglite');
  const first = await db.open();
  try {
    await expect(db.open()).rejects.toBeInstanceOf(FolderInUseError);
  } finally {
    await first.close();
  }
  // A lock left by a process that no longer exists (as after kill -9).
  const { dataDir } = db.options as { dataDir: string };
  writeFileSync(join(dataDir, 'sportscloud-sync.lock'), '2147483646');
  const again = await db.open();
  await again.close();
  await db.drop();
});

it('rejects options that name no database', async () => {
  await expect(openStorage({} as never)).rejects.toBeInstanceOf(StorageConfigurationError);
  await expect(openStorage({ url: 'mysql://x' })).rejects.toThrow(/dataDir|postgres/);
});
