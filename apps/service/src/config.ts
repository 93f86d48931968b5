import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { DOCUMENTED_RATE_LIMITS } from '@sportscloud/core';
import { loadScaleConfig, type ScaleConfig } from './scale/scale-config';
import { CONSUMER_ID_PATTERN, CONSUMER_ID_RULE } from './tokens';

/**
 * The service's configuration, read from the environment once at boot by @nestjs/config with
 * {@link validateEnvironment}. Every bad value is named with what was expected; secrets are read
 * here and kept out of every message.
 */
export interface ServiceConfig {
  /** Credentials of a real consumer; undefined: the embedded fake Sports Cloud (demo data). */
  sportsCloud?: {
    consumerId: string;
    sharedSecret: string;
    apiKey?: string;
    baseURL?: string;
    /** The consumer's limits: the documented ones unless Firstbeat granted others. */
    rateLimit: { perSecond: number; burst: number; dailyQuota: number };
  };
  database: { url: string; dataDir?: never } | { dataDir: string; url?: never };
  port: number;
  host: string;
  /** Minutes between scheduled syncs; 0 turns the schedule off (boot and on-demand runs only). */
  syncIntervalMinutes: number;
  overlapHours: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MAX_SECRET_FILE_BYTES = 4096;

type Env = Record<string, string | undefined>;

/**
 * @nestjs/config validates the environment at boot: `forRoot` runs {@link validateEnvironment} on
 * it and throws its {@link ConfigError} there, before anything is opened. `ConfigService` serves the
 * result as `service`.
 */
export function serviceConfigModule(cwd = process.cwd()) {
  return ConfigModule.forRoot({
    ignoreEnvFile: true,
    isGlobal: true,
    validate: (env) => validateAll(env, cwd),
  });
}

/** Every validator's problems in one {@link ConfigError}, so one boot names every bad value. */
function validateAll(env: Env, cwd: string): { service: ServiceConfig; scale: ScaleConfig } {
  const problems: string[] = [];
  const run = <T>(validate: (env: Env, cwd: string) => T): T | undefined => {
    try {
      return validate(env, cwd);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const service = run(validateEnvironment);
  const scale = run(loadScaleConfig);
  if (!service || !scale) throw new ConfigError(problems);
  return { service, scale };
}

/**
 * The validated configuration, as @nestjs/config serves it. The commands need it before the app
 * exists (the database opens first), so a context of the config module alone reads it.
 */
export async function loadConfig(cwd = process.cwd()): Promise<ServiceConfig> {
  return (await loadConfiguration(cwd)).service;
}

/** The service's and the scale-out's configuration, both validated by @nestjs/config at once. */
export async function loadConfiguration(
  cwd = process.cwd(),
): Promise<{ service: ServiceConfig; scale: ScaleConfig }> {
  const context = await NestFactory.createApplicationContext(await serviceConfigModule(cwd), {
    logger: false,
    abortOnError: false,
  });
  try {
    const config = context.get(ConfigService);
    return {
      service: config.getOrThrow<ServiceConfig>('service'),
      scale: config.getOrThrow<ScaleConfig>('scale'),
    };
  } finally {
    await context.close();
  }
}

/**
 * A secret from `NAME` or from the file `NAME_FILE` names (bounded in size); its value never goes
 * into a problem's text.
 */
export function secretValue(env: Env, name: string, cwd: string, problems: string[]): string | undefined {
  const text = (key: string) => env[key]?.trim() || undefined;
  const direct = text(name);
  const file = text(`${name}_FILE`);
  if (direct && file) {
    problems.push(`${name} and ${name}_FILE are both set: use one`);
    return undefined;
  }
  if (!file) return direct;
  try {
    const content = readFileSync(resolve(cwd, file));
    if (content.length > MAX_SECRET_FILE_BYTES) {
      problems.push(`${name}_FILE (${file}) is larger than ${MAX_SECRET_FILE_BYTES} bytes`);
      return undefined;
    }
    const value = content.toString('utf8').trim();
    if (!value) problems.push(`${name}_FILE (${file}) is empty`);
    return value || undefined;
  } catch (error) {
    problems.push(
      `${name}_FILE (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
    return undefined;
  }
}

/** The validator @nestjs/config runs: throws a {@link ConfigError} listing every bad value. */
export function validateEnvironment(env: Env, cwd = process.cwd()): ServiceConfig {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const secret = (name: string) => secretValue(env, name, cwd, problems);
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };

  const consumerId = text('SPORTSCLOUD_CONSUMER_ID');
  const sharedSecret = secret('SPORTSCLOUD_SHARED_SECRET');
  const apiKey = secret('SPORTSCLOUD_API_KEY');
  const baseURL = text('SPORTSCLOUD_BASE_URL');
  let sportsCloud: ServiceConfig['sportsCloud'];
  if (consumerId && !CONSUMER_ID_PATTERN.test(consumerId)) {
    problems.push(`SPORTSCLOUD_CONSUMER_ID must be ${CONSUMER_ID_RULE}`);
  }
  if (baseURL !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(baseURL).protocol);
    } catch {}
    if (!ok) problems.push(`SPORTSCLOUD_BASE_URL must be an http(s) URL, got ${JSON.stringify(baseURL)}`);
  }
  const rateLimit = {
    perSecond: integer('SPORTSCLOUD_RATE_PER_SECOND', DOCUMENTED_RATE_LIMITS.perSecond, 1, 10_000),
    burst: integer('SPORTSCLOUD_RATE_BURST', DOCUMENTED_RATE_LIMITS.burst, 1, 1_000_000),
    dailyQuota: integer('SPORTSCLOUD_DAILY_QUOTA', DOCUMENTED_RATE_LIMITS.dailyQuota, 1, 100_000_000),
  };
  if (consumerId && sharedSecret) {
    sportsCloud = {
      consumerId,
      sharedSecret,
      rateLimit,
      ...(apiKey ? { apiKey } : {}),
      ...(baseURL ? { baseURL } : {}),
    };
  } else if (consumerId || sharedSecret) {
    problems.push(
      consumerId
        ? 'SPORTSCLOUD_SHARED_SECRET (or SPORTSCLOUD_SHARED_SECRET_FILE) is missing: it is needed with SPORTSCLOUD_CONSUMER_ID'
        : 'SPORTSCLOUD_CONSUMER_ID is missing: it is needed with SPORTSCLOUD_SHARED_SECRET',
    );
  } else if (apiKey || baseURL) {
    problems.push(
      'SPORTSCLOUD_API_KEY and SPORTSCLOUD_BASE_URL need SPORTSCLOUD_CONSUMER_ID and the shared secret',
    );
  }

  const databaseUrl = text('DATABASE_URL');
  let database: ServiceConfig['database'] = { dataDir: resolve(cwd, text('DATA_DIR') ?? '.data') };
  if (databaseUrl !== undefined) {
    if (/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) database = { url: databaseUrl };
    // The URL may carry a password: never echo it.
    else problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const host = text('HOST') ?? '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost') {
    problems.push(
      `HOST must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost, got ${JSON.stringify(host)}`,
    );
  }
  const logLevel = (text('LOG_LEVEL') ?? 'info') as ServiceConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  }

  const config: ServiceConfig = {
    ...(sportsCloud ? { sportsCloud } : {}),
    database,
    port: integer('PORT', 3000, 0, 65_535),
    host,
    syncIntervalMinutes: integer('SYNC_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    overlapHours: integer('SYNC_OVERLAP_HOURS', 72, 0, 24 * 90),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Environment variables the service reads, for the README and `--help`. */
export const ENVIRONMENT = [
  [
    'SPORTSCLOUD_CONSUMER_ID',
    '—',
    'Consumer id. Unset (with the secret): the embedded fake Sports Cloud (demo data)',
  ],
  ['SPORTSCLOUD_SHARED_SECRET', '—', 'Shared secret (or SPORTSCLOUD_SHARED_SECRET_FILE: a file holding it)'],
  [
    'SPORTSCLOUD_API_KEY',
    'fetched',
    'API key (or SPORTSCLOUD_API_KEY_FILE); fetched with the JWT when unset',
  ],
  ['SPORTSCLOUD_BASE_URL', 'the real API', 'API base URL'],
  [
    'SPORTSCLOUD_RATE_PER_SECOND',
    '1',
    'Requests per second of your consumer (change only if Firstbeat granted more)',
  ],
  ['SPORTSCLOUD_RATE_BURST', '60', 'Burst of your consumer'],
  ['SPORTSCLOUD_DAILY_QUOTA', '5000', 'Requests per UTC day of your consumer'],
  ['DATABASE_URL', 'PGlite in ./.data', 'PostgreSQL URL (postgres://user@host:5432/db)'],
  ['DATA_DIR', './.data', 'Folder of the embedded PGlite database'],
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '127.0.0.1', 'Address to bind (0.0.0.0 to listen on every interface)'],
  ['SYNC_INTERVAL_MINUTES', '60', 'Minutes between scheduled syncs (0: only at boot and on demand)'],
  [
    'SYNC_OVERLAP_HOURS',
    '72',
    'Lists start this long before the last checkpoint, so late and edited items are seen',
  ],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
] as const;
