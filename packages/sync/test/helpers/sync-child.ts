/**
 * A sync in its own process, for the crash test: the parent kills it with SIGKILL at chosen points.
 * Input (env SYNC_CHILD): { storage, client, concurrency }. Output: the report as one JSON line.
 */
import { openStorage, SportsCloudSync } from '../../src';

const input = JSON.parse(process.env.SYNC_CHILD ?? '{}');
const storage = await openStorage(input.storage);
const sync = new SportsCloudSync({ storage, client: input.client, concurrency: input.concurrency });
const report = await sync.run();
await storage.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
