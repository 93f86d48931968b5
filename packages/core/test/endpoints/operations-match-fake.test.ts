import { ROUTES, type Route } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import type { ApiKeyProvider } from '../../src/auth/api-key-provider';
import type { Credentials } from '../../src/auth/credentials';
import type { TokenProvider } from '../../src/auth/token-provider';
import { createResources, type Resources } from '../../src/endpoints';
import { AccountResource } from '../../src/endpoints/account';
import type { ApiRequest } from '../../src/transport/types';
import { recordingTransport } from './recording-transport';

/**
 * Core names operations `athletes.list`, the fake `listAthletes`; each keeps its own list. This
 * proves the two lists describe the same 20 operations: every request the core can send matches
 * exactly one route of the fake, with the same method, credentials and results handling, and every
 * route of the fake is reached.
 */

const at = { accountId: '3-12345' };
const sports: ((api: Resources) => unknown)[] = [
  (api) => api.accounts.list(),
  (api) => api.sportsTypes.list(),
  (api) => api.eventTypes.list(),
  (api) => api.athletes.list(at).toArray(),
  (api) => api.athletes.get({ ...at, athleteId: 1 }),
  (api) => api.measurements.list({ ...at, athleteId: 1 }).toArray(),
  (api) => api.measurements.results({ ...at, athleteId: 1, measurementId: 2, vars: ['trimp'] }),
  (api) => api.measurements.lapResults({ ...at, athleteId: 1, measurementId: 2, lapId: 3, vars: ['trimp'] }),
  (api) => api.coaches.list(at).toArray(),
  (api) => api.coaches.get({ ...at, coachId: 4 }),
  (api) => api.teams.list(at).toArray(),
  (api) => api.teams.get({ ...at, teamId: 5 }),
  (api) => api.teams.athletes({ ...at, teamId: 5 }).toArray(),
  (api) => api.sessions.list({ ...at, teamId: 5 }).toArray(),
  (api) => api.sessions.results({ ...at, teamId: 5, sessionId: 6, vars: ['trimp'] }),
  (api) => api.sessions.lapResults({ ...at, teamId: 5, sessionId: 6, lapId: 3, vars: ['trimp'] }),
];

async function everyRequest(): Promise<ApiRequest[]> {
  const { transport, calls } = recordingTransport(() => ({}));
  const api = createResources(transport);
  // The bodies are empty: only the requests matter here, not what parsing them makes of `{}`.
  for (const call of sports) await Promise.resolve(call(api)).catch(() => undefined);
  const credentials = { pendingSharedSecret: undefined, sharedSecret: 's' } as unknown as Credentials;
  const tokens = { invalidate: () => {} } as unknown as TokenProvider;
  const account = new AccountResource(transport, credentials, tokens, {} as ApiKeyProvider);
  await account.fetchApiKey().catch(() => undefined);
  // The new secret is only confirmed once it came back: answer that step with one.
  const withSecret = recordingTransport((request) =>
    request.operation === 'account.newSecret' ? { sharedSecret: 'n'.repeat(64) } : undefined,
  );
  const rotating = new AccountResource(withSecret.transport, credentials, tokens, {} as ApiKeyProvider);
  await rotating.rotateSharedSecret().catch(() => undefined);
  await AccountResource.register(transport, 'Club app', {}).catch(() => undefined);
  return [...calls, ...withSecret.calls].map((c) => c.request);
}

const matches = (route: Route, path: string) =>
  new RegExp(`^${route.pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);

/** The fake's credential levels, in the core's terms. */
const AUTH: Record<Route['auth'], readonly ApiRequest['auth'][]> = {
  none: ['none'],
  jwt: ['jwt'],
  full: ['jwt+key', 'pending-secret+key'],
};

describe('core and the fake name the same operations', () => {
  it('every core request matches exactly one fake route, alike in method, credentials and results', async () => {
    const requests = await everyRequest();
    const pairs = requests.map((request) => {
      const routes = ROUTES.filter(
        (route) => route.method === request.method && matches(route, request.path),
      );
      expect(routes, `${request.operation} ${request.method} ${request.path}`).toHaveLength(1);
      const [route] = routes as [Route];
      expect(AUTH[route.auth], request.operation).toContain(request.auth);
      expect(request.results ?? false, request.operation).toBe(route.results);
      return [request.operation, route.operation] as const;
    });
    const byCore = new Map(pairs);
    // One to one, and all 20 of the fake's.
    expect(byCore.size).toBe(pairs.length);
    expect(new Set(byCore.values()).size).toBe(ROUTES.length);
    expect(ROUTES).toHaveLength(20);
  });
});
