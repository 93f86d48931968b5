import { ConfigError, secretValue } from '../config';

/**
 * What the scale-out needs from the environment, read next to the service's own configuration:
 * Redis (the sync queue and the shared rate-limit budget), the key that encrypts stored consumer
 * credentials, and the worker's settings. Without `REDIS_URL` the service runs as one process.
 */
export interface ScaleConfig {
  redis?: {
    url: string;
    /** Prefixes every Redis key (queue and budgets), so deployments can share a Redis. */
    keyPrefix: string;
  };
  /** 32 bytes (AES-256-GCM); undefined: consumers cannot be stored in the database. */
  encryptionKey?: Uint8Array;
  worker: {
    /** Sync jobs (one consumer each) this process runs at once. */
    concurrency: number;
    /** A job's lock; a worker that stops renewing it (killed) loses the job after this long. */
    lockMs: number;
    /** How often workers look for jobs whose lock expired (stalled) and take them over. */
    stalledIntervalMs: number;
  };
}

type Env = Record<string, string | undefined>;

const text = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** Validates the scale-out variables; throws a {@link ConfigError} naming each bad one (never a secret). */
export function loadScaleConfig(env: Env = process.env, cwd = process.cwd()): ScaleConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(env, name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };

  let redis: ScaleConfig['redis'];
  const url = text(env, 'REDIS_URL');
  if (url !== undefined) {
    // The URL may carry a password: never echo it.
    if (/^rediss?:\/\/[^\s]+$/.test(url)) redis = { url, keyPrefix: 'sportscloud' };
    else problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  const prefix = text(env, 'REDIS_KEY_PREFIX');
  if (prefix !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(prefix))
      problems.push('REDIS_KEY_PREFIX must be 1-64 letters, digits, ".", "_" or "-"');
    else if (redis) redis.keyPrefix = prefix;
  }

  let encryptionKey: Uint8Array | undefined;
  const encoded = secretValue(env, 'SPORTSCLOUD_ENCRYPTION_KEY', cwd, problems);
  if (encoded !== undefined) {
    const bytes = /^[A-Za-z0-9+/_-]{43}=?$/.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (bytes?.length === 32) encryptionKey = new Uint8Array(bytes);
    else
      problems.push(
        'SPORTSCLOUD_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
      );
  }

  const config: ScaleConfig = {
    ...(redis ? { redis } : {}),
    ...(encryptionKey ? { encryptionKey } : {}),
    worker: {
      concurrency: integer('SYNC_WORKER_CONCURRENCY', 2, 1, 64),
      lockMs: integer('SYNC_JOB_LOCK_MS', 30_000, 1_000, 3_600_000),
      stalledIntervalMs: integer('SYNC_JOB_STALLED_INTERVAL_MS', 30_000, 500, 3_600_000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The scale-out variables, for the README and `--help`. */
export const SCALE_ENVIRONMENT = [
  ['REDIS_URL', '—', 'Redis 7 URL: every process becomes a sync worker sharing one budget per consumer'],
  ['REDIS_KEY_PREFIX', 'sportscloud', 'Prefix of every Redis key (queue, budgets)'],
  ['SPORTSCLOUD_ENCRYPTION_KEY', '—', 'base64 of 32 bytes (or _FILE): encrypts stored consumer credentials'],
  ['SYNC_WORKER_CONCURRENCY', '2', 'Consumers this process syncs at once (with REDIS_URL)'],
  ['SYNC_JOB_LOCK_MS', '30000', "A sync job's lock: a killed worker's job is taken over after it expires"],
  ['SYNC_JOB_STALLED_INTERVAL_MS', '30000', 'How often workers look for jobs a killed worker left'],
] as const;
