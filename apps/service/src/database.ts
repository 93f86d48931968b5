import { randomBytes } from 'node:crypto';
import { openStorage, type PostgresStorage } from '@sportscloud/sync';
import { type SQL, sql } from 'drizzle-orm';
import type { ServiceConfig } from './config';

export type Row = Record<string, unknown>;

/** Runs one query on the sync storage's database (PGlite or PostgreSQL). */
export async function query(storage: PostgresStorage, statement: SQL): Promise<Row[]> {
  return ((await storage.db.execute(statement)) as unknown as { rows: Row[] }).rows;
}

/**
 * A JS list of strings as a PostgreSQL text[] literal, every element quoted: an unquoted `NULL` (a
 * valid id) would otherwise be read as SQL NULL and its rows silently left out.
 */
export const textArray = (items: Iterable<string>): string =>
  `{${[...items].map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * Runs the service's schema statements in one transaction under an advisory lock, as the sync
 * package's migrations do: instances booting together take turns (concurrent `create table if not
 * exists` can fail on PostgreSQL's catalog).
 */
export async function underSchemaLock(
  storage: PostgresStorage,
  work: (run: (statement: SQL) => Promise<unknown>) => Promise<unknown>,
): Promise<void> {
  await storage.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('sportscloud:service-schema', 0))`);
    await work((statement) => tx.execute(statement));
  });
}

/**
 * Opens the sync storage (which migrates its own schema) and adds the service's two tables:
 * API tokens (hashes only) and a key that signs page cursors.
 */
export async function openServiceStorage(
  config: Pick<ServiceConfig, 'database'>,
  pool: { maxConnections?: number } = {},
): Promise<PostgresStorage> {
  // The sync package locks a PGlite folder to one process (FolderInUseError for a second one).
  const storage = await openStorage({ ...config.database, ...pool });
  try {
    await underSchemaLock(storage, async (run) => {
      await run(
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
      // Added with several consumers per deployment: tokens limited to some consumers' accounts.
      await run(sql`alter table svc_tokens add column if not exists consumers text[]`);
      await run(sql`create table if not exists svc_meta (key text primary key, value text not null)`);
      await run(
        sql`insert into svc_meta (key, value) values ('cursor_key', ${randomBytes(32).toString('base64url')})
            on conflict (key) do nothing`,
      );
    });
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
