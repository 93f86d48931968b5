import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openStorage, type PostgresStorage } from '@sportscloud/sync';
import { type SQL, sql } from 'drizzle-orm';
import type { ServiceConfig } from './config';

export type Row = Record<string, unknown>;

/** Runs one query on the sync storage's database (PGlite or PostgreSQL). */
export async function query(storage: PostgresStorage, statement: SQL): Promise<Row[]> {
  return ((await storage.db.execute(statement)) as unknown as { rows: Row[] }).rows;
}

/**
 * Opens the sync storage (which migrates its own schema) and adds the service's two tables:
 * API tokens (hashes only) and a key that signs page cursors.
 */
export async function openServiceStorage(config: Pick<ServiceConfig, 'database'>): Promise<PostgresStorage> {
  const release = config.database.dataDir ? await lockDataDir(config.database.dataDir) : async () => {};
  let storage: PostgresStorage;
  try {
    storage = await openStorage(config.database);
  } catch (error) {
    await release();
    throw error;
  }
  const closeStorage = storage.close.bind(storage);
  storage.close = async () => {
    await closeStorage();
    await release();
  };
  try {
    await query(
      storage,
      sql`create table if not exists svc_tokens (
        token_id serial primary key,
        hash text not null unique,
        label text not null,
        accounts text[],
        scopes text[] not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
    );
    await query(
      storage,
      sql`create table if not exists svc_meta (key text primary key, value text not null)`,
    );
    await query(
      storage,
      sql`insert into svc_meta (key, value) values ('cursor_key', ${randomBytes(32).toString('base64url')})
          on conflict (key) do nothing`,
    );
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

export async function cursorKey(storage: PostgresStorage): Promise<Buffer> {
  const [row] = await query(storage, sql`select value from svc_meta where key = 'cursor_key'`);
  return Buffer.from(String(row?.value), 'base64url');
}

export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

/**
 * PGlite is a database in one process: a second process opening the same folder would corrupt it.
 * A lock file holds the owner's pid; one left by a process that died (kill -9) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'service.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseInUseError(
          `The embedded database in ${dataDir} is open in process ${pid} (PGlite allows one process at a time). Stop that process first, or, while the service runs, use its API (POST /api/tokens with an admin token).`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new DatabaseInUseError(`Cannot lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
