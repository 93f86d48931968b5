import { readFileSync } from 'node:fs';
import type { PostgresStorage } from '@sportscloud/sync';
import {
  ConsumerInputError,
  ConsumerStore,
  EncryptionKeyMissingError,
  type NewConsumer,
} from './consumer-store';
import { CredentialCipher } from './credential-cipher';
import type { ScaleConfig } from './scale-config';

export const CONSUMER_USAGE = `  node dist/main.mjs consumer add --id <consumerId> --shared-secret-file <file> [--api-key-file <file>]
                 [--base-url <url>] [--label <text>] [--rate-per-second <n>] [--rate-burst <n>] [--daily-quota <n>]
  node dist/main.mjs consumer list`;

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
 * `consumer add` stores a consumer with its credentials encrypted; they are read from files (a path,
 * or `-` for stdin), never from the command line, where `ps` and shell history would show them.
 */
export async function consumerCommand(
  scale: ScaleConfig,
  openStorage: () => Promise<PostgresStorage>,
  sub: string | undefined,
  values: ConsumerCommandValues,
): Promise<number> {
  let request: NewConsumer | undefined;
  if (sub === 'add') {
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
