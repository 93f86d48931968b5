import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, type ClientEvents, type Clock, SportsCloudClient } from '../../src';
import { manualClock, runUntilSettled } from '../support/manual-clock';

/**
 * A local clock that is off: the fake judges `iat`/`exp` on its own clock (5 s tolerance) and
 * answers 401 with its `Date`; the client measures the offset, corrects it and retries once
 * (issue 7, point 16). The fake and the client run on one simulated clock, the client's shifted.
 */
function skewed(offsetMs: number) {
  const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
  const fake = createFakeSportsCloud({ seed: 3, clock, dataset: { accounts: 1, athletesPerAccount: 2 } });
  const local: Clock = { now: () => clock.now() + offsetMs, sleep: (ms, signal) => clock.sleep(ms, signal) };
  const client = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    baseURL: 'https://api.firstbeat.com/v1',
    fetch: (input, init) => fake.fetch(new Request(input, init)),
    clock: local,
    random: () => 0.5,
  });
  const corrections: ClientEvents['clock'][] = [];
  client.on('clock', (event) => corrections.push(event));
  const call = () =>
    runUntilSettled(
      clock,
      client.accounts.list().then(
        (value) => ({ value, error: undefined as unknown }),
        (error: unknown) => ({ value: undefined, error }),
      ),
    );
  return { fake, client, corrections, call };
}

describe('a local clock that is off', () => {
  for (const [label, offsetMs] of [
    ['60 s ahead', 60_000],
    ['10 min ahead', 600_000],
    ['10 min behind', -600_000],
  ] as const) {
    it(`${label}: the offset is measured from the 401's Date, corrected once and reported`, async () => {
      const { fake, corrections, call } = skewed(offsetMs);
      const first = await call();
      expect(first.error).toBeUndefined();
      expect(first.value).toHaveLength(1);
      expect(fake.stats().byStatus).toEqual({ 200: 1, 401: 1 });
      expect(corrections).toHaveLength(1);
      // The Date header has whole seconds: the measured skew is within a second of the real one.
      expect(Math.abs(corrections[0]!.skewMs - offsetMs)).toBeLessThanOrEqual(1_000);
      // Later calls are signed on the server's time from the start: one request each.
      for (let i = 0; i < 3; i++) expect((await call()).error).toBeUndefined();
      expect(fake.stats().byStatus).toEqual({ 200: 4, 401: 1 });
      expect(corrections).toHaveLength(1);
    });
  }

  it('2 h ahead (beyond the correction bound): one request, and the error names the clock', async () => {
    const { fake, corrections, call } = skewed(7_200_000);
    const { error } = await call();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/^local clock is 7200 s ahead of the server/);
    expect((error as Error).message).toMatch(/set the system clock \(NTP\)/);
    expect((error as Error).message).toContain('more than the 3600 s the client corrects by itself');
    // The named error keeps what support needs from the 401 it replaces.
    expect(error).toMatchObject({ status: 401, consumerId: fake.consumerId, response: { status: 401 } });
    expect((error as AuthenticationError).request?.url).toMatch(/\/sports\/accounts$/);
    expect((error as AuthenticationError).cause).toBeInstanceOf(AuthenticationError);
    expect(fake.stats().byStatus).toEqual({ 401: 1 });
    expect(corrections).toEqual([]);
  });

  it('2 h behind: the error says behind', async () => {
    const { call } = skewed(-7_200_000);
    const { error } = await call();
    expect((error as Error).message).toMatch(/^local clock is 720[01] s behind the server/);
  });

  it('a clock that is right is never corrected: a 401 for a wrong secret stays the plain 401', async () => {
    const { fake, corrections } = skewed(0);
    const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
    const wrong = new SportsCloudClient({
      consumerId: fake.consumerId,
      sharedSecret: 'not-the-secret-0000000000000000000',
      apiKey: fake.apiKey,
      baseURL: 'https://api.firstbeat.com/v1',
      fetch: (input, init) => fake.fetch(new Request(input, init)),
      clock,
    });
    wrong.on('clock', (event) => corrections.push(event));
    const error = await runUntilSettled(
      clock,
      wrong.accounts.list().catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toMatch(/local clock is/);
    expect(corrections).toEqual([]);
  });
});
