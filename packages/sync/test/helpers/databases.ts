import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage, type PostgresStorage } from '../../src';

/** The PostgreSQL 15 server the tests use (trust auth on loopback). */
export const PG_ADMIN_URL = process.env.SPORTSCLOUD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];

export interface Throwaway {
  engine: Engine;
  /** What `openStorage` takes to reopen the same database. */
  options: { dataDir: string } | { url: string };
  open(): Promise<PostgresStorage>;
  drop(): Promise<void>;
}

/** A fresh database per call: a temporary PGlite folder, or a new PostgreSQL database. */
export async function throwawayDatabase(engine: Engine): Promise<Throwaway> {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'sc-sync-'));
    return {
      engine,
      options: { dataDir },
      open: () => openStorage({ dataDir }),
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sc_sync_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    engine,
    options: { url },
    open: () => openStorage({ url }),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
