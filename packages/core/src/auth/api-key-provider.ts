import type { Credentials } from './credentials';
import { SingleFlight } from './single-flight';

/** Uses the configured API key, or fetches it once (`GET /account/api-key`) for all callers. */
export class ApiKeyProvider {
  readonly #flight = new SingleFlight<string>();

  constructor(
    private readonly credentials: Credentials,
    private readonly fetchKey: () => Promise<string>,
  ) {}

  async apiKey(): Promise<string> {
    const known = this.credentials.apiKey;
    if (known) return known;
    return this.#flight.run(async () => {
      const key = await this.fetchKey();
      this.credentials.apiKey = key;
      return key;
    });
  }
}
