import type { Credentials } from './credentials';
import { SingleFlight } from './single-flight';

/**
 * Uses the configured API key, or fetches it once (`GET /account/api-key`) for all callers. A
 * caller's signal lets that caller stop waiting at once; the fetch goes on while anyone waits.
 */
export class ApiKeyProvider {
  readonly #flight = new SingleFlight<string>();

  constructor(
    private readonly credentials: Credentials,
    private readonly fetchKey: (signal: AbortSignal) => Promise<string>,
  ) {}

  /** Whether the key is at hand (configured or fetched): no request is needed for it. */
  get known(): boolean {
    return Boolean(this.credentials.apiKey);
  }

  async apiKey(signal?: AbortSignal): Promise<string> {
    const known = this.credentials.apiKey;
    if (known) return known;
    return this.#flight.run(async (flightSignal) => {
      const key = await this.fetchKey(flightSignal);
      this.credentials.apiKey = key;
      return key;
    }, signal);
  }
}
