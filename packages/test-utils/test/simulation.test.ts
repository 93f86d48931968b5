import { describe, expect, it } from 'vitest';
import { createSimulatedClock, runInSimulatedTime } from '../src';

describe('runInSimulatedTime', () => {
  it('runs hours of concurrent sleeps in order, in no real time', async () => {
    const clock = createSimulatedClock(0, { autoAdvance: false });
    const woke: [string, number][] = [];
    const sleeper = async (name: string, ms: number, times: number) => {
      for (let i = 0; i < times; i++) await clock.sleep(ms);
      woke.push([name, clock.now()]);
    };
    const started = Date.now();
    await runInSimulatedTime(clock, Promise.all([sleeper('a', 3_600_000, 3), sleeper('b', 5_000, 10)]));
    expect(woke).toEqual([
      ['b', 50_000],
      ['a', 10_800_000],
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never jumps while WebCrypto work is in flight', async () => {
    const clock = createSimulatedClock(0, { autoAdvance: false });
    const key = await crypto.subtle.importKey(
      'raw',
      new Uint8Array(32),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const timeout = clock.sleep(1_000).then(() => 'timeout');
    const signed = crypto.subtle
      .sign('HMAC', key, new Uint8Array(1 << 20))
      .then(() => `signed at ${clock.now()}`);
    expect(await runInSimulatedTime(clock, Promise.race([signed, timeout]))).toBe('signed at 0');
  });

  it('fails loudly when the work can never settle', async () => {
    const clock = createSimulatedClock(0, { autoAdvance: false });
    await expect(runInSimulatedTime(clock, new Promise(() => {}))).rejects.toThrow(/does not settle/);
    const forever = (async () => {
      for (;;) await clock.sleep(60_000);
    })();
    await expect(runInSimulatedTime(clock, forever, { maxSimulatedMs: 600_000 })).rejects.toThrow(
      /simulated time/,
    );
  });
});
