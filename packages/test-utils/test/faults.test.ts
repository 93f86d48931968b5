import { describe, expect, it } from 'vitest';
import {
  type AthleteMeasurementResults,
  createFakeSportsCloud,
  createSimulatedClock,
  FAULT_KINDS,
  type FaultOptions,
  isConnectionReset,
  type TimeSeriesVariable,
} from '../src/index';
import { accountPath, json, makeFake } from './helpers';
import { decodeSeries } from './reference-decoder';

const unlimited = { limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY } };

async function hammer(faults: FaultOptions, n: number, seed = 1) {
  const t = makeFake({ ...unlimited, seed, faults });
  const headers = await t.fake.authHeaders();
  const outcomes: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await t.call('/sports/event-types', { auth: false, headers });
      const text = await res.text();
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      outcomes.push(parsed ? String(res.status) : 'truncated');
    } catch (error) {
      expect(isConnectionReset(error)).toBe(true);
      outcomes.push('reset');
    }
  }
  return { t, outcomes };
}

describe('fault injection', () => {
  it('injects faults at the configured rate, spread over the applicable kinds, reproducibly per seed', async () => {
    const { t, outcomes } = await hammer({ rate: 0.2 }, 1000);
    const faulty = t.fake.requests.filter((r) => r.fault);
    expect(faulty.length / 1000).toBeGreaterThan(0.16);
    expect(faulty.length / 1000).toBeLessThan(0.24);
    const stats = t.fake.stats();
    // 'corrupt' cannot apply to a list endpoint; the other seven share the faults.
    expect(Object.keys(stats.faults).sort()).toEqual(FAULT_KINDS.filter((k) => k !== 'corrupt').sort());
    for (const count of Object.values(stats.faults)) expect(count).toBeGreaterThan(12);
    expect(stats.byStatus.reset).toBe(stats.faults.reset);
    expect(outcomes.filter((o) => o === 'truncated')).toHaveLength(stats.faults.truncate!);
    expect(outcomes.filter((o) => o === '504')).toHaveLength(stats.faults['504']!);

    expect((await hammer({ rate: 0.2 }, 1000)).outcomes).toEqual(outcomes);
    expect((await hammer({ rate: 0.2 }, 200, 2)).outcomes).not.toEqual(outcomes.slice(0, 200));
  });

  it('weights kinds and supports per-route overrides', async () => {
    const t = makeFake({
      ...unlimited,
      faults: { rate: 0, routes: { listEventTypes: { rate: 1, kinds: { '503': 1 } } } },
    });
    const res = await t.call('/sports/event-types');
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({ message: 'Service Unavailable' });
    expect((await t.call('/sports/sports-types')).status).toBe(200);
  });

  it.each([
    ['500', 'Internal server error'],
    ['502', 'Bad Gateway'],
    ['504', 'Endpoint request timed out'],
  ] as const)('%s answers a gateway-style JSON message', async (kind, message) => {
    const t = makeFake({ faults: { rate: 1, kinds: { [kind]: 1 } } });
    const res = await t.call('/sports/accounts');
    expect(res.status).toBe(Number(kind));
    expect(await json(res)).toEqual({ message });
  });

  it('reset rejects fetch with a TypeError shaped like a network failure', async () => {
    const t = makeFake({ faults: { rate: 1, kinds: { reset: 1 } } });
    const error = await t.call('/sports/accounts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code: string }).code).toBe('ECONNRESET');
    expect(t.fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'reset', operation: 'listAccounts' });
  });

  it('latency waits on the injected clock (auto-advancing: no real wait)', async () => {
    const t = makeFake({ faults: { rate: 1, kinds: { latency: 1 }, latencyMs: 1500 } });
    const before = t.clock.now();
    expect((await t.call('/sports/accounts')).status).toBe(200);
    expect(t.clock.now() - before).toBe(1500);
  });

  it('latency holds the answer until a manual clock is advanced', async () => {
    const clock = createSimulatedClock(Date.UTC(2025, 5, 2), { autoAdvance: false });
    const fake = createFakeSportsCloud({ clock, faults: { rate: 1, kinds: { latency: 1 }, latencyMs: 800 } });
    let done = false;
    const pending = fake
      .fetch(new Request('https://x/v1/sports/accounts', { headers: await fake.authHeaders() }))
      .then((r) => {
        done = true;
        return r;
      });
    while (clock.pendingSleeps === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(799);
    expect([done, clock.pendingSleeps]).toEqual([false, 1]);
    await clock.advance(1);
    expect((await pending).status).toBe(200);
  });

  it('truncate cuts the JSON body in the middle', async () => {
    const plain = makeFake();
    const cut = makeFake({ faults: { rate: 1, kinds: { truncate: 1 } } });
    const full = await (await plain.call('/sports/sports-types')).text();
    const res = await cut.call('/sports/sports-types');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(full.length);
    expect(full.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('corrupt damages exactly one binary series so zlib or the length check fails', async () => {
    const seen = new Set<string>();
    // Each seed picks one of the two damage modes; go on until both have been seen.
    for (let seed = 1; seed <= 30 && seen.size < 2; seed++) {
      const t = makeFake({ seed, faults: { rate: 1, kinds: { corrupt: 1 } } });
      const acc = t.fake.data.accounts[0]!;
      const m = acc.measurements.find((x) => x.measurementType === 'exercise')!;
      const path = `${accountPath(acc.accountId)}/athletes/${m.athleteId}/measurements/${m.measurementId}/results`;
      const body = await json<AthleteMeasurementResults>(await t.call(path));
      const failures = (body.variables.filter((v) => 'type' in v) as TimeSeriesVariable[]).flatMap((v) => {
        try {
          decodeSeries(v.value as string, v.type, v.bits);
          return [];
        } catch (error) {
          return [(error as Error).message];
        }
      });
      expect(failures).toHaveLength(1);
      seen.add(/multiple of/.test(failures[0]!) ? 'length' : 'zlib');
      expect(t.fake.stats().faults).toEqual({ corrupt: 1 });
      // format=list has nothing to corrupt: the request is served intact and no fault is recorded.
      expect((await t.call(`${path}?format=list`)).status).toBe(200);
      expect(t.fake.stats().faults).toEqual({ corrupt: 1 });
    }
    expect(seen).toEqual(new Set(['length', 'zlib']));
  });

  it('applies only to requests that passed auth and limits', async () => {
    const t = makeFake({ faults: { rate: 1, kinds: { '500': 1 } } });
    expect((await t.call('/sports/accounts', { auth: false })).status).toBe(401);
    expect(t.fake.stats().faults).toEqual({});
  });
});
