import { ConfigurationError } from '../errors';
import type { Redactor } from '../errors/redact';
import type { Clock } from '../internal/clock';
import type { Credentials } from './credentials';
import { type MintedToken, mintToken } from './jwt';
import { SingleFlight } from './single-flight';

/** Refresh this long before `exp`, so a token never expires in flight or on a lagging server. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Hands out one JWT until it is within a minute of expiry, then mints the next one once for all
 * concurrent callers. A 401 invalidates the token it was sent with.
 */
export class TokenProvider {
  #current: MintedToken | undefined;
  readonly #flight = new SingleFlight<MintedToken>();
  /** How many tokens were signed: exposed for tests and diagnostics. */
  signings = 0;
  /** Server time minus local time, learnt from a 401's `Date` (see clock-skew.ts). */
  #clockOffsetMs = 0;

  constructor(
    private readonly credentials: Credentials,
    private readonly clock: Clock,
    private readonly redactor: Redactor,
  ) {}

  async token(): Promise<string> {
    const current = this.#current;
    if (current && current.expiresAt - this.serverNow() > REFRESH_MARGIN_MS) return current.token;
    const minted = await this.#flight.run(() => this.#mint(this.credentials.sharedSecret));
    return minted.token;
  }

  /** A one-off token signed with the pending secret: a rotation is confirmed with the new secret. */
  async pendingSecretToken(): Promise<string> {
    const secret = this.credentials.pendingSharedSecret;
    if (!secret) throw new ConfigurationError('No secret rotation is in progress');
    const minted = await mintToken(this.credentials.consumerId, secret, this.serverNow());
    this.redactor.add(minted.token);
    return minted.token;
  }

  /** The server's time as far as we know it: `iat` and `exp` are judged on its clock, not ours. */
  serverNow(): number {
    return this.clock.now() + this.#clockOffsetMs;
  }

  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /** Signs the next tokens on the server's clock (`offsetMs` = server − local) and drops the current one. */
  correctClock(offsetMs: number): void {
    this.#clockOffsetMs = offsetMs;
    this.#current = undefined;
  }

  /** Drops `token` if it is still the current one (a 401 said it is no good). */
  invalidate(token?: string): void {
    if (!token || this.#current?.token === token) this.#current = undefined;
  }

  async #mint(sharedSecret: string): Promise<MintedToken> {
    const minted = await mintToken(this.credentials.consumerId, sharedSecret, this.serverNow());
    this.signings += 1;
    this.redactor.add(minted.token);
    this.#current = minted;
    return minted;
  }
}
