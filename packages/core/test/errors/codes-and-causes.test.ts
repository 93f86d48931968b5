import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  GatewayTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  ServerError,
} from '../../src';
import { apiErrorFromResponse } from '../../src/errors/api-errors';
import { CAUSES, causeOfStatus } from '../../src/errors/causes';

const request = { method: 'GET', url: 'https://api.example/v1/sports/accounts', headers: {} };
const errorFor = (status: number) =>
  apiErrorFromResponse(request, { status, headers: {} }, { now: Date.UTC(2026, 10, 26) });

describe('each API error class owns its code', () => {
  it.each([
    [400, BadRequestError, 'bad_request'],
    [401, AuthenticationError, 'authentication'],
    [403, PermissionDeniedError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [413, ResponseTooLargeError, 'response_too_large'],
    [419, ResponseTooLargeError, 'response_too_large'],
    [429, RateLimitError, 'rate_limited'],
    [500, ServerError, 'server_error'],
    [503, ServerError, 'server_error'],
    [504, GatewayTimeoutError, 'gateway_timeout'],
    [418, APIError, 'api_error'],
  ])('%i → %o with code %s, also when constructed directly', (status, Class, code) => {
    const error = errorFor(status);
    expect(error).toBeInstanceOf(Class);
    expect(error.constructor).toBe(Class);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    const direct =
      Class === RateLimitError
        ? new RateLimitError('m', { scope: 'burst' })
        : new (Class as typeof APIError)('m', { status });
    expect(direct.code).toBe(code);
    expect(JSON.parse(JSON.stringify(direct))).toMatchObject({ code });
  });
});

describe('one cause-and-fix table for error messages and diagnose()', () => {
  it.each([400, 401, 403, 404, 413, 419])(
    'a %i error message names the cause and the fix of the table',
    (status) => {
      const entry = causeOfStatus(status)!;
      expect(entry).toBeDefined();
      expect(errorFor(status).message).toContain(`(${entry.cause}: ${entry.fix})`);
    },
  );

  it('statuses told apart by more than their number get no single hint', () => {
    for (const status of [429, 500, 504, 418]) {
      expect(causeOfStatus(status)).toBeUndefined();
      expect(errorFor(status).message).not.toContain(' (');
    }
  });

  it('maps each status to its entry', () => {
    expect([400, 401, 403, 404, 413].map(causeOfStatus)).toEqual([
      CAUSES.url,
      CAUSES.jwt,
      CAUSES.apiKey,
      CAUSES.notFound,
      CAUSES.tooLarge,
    ]);
  });
});
