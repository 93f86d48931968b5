import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSportsCloudError, SportsCloudClient, type SportsCloudError } from '../../src';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const NEW_SECRET = 'feedface-0000-4000-8000-00000000beef';

/** Every way a credential could come back from a server: echoed headers, fields, free text. */
function leakyServer() {
  const tokens = new Set<string>();
  const state = { status: 500 };
  const { fetch } = scriptedFetch((r) => {
    const auth = r.headers.get('authorization') ?? '';
    const token = auth.replace('Bearer ', '');
    if (token) tokens.add(token);
    const echo = {
      message: `rejected ${auth} with key ${r.headers.get('x-api-key')} secret ${CREDENTIALS.sharedSecret}`,
      sharedSecret: CREDENTIALS.sharedSecret,
      apikey: CREDENTIALS.apiKey,
    };
    const leakyHeaders = { 'x-echo-auth': auth, 'x-api-key': CREDENTIALS.apiKey };
    switch (r.url.pathname.split('/').at(-1)) {
      case 'new-secret':
        return json({ sharedSecret: NEW_SECRET });
      case 'confirm':
        return json({ ...echo, message: `bad ${NEW_SECRET}` }, { status: 400 });
      default:
        return json(echo, { status: state.status, headers: leakyHeaders });
    }
  });
  return { fetch, tokens, state };
}

describe('credentials never leak', () => {
  it('not in messages, JSON, util.inspect, support bundles or logs, whatever the server echoes', async () => {
    const { fetch, tokens, state } = leakyServer();
    const logs: string[] = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (m: string, f?: unknown) => logs.push(`${level} ${m} ${JSON.stringify(f)}`),
      ]),
    ) as never;
    const clock = manualClock();
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch,
      clock,
      logger,
      analysisPolling: { maxAttempts: 2 },
      maxRetries: 0,
    });
    const events: string[] = [];
    for (const name of ['request', 'response', 'retry', 'wait', 'split', 'quota'] as const) {
      client.on(name, (event) => events.push(JSON.stringify(event)));
    }

    const errors: SportsCloudError[] = [];
    for (const status of [202, 204, 400, 401, 403, 404, 413, 419, 429, 500, 502, 504]) {
      state.status = status;
      const error = await runUntilSettled(
        clock,
        client.measurements
          .results({ accountId: '3-12345', athleteId: 1, measurementId: 2 })
          .catch((e: unknown) => e),
      );
      expect(isSportsCloudError(error)).toBe(true);
      errors.push(error as SportsCloudError);
    }
    errors.push(
      (await runUntilSettled(
        clock,
        client.account.rotateSharedSecret().catch((e: unknown) => e),
      )) as SportsCloudError,
    );

    expect(tokens.size).toBeGreaterThan(0);
    const secrets = [CREDENTIALS.sharedSecret, CREDENTIALS.apiKey, NEW_SECRET, ...tokens];
    const outputs = errors.flatMap((e) => [
      e.message,
      JSON.stringify(e),
      inspect(e, { depth: 20, showHidden: true }),
      JSON.stringify(e.toSupportBundle()),
      String(e.stack),
    ]);
    outputs.push(
      ...logs,
      ...events,
      inspect(client, { depth: 20, showHidden: true }),
      JSON.stringify(client),
    );
    expect(events.length).toBeGreaterThan(0);
    for (const output of outputs) {
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
    expect(logs.length).toBeGreaterThan(0);
  });

  it('support bundle: consumer id, full request and full response, credentials redacted', async () => {
    const { fetch } = leakyServer();
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch,
      clock: manualClock(),
      maxRetries: 0,
    });
    const error = (await client.teams
      .get({ accountId: '3-12345', teamId: 7 })
      .catch((e: unknown) => e)) as SportsCloudError;
    const bundle = error.toSupportBundle();
    expect(bundle.consumerId).toBe(CREDENTIALS.consumerId);
    expect(bundle.request).toMatchObject({
      method: 'GET',
      url: 'https://api.test/v1/sports/accounts/3-12345/teams/7',
      headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', accept: 'application/json' },
    });
    expect(bundle.response).toMatchObject({
      status: 500,
      headers: { 'x-api-key': '[REDACTED]', 'content-type': 'application/json' },
    });
    expect(JSON.parse(bundle.response!.body!)).toMatchObject({
      sharedSecret: '[REDACTED]',
      apikey: '[REDACTED]',
    });
    expect(bundle.error).toMatchObject({ name: 'ServerError', code: 'server_error' });
  });
});
