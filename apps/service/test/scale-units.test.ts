import { randomBytes } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateEnvironment } from '../src/config';
import { ConsumerInputError, checkNewConsumer } from '../src/scale/consumer-store';
import { UnknownConsumerError } from '../src/scale/consumer-syncs';
import { CredentialCipher, CredentialDecryptError } from '../src/scale/credential-cipher';
import { loadScaleConfig } from '../src/scale/scale-config';
import { syncDeduplicationId } from '../src/scale/sync-queue';
import { jobError } from '../src/scale/sync-worker';
import { checkTokenRequest } from '../src/tokens';

describe('scale-out configuration', () => {
  it('defaults to one process: no Redis, no key, the worker settings documented', () => {
    expect(loadScaleConfig({})).toEqual({
      worker: { concurrency: 2, lockMs: 30_000, stalledIntervalMs: 30_000 },
    });
  });

  it('reads Redis, the prefix and a 32-byte key', () => {
    const key = randomBytes(32);
    const config = loadScaleConfig({
      REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
      REDIS_KEY_PREFIX: 'club-sync',
      SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
      SYNC_JOB_LOCK_MS: '5000',
    });
    expect(config.redis).toEqual({ url: 'redis://:pw@127.0.0.1:6379/2', keyPrefix: 'club-sync' });
    expect(Buffer.from(config.encryptionKey!)).toEqual(key);
    expect(config.worker.lockMs).toBe(5000);
  });

  it('names every bad value at once and never echoes the Redis password or the key', () => {
    let error: unknown;
    try {
      loadScaleConfig({
        REDIS_URL: 'http://:hunter2@redis',
        REDIS_KEY_PREFIX: 'a b',
        SPORTSCLOUD_ENCRYPTION_KEY: 'c2hvcnQta2V5LXRvcHNlY3JldA==',
        SYNC_WORKER_CONCURRENCY: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      'REDIS_URL',
      'REDIS_KEY_PREFIX',
      'SPORTSCLOUD_ENCRYPTION_KEY',
      'SYNC_WORKER_CONCURRENCY',
    ])
      expect(message).toContain(name);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('c2hvcnQta2V5LXRvcHNlY3JldA');
  });
});

describe('credential cipher (AES-256-GCM, WebCrypto)', () => {
  const cipher = new CredentialCipher(randomBytes(32));

  it('round-trips, with a fresh IV each time and no plaintext in the stored value', async () => {
    const a = await cipher.encrypt('the-shared-secret', 'c1/sharedSecret');
    const b = await cipher.encrypt('the-shared-secret', 'c1/sharedSecret');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(a).not.toContain('the-shared-secret');
    expect(await cipher.decrypt(a, 'c1/sharedSecret')).toBe('the-shared-secret');
  });

  it('refuses another key, another row or field, and a tampered value, naming no secret', async () => {
    const stored = await cipher.encrypt('the-shared-secret', 'c1/sharedSecret');
    await expect(new CredentialCipher(randomBytes(32)).decrypt(stored, 'c1/sharedSecret')).rejects.toThrow(
      CredentialDecryptError,
    );
    await expect(cipher.decrypt(stored, 'c2/sharedSecret')).rejects.toThrow(CredentialDecryptError);
    await expect(cipher.decrypt(stored, 'c1/apiKey')).rejects.toThrow(CredentialDecryptError);
    const tampered = `${stored.slice(0, -2)}${stored.endsWith('A') ? 'B' : 'A'}${stored.slice(-1)}`;
    const error = await cipher.decrypt(tampered, 'c1/sharedSecret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialDecryptError);
    expect(String(error)).not.toContain('the-shared-secret');
  });
});

describe('new consumers and job ids', () => {
  it('checks a consumer field by field, with the documented limits by default', () => {
    expect(checkNewConsumer({ consumerId: 'club-1', sharedSecret: 'abcdefgh12' }).rateLimit).toEqual({
      perSecond: 1,
      burst: 60,
      dailyQuota: 5000,
    });
    const field = (input: Record<string, unknown>) => {
      try {
        checkNewConsumer(input as never);
      } catch (e) {
        return e instanceof ConsumerInputError ? e.field : 'other';
      }
      return 'accepted';
    };
    expect(field({ consumerId: 'a b', sharedSecret: 'abcdefgh12' })).toBe('consumerId');
    expect(field({ consumerId: 'c', sharedSecret: 'short' })).toBe('sharedSecret');
    expect(field({ consumerId: 'c', sharedSecret: 'abcdefgh12', apiKey: 'has space in it' })).toBe('apiKey');
    expect(field({ consumerId: 'c', sharedSecret: 'abcdefgh12', baseURL: 'ftp://x' })).toBe('baseURL');
    expect(field({ consumerId: 'c', sharedSecret: 'abcdefgh12', baseURL: 'https://me:pw@api.example' })).toBe(
      'baseURL',
    );
    expect(field({ consumerId: 'c', sharedSecret: 'abcdefgh12', rateLimit: { burst: 0 } })).toBe(
      'rateLimit.burst',
    );
  });

  it('takes the same consumer ids in the environment, a stored consumer and a token', () => {
    const accepted = (consumerId: string) => {
      const ok = (check: () => unknown) => {
        try {
          check();
          return true;
        } catch {
          return false;
        }
      };
      return [
        ok(() =>
          validateEnvironment({
            SPORTSCLOUD_CONSUMER_ID: consumerId,
            SPORTSCLOUD_SHARED_SECRET: 'abcdefgh12',
          }),
        ),
        ok(() => checkNewConsumer({ consumerId, sharedSecret: 'abcdefgh12' })),
        ok(() => checkTokenRequest({ accounts: '*', scopes: ['read'], consumers: [consumerId] })),
      ];
    };
    for (const id of ['club-1', 'org:club_1.a', 'x'.repeat(200)])
      expect(accepted(id), id).toEqual([true, true, true]);
    for (const id of ['a b', 'club/1', 'x'.repeat(201), 'é'])
      expect(accepted(id), id).toEqual([false, false, false]);
  });

  it('gives one stable deduplication id per consumer, with no ":" (job ids start with it, and BullMQ refuses ":" in them)', () => {
    expect(syncDeduplicationId('org:club-1')).toBe('sync-org%3Aclub-1');
    expect(syncDeduplicationId('org:club-1')).toBe(syncDeduplicationId('org:club-1'));
    expect(syncDeduplicationId('org:club-1')).not.toContain(':');
  });
});

describe('failed sync jobs', () => {
  it('fail at once when no retry can mend them, and are retried otherwise', () => {
    for (const permanent of [
      new UnknownConsumerError('no consumer c9 in this deployment'),
      new CredentialDecryptError('consumers/c9/sharedSecret'),
    ]) {
      const mapped = jobError(permanent);
      expect(mapped, permanent.name).toBeInstanceOf(UnrecoverableError);
      expect((mapped as Error).message).not.toBe('');
    }
    const transient = new Error('socket hang up');
    expect(jobError(transient)).toBe(transient);
  });
});
