import { describe, expect, it } from 'vitest';
import { createSimulatedClock, DEFAULT_CLOCK_START } from '../src/index';

describe('createSimulatedClock', () => {
  it('starts where told and moves only when asked', async () => {
    const clock = createSimulatedClock(1_000);
    expect(clock.now()).toBe(1_000);
    void clock.advance(250); // nothing is due: time moves synchronously
    expect(clock.now()).toBe(1_250);
    await clock.set(500); // never backwards
    expect(clock.now()).toBe(1_250);
    expect(createSimulatedClock().now()).toBe(DEFAULT_CLOCK_START);
  });

  it('auto-advancing sleep moves time by the sleep and resolves at once', async () => {
    const clock = createSimulatedClock(0);
    await clock.sleep(5_000);
    await clock.sleep(1_000);
    expect(clock.now()).toBe(6_000);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('manual mode wakes sleepers in deadline order, including sleeps made along the way', async () => {
    const clock = createSimulatedClock(0, { autoAdvance: false });
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock
      .sleep(100)
      .then(() => woke.push(`a@${clock.now()}`))
      .then(() => clock.sleep(100))
      .then(() => woke.push(`a2@${clock.now()}`));
    expect(clock.pendingSleeps).toBe(2);
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(1);
    expect(woke).toEqual(['a@100']);
    await clock.set(1_000);
    expect(woke).toEqual(['a@100', 'a2@200', 'b@300']);
    expect(clock.now()).toBe(1_000);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('an aborted sleep rejects with the signal reason and stops waiting', async () => {
    const clock = createSimulatedClock(0, { autoAdvance: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingSleeps).toBe(0);
    await expect(createSimulatedClock().sleep(1, controller.signal)).rejects.toThrow('stop');
  });
});
