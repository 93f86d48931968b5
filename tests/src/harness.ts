import { type ClientOptions, type FetchLike, SportsCloudClient } from '@sportscloud/core';
import {
  createFakeSportsCloud,
  createSimulatedClock,
  type FakeSportsCloud,
  type FakeSportsCloudOptions,
  runInSimulatedTime,
  type SimulatedClock,
} from '@sportscloud/test-utils';

export interface Harness {
  fake: FakeSportsCloud;
  clock: SimulatedClock;
  client: SportsCloudClient;
  /** Requests the fake is serving right now. */
  readonly inFlight: number;
  /** Runs `work` in simulated time: backoff, polling and rate-limit waits take no real time. */
  run<T>(work: Promise<T>): Promise<T>;
}

/** The SDK and the fake on one simulated clock, talking through an in-process fetch. */
export function createHarness(
  fakeOptions: FakeSportsCloudOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Harness {
  const clock = createSimulatedClock(undefined, { autoAdvance: false });
  const fake = createFakeSportsCloud({ clock, ...fakeOptions });
  let inFlight = 0;
  const fetch: FetchLike = async (input, init) => {
    inFlight += 1;
    try {
      return await fake.fetch(new Request(input, init));
    } finally {
      inFlight -= 1;
    }
  };
  const client = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    baseURL: 'https://api.firstbeat.com/v1',
    fetch,
    clock,
    ...clientOptions,
  });
  return {
    fake,
    clock,
    client,
    get inFlight() {
      return inFlight;
    },
    run: (work) => runInSimulatedTime(clock, work, { isBusy: () => inFlight > 0 }),
  };
}
