import { smokeCases } from '../smoke/suite.ts';

// The shared smoke suite in Deno; test/run-deno.mjs starts the fake and passes its origin.
const origin = Deno.env.get('SPORTSCLOUD_HARNESS_ORIGIN');
if (!origin) throw new Error('SPORTSCLOUD_HARNESS_ORIGIN is not set: run through test/run-deno.mjs');

for (const smoke of smokeCases) {
  Deno.test(smoke.name, () => smoke.run({ origin }));
}
