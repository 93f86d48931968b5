/**
 * A sync in its own process, for the crash test: the parent kills it with SIGKILL at chosen points.
 * Input (env SYNC_CHILD): { storage, client, concurrency? } (default: the sync's own concurrency). Output: the report as one JSON line.
 */
import { openStorage, SportsCloudSync } from '../../src';

const input = JSON.parse(process.env.SYNC_CHILD ?? '{}');
const storage = await openStorage(input.storage);
const sync = new SportsCloudSync({
  storage,
  client: input.client,
  ...(input.concurrency === undefined ? {} : { concurrency: input.concurrency }),
  // A retry repeats a request within the run: the parent counts them apart from what a kill cost.
  onClient: (client) => client.on('retry', (e) => process.stderr.write(`${JSON.stringify({ retry: e })}\n`)),
});
const report = await sync.run();
await storage.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
