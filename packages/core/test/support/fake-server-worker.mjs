// The fake Sports Cloud on its own thread, as a real server is: requests the client sends are
// served without waiting for the client's own work on the main thread (real-time tests only).
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';

const fake = createFakeSportsCloud(workerData);
const server = await startFakeServer(fake);
parentPort.on('message', async (message) => {
  if (message === 'stats') parentPort.postMessage({ stats: fake.stats() });
  if (message === 'reset') {
    fake.resetLimits();
    fake.resetStats();
    parentPort.postMessage({ reset: true });
  }
  if (message === 'close') {
    await server.close();
    parentPort.close();
  }
});
parentPort.postMessage({
  url: server.url,
  consumerId: fake.consumerId,
  sharedSecret: fake.sharedSecret,
  apiKey: fake.apiKey,
});
