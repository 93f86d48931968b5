import { SportsCloudClient } from '@sportscloud/core';
import {
  createFakeSportsCloud,
  createSimulatedClock,
  type FakeSportsCloudOptions,
  runInSimulatedTime,
} from '@sportscloud/test-utils';

/** An in-process fake and a client wired to it on one simulated clock: no sockets, no real waiting. */
export function fakeAndClient(options: FakeSportsCloudOptions = {}, client: Record<string, unknown> = {}) {
  // Moved only by `simulate`: deadlines and waits are real timers of simulated time.
  const clock = createSimulatedClock(undefined, { autoAdvance: false });
  const fake = createFakeSportsCloud({
    seed: 5,
    clock,
    dataset: {
      accounts: 1,
      teamsPerAccount: 2,
      athletesPerAccount: 5,
      measurementsPerAthlete: 1,
      sessionsPerTeam: 3,
      maxLaps: 1,
    },
    ...options,
  });
  const requests: string[] = [];
  // Requests the fake is still serving (compression is real async work): time must not jump then.
  let inFlight = 0;
  const sportsCloud = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    clock,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(new URL(request.url).pathname);
      inFlight++;
      try {
        const response = await fake.fetch(request);
        return new Response(await response.arrayBuffer(), response);
      } finally {
        inFlight--;
      }
    },
    ...client,
  });
  const simulate = <T>(work: Promise<T>) => runInSimulatedTime(clock, work, { isBusy: () => inFlight > 0 });
  return { clock, fake, client: sportsCloud, requests, simulate };
}
