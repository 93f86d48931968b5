import { ConfigurationError, isSportsCloudError } from '@sportscloud/core';
import { describe, expect, it } from 'vitest';
import { clientOptionsFromEnv, createClientFromEnv, ENV_NAMES } from '../../src/index.ts';

const SECRET = 'very-secret-shared-secret-value';
const complete = { SPORTSCLOUD_CONSUMER_ID: 'c-1', SPORTSCLOUD_SHARED_SECRET: SECRET };

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('configuration from the runtime environment', () => {
  it('reads a Workers env object and a Deno.env-style getter alike', () => {
    const env = {
      ...complete,
      SPORTSCLOUD_API_KEY: ' key ',
      SPORTSCLOUD_BASE_URL: 'http://127.0.0.1:1/v1',
      SPORTSCLOUD_TIMEOUT_MS: '5000',
      SPORTSCLOUD_MAX_RETRIES: '0',
      COORDINATOR: { idFromName() {} },
    };
    const expected = {
      consumerId: 'c-1',
      sharedSecret: SECRET,
      apiKey: 'key',
      baseURL: 'http://127.0.0.1:1/v1',
      timeout: 5000,
      maxRetries: 0,
    };
    expect(clientOptionsFromEnv(env)).toEqual(expected);
    expect(
      clientOptionsFromEnv((name) => (env as unknown as Record<string, string | undefined>)[name]),
    ).toEqual(expected);
    expect(createClientFromEnv(env).consumerId).toBe('c-1');
  });

  it('lets explicit options win over the environment', () => {
    expect(clientOptionsFromEnv(complete, { consumerId: 'other', timeout: 1 })).toMatchObject({
      consumerId: 'other',
      timeout: 1,
    });
  });

  it("keeps core's validation message and names the variable to set", () => {
    const missingId = failure(() => createClientFromEnv({ SPORTSCLOUD_SHARED_SECRET: SECRET }));
    expect(missingId).toBeInstanceOf(ConfigurationError);
    expect(missingId.message).toBe(
      'consumerId is required (the `id` from registration): set SPORTSCLOUD_CONSUMER_ID',
    );
    const missingSecret = failure(() => createClientFromEnv({ SPORTSCLOUD_CONSUMER_ID: 'c-1', EMPTY: '' }));
    expect(missingSecret.message).toBe('sharedSecret is required: set the secret SPORTSCLOUD_SHARED_SECRET');
    // A blank value counts as missing, like an empty option in core.
    expect(
      failure(() => createClientFromEnv({ ...complete, SPORTSCLOUD_CONSUMER_ID: '  ' })).message,
    ).toMatch(/^consumerId is required/);
  });

  it('rejects bindings and malformed numbers with a typed error naming the variable, never echoing a secret', () => {
    const binding = failure(() =>
      clientOptionsFromEnv({ ...complete, SPORTSCLOUD_SHARED_SECRET: { get() {} } }),
    );
    expect(isSportsCloudError(binding) && binding.code).toBe('configuration');
    expect(binding.message).toBe(
      'SPORTSCLOUD_SHARED_SECRET must be a string (a secret or a plain-text variable), not a binding',
    );
    const number = failure(() => clientOptionsFromEnv({ ...complete, SPORTSCLOUD_TIMEOUT_MS: '5s' }));
    expect(number.message).toBe('SPORTSCLOUD_TIMEOUT_MS must be a non-negative whole number, got "5s"');
    const huge = failure(() =>
      clientOptionsFromEnv({ ...complete, SPORTSCLOUD_SHARED_SECRET: 'x'.repeat(5000) }),
    );
    expect(huge.message).toBe('SPORTSCLOUD_SHARED_SECRET is 5000 characters long; at most 4096');
    for (const error of [binding, number, huge]) expect(error.message).not.toContain(SECRET);
  });

  it('documents one variable per option', () => {
    expect(Object.values(ENV_NAMES).every((name) => name.startsWith('SPORTSCLOUD_'))).toBe(true);
  });
});
