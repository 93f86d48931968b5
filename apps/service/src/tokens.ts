import { createHash, randomBytes } from 'node:crypto';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { query, textArray } from './database';

export const SCOPES = ['read', 'export', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who a request is: the token's id, its accounts (`'*'`: every account) and scopes. */
export interface Principal {
  tokenId: number;
  accounts: '*' | readonly string[];
  scopes: readonly Scope[];
  /** Consumers the token is limited to (its accounts are then only theirs); undefined: any consumer. */
  consumers?: readonly string[];
}

export interface TokenInfo {
  tokenId: number;
  label: string;
  accounts: '*' | string[];
  scopes: Scope[];
  consumers?: string[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

const PREFIX = 'sct_';
const TOKEN_PATTERN = /^sct_[A-Za-z0-9_-]{43}$/;
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A consumer id (the environment's, a stored consumer's, a token's): 1-200 letters, digits, ".", "_", ":" or "-". */
export const CONSUMER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
/** {@link CONSUMER_ID_PATTERN} in words, for the messages that refuse an id. */
export const CONSUMER_ID_RULE = '1-200 letters, digits, ".", "_", ":" or "-"';

/** 256 random bits: a plain SHA-256 is enough (nothing to brute-force, unlike a password). */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenInputError extends Error {
  override readonly name = 'TokenInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Checks a token request; admin tokens manage the whole service, so they cover every account. */
export function checkTokenRequest(input: {
  accounts: '*' | readonly string[];
  scopes: readonly string[];
  consumers?: readonly string[];
}) {
  if (!Array.isArray(input.scopes) || input.scopes.length === 0 || input.scopes.length > SCOPES.length) {
    throw new TokenInputError('scopes', `must list one or more of ${SCOPES.join(', ')}`);
  }
  for (const scope of input.scopes) {
    if (!SCOPES.includes(scope as Scope))
      throw new TokenInputError('scopes', `must be among ${SCOPES.join(', ')}, got ${JSON.stringify(scope)}`);
  }
  if (input.accounts !== '*') {
    if (!Array.isArray(input.accounts) || input.accounts.length === 0 || input.accounts.length > 1000) {
      throw new TokenInputError('accounts', 'must list 1 to 1000 account ids, or be "*" (every account)');
    }
    for (const account of input.accounts) {
      if (typeof account !== 'string' || !ACCOUNT_ID_PATTERN.test(account))
        throw new TokenInputError('accounts', `is not an account id: ${JSON.stringify(account)}`);
    }
    if (input.scopes.includes('admin'))
      throw new TokenInputError('accounts', 'an admin token covers every account: use "*" (--all-accounts)');
  }
  if (input.consumers !== undefined) {
    if (!Array.isArray(input.consumers) || input.consumers.length === 0 || input.consumers.length > 100)
      throw new TokenInputError('consumers', 'must list 1 to 100 consumer ids');
    for (const consumer of input.consumers) {
      if (typeof consumer !== 'string' || !CONSUMER_ID_PATTERN.test(consumer))
        throw new TokenInputError('consumers', `is not a consumer id: ${JSON.stringify(consumer)}`);
    }
    if (input.scopes.includes('admin'))
      throw new TokenInputError('consumers', 'an admin token manages every consumer: leave consumers out');
  }
}

/**
 * A verified token is trusted for this long without a database round trip. A revocation through
 * this process's API takes effect at once; one from another process (the CLI) within this bound.
 */
const VERIFIED_TTL_MS = 10_000;

export class TokenStore {
  readonly #verified = new Map<string, { principal: Principal; at: number }>();

  constructor(private readonly storage: PostgresStorage) {}

  /** Creates a token; the plaintext is returned once and only its hash is stored. */
  async create(input: {
    label?: string;
    accounts: '*' | readonly string[];
    scopes: readonly string[];
    consumers?: readonly string[];
  }): Promise<{ token: string; info: TokenInfo }> {
    checkTokenRequest(input);
    const label = (input.label ?? '').slice(0, 200);
    const token = PREFIX + randomBytes(32).toString('base64url');
    const accounts = input.accounts === '*' ? null : textArray(new Set(input.accounts));
    const scopes = textArray(new Set(input.scopes));
    const consumers = input.consumers ? textArray(new Set(input.consumers)) : null;
    const [row] = await query(
      this.storage,
      sql`insert into svc_tokens (hash, label, accounts, scopes, consumers)
          values (${hashOf(token)}, ${label}, ${accounts}::text[], ${scopes}::text[], ${consumers}::text[]) returning *`,
    );
    return { token, info: toInfo(row!) };
  }

  /** The principal of a presented token, or undefined when it is malformed, unknown or revoked. */
  async verify(token: string): Promise<Principal | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const hash = hashOf(token);
    const cached = this.#verified.get(hash);
    if (cached && Date.now() - cached.at < VERIFIED_TTL_MS) return cached.principal;
    const [row] = await query(
      this.storage,
      sql`update svc_tokens set last_used_at = now() where hash = ${hash} and revoked_at is null
          returning token_id, accounts, scopes, consumers`,
    );
    if (!row) {
      this.#verified.delete(hash);
      return undefined;
    }
    let accounts = (row.accounts as string[] | null) ?? ('*' as const);
    const consumers = row.consumers as string[] | null;
    if (consumers) {
      // A consumer-scoped token sees only the accounts its consumers are granted, today.
      const granted = (
        await query(
          this.storage,
          sql`select distinct account_id from sc_consumer_accounts
              where consumer_id = any(${textArray(consumers)}::text[]) and revoked_at is null`,
        )
      ).map((r) => String(r.account_id));
      accounts = accounts === '*' ? granted : accounts.filter((a) => granted.includes(a));
    }
    const principal: Principal = {
      tokenId: Number(row.token_id),
      accounts,
      scopes: row.scopes as Scope[],
      ...(consumers ? { consumers } : {}),
    };
    // Bounded: a flood of distinct valid tokens cannot grow it without limit.
    if (this.#verified.size >= 10_000) this.#verified.clear();
    this.#verified.set(hash, { principal, at: Date.now() });
    return principal;
  }

  async list(): Promise<TokenInfo[]> {
    return (await query(this.storage, sql`select * from svc_tokens order by token_id`)).map(toInfo);
  }

  async revoke(tokenId: number): Promise<boolean> {
    this.#verified.clear();
    const rows = await query(
      this.storage,
      sql`update svc_tokens set revoked_at = now() where token_id = ${tokenId} and revoked_at is null returning token_id`,
    );
    return rows.length > 0;
  }
}

function toInfo(row: Record<string, unknown>): TokenInfo {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : undefined);
  const lastUsedAt = iso(row.last_used_at);
  const revokedAt = iso(row.revoked_at);
  return {
    tokenId: Number(row.token_id),
    label: String(row.label),
    accounts: (row.accounts as string[] | null) ?? '*',
    scopes: row.scopes as Scope[],
    ...(row.consumers ? { consumers: row.consumers as string[] } : {}),
    createdAt: iso(row.created_at)!,
    ...(lastUsedAt ? { lastUsedAt } : {}),
    ...(revokedAt ? { revokedAt } : {}),
  };
}

/** True when the principal may see this account. */
export const canSee = (principal: Principal, accountId: string) =>
  principal.accounts === '*' || principal.accounts.includes(accountId);

/** Admin includes every other scope. */
export const hasScope = (principal: Principal, scope: Scope) =>
  principal.scopes.includes(scope) || principal.scopes.includes('admin');
