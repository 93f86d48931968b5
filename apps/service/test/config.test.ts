import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  ENVIRONMENT,
  loadConfig,
  serviceConfigModule,
  validateEnvironment,
} from '../src/config';
import { runCli } from './cli';

describe('configuration from the environment', () => {
  it('defaults to the embedded database and the fake on 127.0.0.1:3000', () => {
    const config = validateEnvironment({}, '/srv/app');
    expect(config).toEqual({
      database: { dataDir: '/srv/app/.data' },
      host: '127.0.0.1',
      port: 3000,
      syncIntervalMinutes: 60,
      overlapHours: 72,
      logLevel: 'info',
    });
  });

  it('names every bad value at once, without echoing a secret', () => {
    let error: unknown;
    try {
      validateEnvironment({
        PORT: '70000',
        HOST: 'example.com',
        SYNC_INTERVAL_MINUTES: 'often',
        SYNC_OVERLAP_HOURS: '-1',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        LOG_LEVEL: 'loud',
        SPORTSCLOUD_SHARED_SECRET: 'my-shared-secret',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      'PORT',
      'HOST',
      'SYNC_INTERVAL_MINUTES',
      'SYNC_OVERLAP_HOURS',
      'DATABASE_URL',
      'LOG_LEVEL',
    ])
      expect(message).toContain(name);
    expect(message).toContain('SPORTSCLOUD_CONSUMER_ID is missing');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('my-shared-secret');
    expect((error as ConfigError).problems).toHaveLength(7);
  });

  it('reads secrets from files, and refuses both forms at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sc-secrets-'));
    try {
      await writeFile(join(dir, 'secret'), 'from-a-file\n');
      const config = validateEnvironment(
        {
          SPORTSCLOUD_CONSUMER_ID: 'c1',
          SPORTSCLOUD_SHARED_SECRET_FILE: 'secret',
          DATABASE_URL: 'postgres://u@h/db',
        },
        dir,
      );
      expect(config.sportsCloud).toMatchObject({ consumerId: 'c1', sharedSecret: 'from-a-file' });
      expect(config.database).toEqual({ url: 'postgres://u@h/db' });
      expect(() =>
        validateEnvironment(
          {
            SPORTSCLOUD_CONSUMER_ID: 'c1',
            SPORTSCLOUD_SHARED_SECRET: 'x',
            SPORTSCLOUD_SHARED_SECRET_FILE: 'secret',
          },
          dir,
        ),
      ).toThrow(/both set/);
      expect(() =>
        validateEnvironment(
          { SPORTSCLOUD_CONSUMER_ID: 'c1', SPORTSCLOUD_SHARED_SECRET_FILE: 'missing' },
          dir,
        ),
      ).toThrow(/cannot be read: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('through @nestjs/config', () => {
    // Only what a test sets: the variables of the machine running the tests are out of the way.
    const clearEnvironment = () => {
      for (const [name] of ENVIRONMENT) {
        vi.stubEnv(name, undefined);
        vi.stubEnv(`${name}_FILE`, undefined);
      }
    };
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('ConfigModule.forRoot runs the validation and rejects a bad value, naming it', async () => {
      clearEnvironment();
      vi.stubEnv('SYNC_INTERVAL_MINUTES', 'often');
      vi.stubEnv('SPORTSCLOUD_CONSUMER_ID', 'c1');
      vi.stubEnv('SPORTSCLOUD_SHARED_SECRET', 'my-shared-secret');
      vi.stubEnv('DATABASE_URL', 'mysql://root:hunter2@db/x');
      const error = await serviceConfigModule().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'DATABASE_URL must be a postgres:// or postgresql:// URL',
        'SYNC_INTERVAL_MINUTES must be a whole number from 0 to 10080, got "often"',
      ]);
      expect((error as ConfigError).message).not.toMatch(/hunter2|my-shared-secret/);
    });

    it('validates the scale-out variables in the same pass, one error naming every bad value', async () => {
      clearEnvironment();
      vi.stubEnv('PORT', 'eighty');
      vi.stubEnv('REDIS_URL', 'http://:s3cret-pass@127.0.0.1:6379');
      vi.stubEnv('SPORTSCLOUD_ENCRYPTION_KEY', 'not-a-key');
      const error = await serviceConfigModule().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'PORT must be a whole number from 0 to 65535, got "eighty"',
        'REDIS_URL must be a redis:// or rediss:// URL',
        'SPORTSCLOUD_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
      ]);
      expect((error as ConfigError).message).not.toMatch(/s3cret-pass|not-a-key/);
    });

    it('ConfigService serves the validated configuration', async () => {
      clearEnvironment();
      vi.stubEnv('PORT', '4321');
      vi.stubEnv('HOST', '::1');
      vi.stubEnv('SPORTSCLOUD_CONSUMER_ID', 'c1');
      vi.stubEnv('SPORTSCLOUD_SHARED_SECRET', 'my-shared-secret');
      vi.stubEnv('DATABASE_URL', 'postgres://u@h/db');
      expect(await loadConfig('/srv/app')).toEqual({
        sportsCloud: {
          consumerId: 'c1',
          sharedSecret: 'my-shared-secret',
          rateLimit: { perSecond: 1, burst: 60, dailyQuota: 5000 },
        },
        database: { url: 'postgres://u@h/db' },
        host: '::1',
        port: 4321,
        syncIntervalMinutes: 60,
        overlapHours: 72,
        logLevel: 'info',
      });
    });
  });

  it('the service exits 2 with one line per bad value, and no secret', async () => {
    const { code, stderr } = await runCli([], {
      PORT: 'x',
      HOST: 'nowhere',
      SPORTSCLOUD_SHARED_SECRET: 'my-shared-secret',
      DATABASE_URL: 'mysql://root:hunter2@db/x',
    }).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid configuration:\n/);
    expect(stderr).toContain('\n  - PORT must be a whole number from 0 to 65535, got "x"\n');
    expect(stderr).toContain('\n  - HOST must be an IP address');
    expect(stderr).toContain('\n  - DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(stderr).toContain('\n  - SPORTSCLOUD_CONSUMER_ID is missing');
    expect(stderr).not.toMatch(/hunter2|my-shared-secret/);
  });
});

describe('token command', () => {
  it('creates a token once, stores its hash, and refuses bad scopes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sc-tokens-'));
    try {
      const created = await runCli(
        ['token', 'create', '--account', '1-1', '--scope', 'read', '--scope', 'export'],
        {
          DATA_DIR: dir,
        },
      ).done;
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^sct_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toContain('shown only now');
      const listed = await runCli(['token', 'list'], { DATA_DIR: dir }).done;
      expect(listed.stdout).toMatch(/^1\tread,export\t1-1\tactive/);
      expect(listed.stdout).not.toContain(token);
      const bad = await runCli(['token', 'create', '--account', '1-1', '--scope', 'write'], { DATA_DIR: dir })
        .done;
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('scopes');
      const adminOneAccount = await runCli(['token', 'create', '--account', '1-1', '--scope', 'admin'], {
        DATA_DIR: dir,
      }).done;
      expect(adminOneAccount.code).toBe(2);
      expect(adminOneAccount.stderr).toContain('--all-accounts');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
