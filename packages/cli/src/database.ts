import { join, resolve } from 'node:path';
import type { CommandContext } from './context';
import { UsageError } from './exit-codes';
import { loadSync } from './lazy';

export interface DatabaseFlags {
  dataDir?: string;
}

/** Where `sync` keeps its embedded database when neither --data-dir nor DATABASE_URL says otherwise. */
export function defaultDataDir(ctx: CommandContext): string {
  const base = ctx.io.env.XDG_DATA_HOME || join(ctx.io.homedir, '.local', 'share');
  return join(base, 'sportscloud', 'db');
}

/**
 * Opens the sync database: PostgreSQL at $DATABASE_URL (never a flag: the URL may hold a password, which
 * is redacted from every output), unless --data-dir asks for the embedded one; else the embedded default.
 */
export async function openDatabase(ctx: CommandContext, flags: DatabaseFlags) {
  const { openStorage } = await loadSync();
  const url = ctx.io.env.DATABASE_URL;
  if (url && !flags.dataDir) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError('DATABASE_URL is not a URL (expected postgres://user@host:5432/database)');
    }
    if (parsed.password) {
      ctx.output.addSecret(parsed.password);
      ctx.output.addSecret(decodeURIComponent(parsed.password));
      parsed.password = '***';
    }
    return { storage: await openStorage({ url }), where: parsed.toString() };
  }
  const dataDir = resolve(ctx.io.cwd, flags.dataDir ?? defaultDataDir(ctx));
  return { storage: await openStorage({ dataDir }), where: dataDir };
}
