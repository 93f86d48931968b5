import type { Redactor } from '../errors/redact';

/**
 * The consumer's credentials. Kept in one mutable place because secret rotation switches the
 * whole client to the new secret at once. Every value is registered with the redactor.
 */
export class Credentials {
  readonly consumerId: string;
  #sharedSecret: string;
  #apiKey: string | undefined;
  #pendingSharedSecret: string | undefined;
  readonly #redactor: Redactor;

  constructor(consumerId: string, sharedSecret: string, apiKey: string | undefined, redactor: Redactor) {
    this.consumerId = consumerId;
    this.#redactor = redactor;
    this.#sharedSecret = sharedSecret;
    this.#apiKey = apiKey;
    redactor.add(sharedSecret);
    redactor.add(apiKey);
  }

  get sharedSecret(): string {
    return this.#sharedSecret;
  }

  set sharedSecret(value: string) {
    this.#redactor.add(value);
    this.#sharedSecret = value;
  }

  /** A secret from `GET /account/new-secret` that is not confirmed yet. */
  get pendingSharedSecret(): string | undefined {
    return this.#pendingSharedSecret;
  }

  set pendingSharedSecret(value: string | undefined) {
    this.#redactor.add(value);
    this.#pendingSharedSecret = value;
  }

  get apiKey(): string | undefined {
    return this.#apiKey;
  }

  set apiKey(value: string | undefined) {
    this.#redactor.add(value);
    this.#apiKey = value;
  }

  /** Never print credentials, whatever inspects this object. */
  toJSON(): Record<string, string> {
    return { consumerId: this.consumerId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Credentials { consumerId: '${this.consumerId}' }`;
  }
}
