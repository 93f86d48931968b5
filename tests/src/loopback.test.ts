import { type FetchLike, SportsCloudClient } from '@sportscloud/core';
import { createFakeSportsCloud, type FakeSportsCloud } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Real HTTP on 127.0.0.1 with Node's own fetch: what a user's process does against the fake.
let fake: FakeSportsCloud;
let server: FakeServer;

beforeAll(async () => {
  fake = createFakeSportsCloud({ seed: 3, pageSize: 7 });
  server = await startFakeServer(fake);
});
afterAll(() => server.close());

function client(fetch?: FetchLike) {
  return new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    baseURL: server.url,
    ...(fetch ? { fetch } : {}),
  });
}

describe('core against the fake over loopback HTTP', () => {
  it('fetches the API key once, then lists every page of every list to the end', async () => {
    const c = client();
    const accounts = await c.accounts.list();
    expect(accounts.map((a) => a.accountId).sort()).toEqual(
      fake.data.accounts.map((a) => a.accountId).sort(),
    );
    for (const account of fake.data.accounts) {
      const athletes = await c.athletes.list({ accountId: account.accountId }).toArray();
      expect(athletes.map((a) => a.athleteId).sort((x, y) => x - y)).toEqual(
        account.athletes.map((a) => a.athleteId).sort((x, y) => x - y),
      );
      expect(athletes.length).toBeGreaterThan(7); // more than one page of 7
    }
    expect(fake.requests.filter((r) => r.path.endsWith('/account/api-key'))).toHaveLength(1);
  });

  it('decodes results identically from format=binary and format=list', async () => {
    const c = client();
    const account = fake.data.accounts[0]!;
    const athlete = account.athletes[0]!;
    const [m] = await c.measurements
      .list({ accountId: account.accountId, athleteId: athlete.athleteId, measurementType: 'exercise' })
      .toArray();
    const params = {
      accountId: account.accountId,
      athleteId: athlete.athleteId,
      measurementId: m!.measurementId,
      vars: [
        'heartRateSeries',
        'heartRatePercentageSeries',
        'rriSeries',
        'artifactCorrectedRrVector',
        'trimp',
      ],
    };
    const binary = await c.measurements.results(params);
    const list = await c.measurements.results({ ...params, format: 'list' });
    expect(list).toEqual(binary);
    const rr = binary.variables?.find((v) => v.name === 'rriSeries');
    expect(rr && 'values' in rr && rr.values).toBeInstanceOf(Uint16Array);
    expect(rr && 'samplingRate' in rr).toBe(false);
  });

  it.each(['zstd', 'br', 'gzip', 'deflate', 'identity'])(
    'decodes a %s-encoded body, whoever decompresses it',
    async (encoding) => {
      const seen: (string | null)[] = [];
      const forced: FetchLike = async (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('accept-encoding', encoding);
        const response = await fetch(input, { ...init, headers });
        seen.push(response.headers.get('content-encoding'));
        return response;
      };
      const c = client(forced);
      const account = fake.data.accounts[1]!;
      const team = account.teams[0]!;
      const sessions = await c.sessions.list({ accountId: account.accountId, teamId: team.teamId }).toArray();
      const results = await c.sessions.results({
        accountId: account.accountId,
        teamId: team.teamId,
        sessionId: sessions[0]!.sessionId,
      });
      expect(results.measurements?.length).toBeGreaterThan(0);
      expect(seen.filter((e) => e === (encoding === 'identity' ? null : encoding)).length).toBeGreaterThan(0);
    },
  );
});
