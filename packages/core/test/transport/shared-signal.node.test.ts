import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SportsCloudClient } from '../../src';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const CALLS = 40;
let warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Warnings are emitted on a later tick: wait for them before looking. */
const settleWarnings = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('many calls under one AbortSignal', () => {
  it(`${CALLS} concurrent calls on one signal print no MaxListenersExceededWarning`, async () => {
    let release!: () => void;
    const allIn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, seen } = scriptedFetch(async () => {
      if (seen.length === CALLS) release();
      await allIn;
      return json({ accounts: [{ accountId: '1-1', name: 'Club' }] });
    });
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch,
      rateLimit: { burst: CALLS },
    });
    const controller = new AbortController();
    const results = await Promise.all(
      Array.from({ length: CALLS }, () => client.accounts.list({ signal: controller.signal })),
    );
    await settleWarnings();
    expect(results).toHaveLength(CALLS);
    expect(seen).toHaveLength(CALLS);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('the shared signal still aborts every call in flight, and leaves no listener behind', async () => {
    const { fetch, seen } = scriptedFetch(() => new Promise<Response>(() => {}));
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch,
      rateLimit: { burst: CALLS },
    });
    const controller = new AbortController();
    const calls = Array.from({ length: CALLS }, () =>
      client.accounts.list({ signal: controller.signal }).catch((e: unknown) => e),
    );
    while (seen.length < CALLS) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    const errors = await Promise.all(calls);
    await settleWarnings();
    expect(errors.every((e) => (e as { code?: string }).code === 'aborted')).toBe(true);
    expect(warnings).toEqual([]);

    // Finished calls unsubscribe: a long-lived signal does not collect listeners.
    const longLived = new AbortController();
    const quiet = scriptedFetch(() => json({ accounts: [] }));
    const other = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch: quiet.fetch,
    });
    for (let i = 0; i < 15; i++) await other.accounts.list({ signal: longLived.signal });
    await settleWarnings();
    expect(warnings).toEqual([]);
  });
});
