import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockFolder } from './folder-lock';
import { PostgresStorage, type SyncDatabase } from './postgres-storage';

export type OpenStorageOptions =
  /** Embedded PGlite in this folder (created on first open). Nothing to install. */
  | { dataDir: string; url?: never }
  /** PostgreSQL, e.g. postgres://user@host:5432/db. */
  | { url: string; dataDir?: never; maxConnections?: number };

export class StorageConfigurationError extends Error {
  override readonly name = 'StorageConfigurationError';
}

/** The committed migrations, next to src/ in the package (from src/storage/ or from dist/). */
function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'drizzle'), join(here, '..', '..', 'drizzle')]) {
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
  }
  throw new StorageConfigurationError(`cannot find the migrations folder (drizzle/) near ${here}`);
}

// Several processes may open the same PostgreSQL database at once: one migrates at a time.
const MIGRATION_LOCK = 7_391_004_211;

/** Opens (and migrates) the storage: PGlite in `dataDir`, or PostgreSQL at `url`. */
export async function openStorage(options: OpenStorageOptions): Promise<PostgresStorage> {
  if (options && typeof options.dataDir === 'string' && options.dataDir.length > 0) {
    await mkdir(options.dataDir, { recursive: true });
    const unlock = lockFolder(options.dataDir);
    try {
      const client = await PGlite.create(options.dataDir);
      const db = drizzlePglite(client);
      await migratePglite(db, { migrationsFolder: migrationsFolder() });
      const close = async () => {
        try {
          await client.close();
        } finally {
          unlock();
        }
      };
      return new PostgresStorage(db as unknown as SyncDatabase, close, 'pglite');
    } catch (error) {
      unlock();
      throw error;
    }
  }
  if (options && typeof options.url === 'string' && /^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 4 });
    // An idle connection the server closed (restart, admin command) is dropped by the pool; the next
    // query gets a new one. Without a listener that event would crash the process.
    pool.on('error', () => {});
    const lockClient = await pool.connect();
    try {
      await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(lockClient), { migrationsFolder: migrationsFolder() });
      await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    } catch (error) {
      lockClient.release(true);
      await pool.end();
      throw error;
    }
    lockClient.release();
    const db = drizzlePg(pool);
    const advisoryLock = async (key: string) => {
      const client = await pool.connect();
      try {
        const { rows } = await client.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
          key,
        ]);
        if (rows[0]?.ok !== true) {
          client.release();
          return undefined;
        }
      } catch (error) {
        client.release(true);
        throw error;
      }
      return async () => {
        try {
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
          client.release();
        } catch {
          // Closing the connection releases a session lock too.
          client.release(true);
        }
      };
    };
    return new PostgresStorage(db as unknown as SyncDatabase, () => pool.end(), 'postgres', advisoryLock);
  }
  throw new StorageConfigurationError(
    'openStorage needs { dataDir } (embedded PGlite) or { url: "postgres://…" } (PostgreSQL)',
  );
}
