import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PostgresStorage } from '@sportscloud/sync';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CONSUMER_ID_PATTERN, CONSUMER_ID_RULE } from '../tokens';
import { CANCEL_TIMEOUT_MS, removeConsumer } from './consumer-removal';
import {
  ConsumerInputError,
  ConsumerStore,
  EncryptionKeyMissingError,
  type NewConsumer,
} from './consumer-store';
import { CredentialCipher } from './credential-cipher';
import type { ScaleConfig } from './scale-config';
import { cancelSyncJob, SYNC_QUEUE, type SyncJobData } from './sync-queue';

export const CONSUMER_USAGE = `  node dist/main.mjs consumer add --id <consumerId> --shared-secret-file <file> [--api-key-file <file>]
                 [--base-url <url>] [--label <text>] [--rate-per-second <n>] [--rate-burst <n>] [--daily-quota <n>]
  node dist/main.mjs consumer list
  node dist/main.mjs consumer remove --id <consumerId>`;

export interface ConsumerCommandValues {
  id?: string;
  'shared-secret-file'?: string;
  'api-key-file'?: string;
  'base-url'?: string;
  label?: string;
  'rate-per-second'?: string;
  'rate-burst'?: string;
  'daily-quota'?: string;
}

/**
 * `consumer remove` deletes a stored consumer (its row and credentials), and with REDIS_URL cancels
 * its waiting sync job. The data its syncs stored stays.
 */
async function removeCommand(
  scale: ScaleConfig,
  store: ConsumerStore,
  consumerId: string,
  environmentConsumerId: string | undefined,
): Promise<number> {
  // A connection of its own (BullMQ leaves a given one open): closed below.
  const connection = scale.redis ? new Redis(scale.redis.url, { maxRetriesPerRequest: null }) : undefined;
  const queue =
    connection && scale.redis
      ? new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix: scale.redis.keyPrefix })
      : undefined;
  try {
    const removed = await removeConsumer(store, consumerId, {
      ...(queue ? { cancelJob: (id: string) => cancelSyncJob(queue, id) } : {}),
      ...(environmentConsumerId ? { environmentConsumerId } : {}),
    });
    if (!removed) {
      console.error(
        `No stored consumer ${consumerId}: nothing removed (consumer list shows the stored ones).`,
      );
      return 2;
    }
    console.log(removed.message);
    return 0;
  } finally {
    // An unreachable Redis keeps close() waiting on reconnects: give up on it after a moment.
    await Promise.race([queue?.close(), sleep(CANCEL_TIMEOUT_MS, undefined, { ref: false })]);
    connection?.disconnect();
  }
}

/**
 * `consumer add` stores a consumer with its credentials encrypted; they are read from files (a path,
 * or `-` for stdin), never from the command line, where `ps` and shell history would show them.
 */
export async function consumerCommand(
  scale: ScaleConfig,
  openStorage: () => Promise<PostgresStorage>,
  sub: string | undefined,
  values: ConsumerCommandValues,
  environmentConsumerId?: string,
): Promise<number> {
  let request: NewConsumer | undefined;
  if (sub === 'remove') {
    // Checked before the database is opened: a typo costs nothing.
    if (values.id === undefined || !CONSUMER_ID_PATTERN.test(values.id)) {
      console.error(
        `consumer remove needs --id <consumerId> (${CONSUMER_ID_RULE}).\nUsage:\n${CONSUMER_USAGE}`,
      );
      return 2;
    }
  } else if (sub === 'add') {
    const read = (file: string | undefined) => {
      if (file === undefined) return undefined;
      return readFileSync(file === '-' ? 0 : file, 'utf8').trim();
    };
    const limit = (name: keyof ConsumerCommandValues) =>
      values[name] === undefined ? undefined : Number(values[name]);
    const rateLimit = Object.fromEntries(
      [
        ['perSecond', limit('rate-per-second')],
        ['burst', limit('rate-burst')],
        ['dailyQuota', limit('daily-quota')],
      ].filter(([, v]) => v !== undefined),
    );
    try {
      const sharedSecret = read(values['shared-secret-file']);
      const apiKey = read(values['api-key-file']);
      request = {
        consumerId: values.id ?? '',
        sharedSecret: sharedSecret ?? '',
        ...(apiKey ? { apiKey } : {}),
        ...(values['base-url'] ? { baseURL: values['base-url'] } : {}),
        ...(values.label ? { label: values.label } : {}),
        rateLimit,
      };
    } catch (error) {
      console.error(`Cannot read a credential file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      return 2;
    }
  } else if (sub !== 'list') {
    console.error(`Usage:\n${CONSUMER_USAGE}`);
    return 2;
  }
  const storage = await openStorage();
  try {
    await ConsumerStore.migrate(storage);
    const store = new ConsumerStore(
      storage,
      scale.encryptionKey ? new CredentialCipher(scale.encryptionKey) : undefined,
    );
    if (sub === 'remove') return await removeCommand(scale, store, values.id!, environmentConsumerId);
    if (request) {
      const info = await store.put(request);
      console.log(
        `Consumer ${info.consumerId} stored (credentials encrypted; ${info.rateLimit.perSecond}/s, burst ${info.rateLimit.burst}, ${info.rateLimit.dailyQuota}/day).`,
      );
      return 0;
    }
    for (const c of await store.list()) {
      console.log(
        `${c.consumerId}\t${c.rateLimit.perSecond}/s burst ${c.rateLimit.burst} ${c.rateLimit.dailyQuota}/day\t${c.baseURL ?? 'default API'}\t${c.label}`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof ConsumerInputError || error instanceof EncryptionKeyMissingError) {
      console.error(`Cannot store the consumer: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
