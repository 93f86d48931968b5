import { describe, expect, it } from 'vitest';
import { type ClientOptions, ConfigurationError, InvalidArgumentError, SportsCloudClient } from '../../src';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const make = (options: Partial<ClientOptions>) => () =>
  new SportsCloudClient({ ...CREDENTIALS, baseURL: 'https://api.test/v1', ...options } as ClientOptions);

describe('options are checked at construction, naming the option', () => {
  it.each<[string, Partial<ClientOptions>, RegExp]>([
    ['perSecond 0 (would spin)', { rateLimit: { perSecond: 0 } }, /rateLimit\.perSecond/],
    [
      'perSecond NaN (would disable the limiter)',
      { rateLimit: { perSecond: Number.NaN } },
      /rateLimit\.perSecond .*got NaN/,
    ],
    ['perSecond Infinity', { rateLimit: { perSecond: Number.POSITIVE_INFINITY } }, /rateLimit\.perSecond/],
    ['perSecond negative', { rateLimit: { perSecond: -1 } }, /rateLimit\.perSecond/],
    ['burst 0 (would wait forever)', { rateLimit: { burst: 0 } }, /rateLimit\.burst/],
    ['burst 0.5', { rateLimit: { burst: 0.5 } }, /rateLimit\.burst must be an integer/],
    ['burst NaN', { rateLimit: { burst: Number.NaN } }, /rateLimit\.burst/],
    ['dailyQuota 0', { rateLimit: { dailyQuota: 0 } }, /rateLimit\.dailyQuota/],
    ['arrivalJitterMs NaN', { rateLimit: { arrivalJitterMs: Number.NaN } }, /rateLimit\.arrivalJitterMs/],
    ['arrivalJitterMs -1', { rateLimit: { arrivalJitterMs: -1 } }, /rateLimit\.arrivalJitterMs/],
    ['dailyQuota NaN', { rateLimit: { dailyQuota: Number.NaN } }, /rateLimit\.dailyQuota/],
    ['timeout 0', { timeout: 0 }, /timeout must be/],
    ['timeout NaN', { timeout: Number.NaN }, /timeout must be/],
    ['timeout beyond a timer', { timeout: 2 ** 31 }, /timeout must be/],
    ['deadline -1', { deadline: -1 }, /deadline must be/],
    ['maxRetries 1.5', { maxRetries: 1.5 }, /maxRetries must be an integer/],
    ['maxRetries -1', { maxRetries: -1 }, /maxRetries/],
    ['maxRetries as a string', { maxRetries: '3' as never }, /maxRetries .*got a string/],
    [
      'analysisPolling.intervalMs NaN',
      { analysisPolling: { intervalMs: Number.NaN } },
      /analysisPolling\.intervalMs/,
    ],
    [
      'analysisPolling.maxAttempts 0',
      { analysisPolling: { maxAttempts: 0 } },
      /analysisPolling\.maxAttempts/,
    ],
    ['analysisPolling.maxWaitMs -5', { analysisPolling: { maxWaitMs: -5 } }, /analysisPolling\.maxWaitMs/],
    ['retryBudget.capacity NaN', { retryBudget: { capacity: Number.NaN } }, /retryBudget\.capacity/],
    ['retryBudget.retryCost -1', { retryBudget: { retryCost: -1 } }, /retryBudget\.retryCost/],
    ['responseLimitBytes 0', { responseLimitBytes: 0 }, /responseLimitBytes/],
    ['maxResponseBytes NaN', { maxResponseBytes: Number.NaN }, /maxResponseBytes/],
    ['maxResponseBytes 10', { maxResponseBytes: 10 }, /maxResponseBytes/],
    ['maxRedirects 21', { maxRedirects: 21 }, /maxRedirects/],
    ['fetch not a function', { fetch: 'fetch' as never }, /fetch must be a function/],
    ['apiKey empty', { apiKey: '' }, /apiKey/],
    ['random not a function', { random: 0.5 as never }, /random must be a function/],
    ['clock without sleep', { clock: { now: () => 0 } as never }, /clock has no sleep method/],
    [
      'logger without debug',
      { logger: { info() {}, warn() {}, error() {} } as never },
      /logger has no debug method/,
    ],
    ['logger a string', { logger: 'console' as never }, /logger must be an object/],
    [
      'rateLimitStore without penalise',
      { rateLimitStore: { take: async () => ({ granted: true }) } as never },
      /rateLimitStore has no penalise method/,
    ],
    [
      'baseURL with a query',
      { baseURL: 'https://api.test/v1?tenant=acme' },
      /baseURL must not contain a query/,
    ],
    ['baseURL with an empty query', { baseURL: 'https://api.test/v1?' }, /baseURL must not contain a query/],
    ['baseURL with a fragment', { baseURL: 'https://api.test/v1#x' }, /baseURL must not contain a fragment/],
    ['baseURL ftp', { baseURL: 'ftp://api.test/v1' }, /baseURL must be an http or https URL/],
    ['baseURL relative', { baseURL: '/v1' }, /baseURL is not an absolute URL/],
    ['baseURL with user-info', { baseURL: 'https://u:p@api.test/v1' }, /baseURL must not contain user-info/],
  ])('%s', (_label, options, message) => {
    expect(make(options)).toThrow(ConfigurationError);
    expect(make(options)).toThrow(message);
  });

  it('valid values at the edges are accepted', () => {
    expect(make({ rateLimit: { perSecond: 0.5, burst: 1, dailyQuota: 1 } })).not.toThrow();
    expect(make({ timeout: 1, deadline: 2 ** 31 - 1, maxRetries: 0, maxRedirects: 0 })).not.toThrow();
    expect(make({ analysisPolling: { intervalMs: 0, maxAttempts: 1, maxWaitMs: 0 } })).not.toThrow();
    expect(make({ baseURL: 'http://127.0.0.1:8080/v1/', maxResponseBytes: 1024 })).not.toThrow();
  });

  it('register checks its options too', () => {
    expect(() =>
      SportsCloudClient.register({ consumerName: 'Club app', baseURL: 'https://api.test/v1?x=1' }),
    ).toThrow(/baseURL must not contain a query/);
    expect(() => SportsCloudClient.register({ consumerName: 'Club app', timeout: Number.NaN })).toThrow(
      /timeout must be/,
    );
  });

  it('a valid base URL with a trailing slash still reaches /v1/sports/accounts', async () => {
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    await make({ baseURL: 'https://api.test/v1/', fetch })().accounts.list();
    expect(seen[0]?.url.href).toBe('https://api.test/v1/sports/accounts');
  });
});

describe('per-call options are checked before anything is sent', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['timeout NaN', { timeout: Number.NaN }, /options\.timeout: must be a finite number > 0/],
    ['timeout 0', { timeout: 0 }, /options\.timeout/],
    ['deadline Infinity', { deadline: Number.POSITIVE_INFINITY }, /options\.deadline/],
    ['maxRetries -1', { maxRetries: -1 }, /options\.maxRetries: must be an integer/],
  ])('%s', async (_label, options, message) => {
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    const error = await make({ fetch })()
      .accounts.list(options)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(seen).toHaveLength(0);
  });
});
