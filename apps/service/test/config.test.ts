import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { runCli } from './cli';

describe('configuration from the environment', () => {
  it('defaults to the embedded database and the fake on 127.0.0.1:3000', () => {
    const config = loadConfig({}, '/srv/app');
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
      loadConfig({
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
      const config = loadConfig(
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
        loadConfig(
          {
            SPORTSCLOUD_CONSUMER_ID: 'c1',
            SPORTSCLOUD_SHARED_SECRET: 'x',
            SPORTSCLOUD_SHARED_SECRET_FILE: 'secret',
          },
          dir,
        ),
      ).toThrow(/both set/);
      expect(() =>
        loadConfig({ SPORTSCLOUD_CONSUMER_ID: 'c1', SPORTSCLOUD_SHARED_SECRET_FILE: 'missing' }, dir),
      ).toThrow(/cannot be read: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the service exits 2 with one line per bad value', async () => {
    const { code, stderr } = await runCli([], { PORT: 'x', HOST: 'nowhere' }).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid configuration:\n/);
    expect(stderr).toContain('\n  - PORT must be a whole number from 0 to 65535, got "x"\n');
    expect(stderr).toContain('\n  - HOST must be an IP address');
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
