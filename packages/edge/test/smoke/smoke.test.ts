import { inject, it } from 'vitest';
import { smokeCases } from './suite.ts';

// Registered under Node, edge-runtime (vitest.config.ts) and workerd (vitest.workers.config.ts).
for (const smoke of smokeCases) {
  it(smoke.name, () => smoke.run({ origin: inject('harnessOrigin') }));
}
