import { DOCUMENTED_RATE_LIMITS } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { query, underSchemaLock } from '../database';
import { CONSUMER_ID_PATTERN, CONSUMER_ID_RULE } from '../tokens';
import type { CredentialCipher } from './credential-cipher';

/** A consumer as the API and the CLI show it: never its secret or API key. */
export interface ConsumerInfo {
  consumerId: string;
  label: string;
  baseURL?: string;
  rateLimit: { perSecond: number; burst: number; dailyQuota: number };
  hasApiKey: boolean;
  createdAt: string;
}

export interface NewConsumer {
  consumerId: string;
  sharedSecret: string;
  apiKey?: string;
  baseURL?: string;
  label?: string;
  rateLimit?: Partial<ConsumerInfo['rateLimit']>;
}

export class ConsumerInputError extends Error {
  override readonly name = 'ConsumerInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Checks a new consumer before anything is encrypted or stored; messages never carry the secret. */
export function checkNewConsumer(input: NewConsumer): Required<Pick<NewConsumer, 'rateLimit'>> & NewConsumer {
  if (typeof input.consumerId !== 'string' || !CONSUMER_ID_PATTERN.test(input.consumerId))
    throw new ConsumerInputError('consumerId', `must be ${CONSUMER_ID_RULE}`);
  for (const field of ['sharedSecret', 'apiKey'] as const) {
    const value = input[field];
    if (value === undefined && field === 'apiKey') continue;
    if (typeof value !== 'string' || value.length < 8 || value.length > 1000 || /\s/.test(value))
      throw new ConsumerInputError(field, 'must be 8-1000 characters without spaces');
  }
  if (input.baseURL !== undefined) {
    let ok = false;
    try {
      const url = new URL(String(input.baseURL));
      // The URL is stored and listed in plain text: it must not carry credentials.
      ok =
        typeof input.baseURL === 'string' &&
        ['http:', 'https:'].includes(url.protocol) &&
        !url.username &&
        !url.password;
    } catch {}
    if (!ok) throw new ConsumerInputError('baseURL', 'must be an http(s) URL without user or password');
  }
  if (input.label !== undefined && (typeof input.label !== 'string' || input.label.length > 200))
    throw new ConsumerInputError('label', 'must be a string of up to 200 characters');
  const limits = input.rateLimit ?? {};
  if (typeof limits !== 'object' || limits === null)
    throw new ConsumerInputError('rateLimit', 'must be an object with perSecond, burst, dailyQuota');
  const rateLimit = { ...DOCUMENTED_RATE_LIMITS, ...limits };
  for (const [name, value] of Object.entries(rateLimit)) {
    if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > 100_000_000)
      throw new ConsumerInputError(`rateLimit.${name}`, 'must be a whole number ≥ 1');
  }
  return { ...input, rateLimit };
}

/**
 * Consumers of the deployment kept in the database (`svc_consumers`), their shared secret and API key
 * encrypted with the deployment's key: the rows never hold a credential in plaintext.
 */
export class ConsumerStore {
  constructor(
    private readonly storage: PostgresStorage,
    private readonly cipher: CredentialCipher | undefined,
  ) {}

  static async migrate(storage: PostgresStorage): Promise<void> {
    await underSchemaLock(storage, (run) =>
      run(sql`create table if not exists svc_consumers (
        consumer_id text primary key,
        label text not null default '',
        base_url text,
        shared_secret_enc text not null,
        api_key_enc text,
        rate_per_second integer not null,
        rate_burst integer not null,
        daily_quota integer not null,
        created_at timestamptz not null default now()
      )`),
    );
  }

  get canStore(): boolean {
    return this.cipher !== undefined;
  }

  /** Adds a consumer, or replaces its credentials and limits (a rotated secret). */
  async put(input: NewConsumer): Promise<ConsumerInfo> {
    const checked = checkNewConsumer(input);
    const cipher = this.#cipher();
    const id = checked.consumerId;
    const secret = await cipher.encrypt(checked.sharedSecret, `${id}/sharedSecret`);
    const apiKey = checked.apiKey ? await cipher.encrypt(checked.apiKey, `${id}/apiKey`) : null;
    const { perSecond, burst, dailyQuota } = checked.rateLimit as ConsumerInfo['rateLimit'];
    const [row] = await query(
      this.storage,
      sql`insert into svc_consumers
            (consumer_id, label, base_url, shared_secret_enc, api_key_enc, rate_per_second, rate_burst, daily_quota)
          values (${id}, ${checked.label ?? ''}, ${checked.baseURL ?? null}, ${secret}, ${apiKey}, ${perSecond}, ${burst}, ${dailyQuota})
          on conflict (consumer_id) do update set label = excluded.label, base_url = excluded.base_url,
            shared_secret_enc = excluded.shared_secret_enc, api_key_enc = excluded.api_key_enc,
            rate_per_second = excluded.rate_per_second, rate_burst = excluded.rate_burst,
            daily_quota = excluded.daily_quota
          returning *`,
    );
    return toInfo(row!);
  }

  async list(): Promise<ConsumerInfo[]> {
    return (await query(this.storage, sql`select * from svc_consumers order by consumer_id`)).map(toInfo);
  }

  /**
   * Deletes a stored consumer: its row, so its encrypted credentials are gone from the table. The data
   * its syncs stored (accounts, sessions, results, runs) is kept. Returns false for an unknown id.
   */
  async remove(consumerId: string): Promise<boolean> {
    const rows = await query(
      this.storage,
      sql`delete from svc_consumers where consumer_id = ${consumerId} returning consumer_id`,
    );
    return rows.length > 0;
  }

  /** The client options of a stored consumer, decrypted for the sync that uses them (never logged). */
  async credentials(consumerId: string) {
    const [row] = await query(
      this.storage,
      sql`select * from svc_consumers where consumer_id = ${consumerId}`,
    );
    if (!row) return undefined;
    const cipher = this.#cipher();
    const sharedSecret = await cipher.decrypt(String(row.shared_secret_enc), `${consumerId}/sharedSecret`);
    const apiKey = row.api_key_enc
      ? await cipher.decrypt(String(row.api_key_enc), `${consumerId}/apiKey`)
      : undefined;
    const info = toInfo(row);
    return {
      consumerId,
      sharedSecret,
      ...(apiKey ? { apiKey } : {}),
      ...(info.baseURL ? { baseURL: info.baseURL } : {}),
      rateLimit: info.rateLimit,
    };
  }

  #cipher(): CredentialCipher {
    if (!this.cipher) throw new EncryptionKeyMissingError();
    return this.cipher;
  }
}

export class EncryptionKeyMissingError extends Error {
  override readonly name = 'EncryptionKeyMissingError';
  constructor() {
    super(
      'stored consumers need SPORTSCLOUD_ENCRYPTION_KEY (32 random bytes in base64) to encrypt and decrypt their credentials',
    );
  }
}

function toInfo(row: Record<string, unknown>): ConsumerInfo {
  return {
    consumerId: String(row.consumer_id),
    label: String(row.label ?? ''),
    ...(row.base_url ? { baseURL: String(row.base_url) } : {}),
    rateLimit: {
      perSecond: Number(row.rate_per_second),
      burst: Number(row.rate_burst),
      dailyQuota: Number(row.daily_quota),
    },
    hasApiKey: row.api_key_enc !== null && row.api_key_enc !== undefined,
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}
