/**
 * Where a scheduled sync keeps its progress between invocations: Deno KV, Durable Object storage,
 * or anything else with read-after-write consistency. Values are JSON-compatible.
 */
export interface CheckpointStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
}

/** A checkpoint store in memory: for tests, and for one long-lived process. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #values = new Map<string, string>();

  async get(key: string): Promise<unknown> {
    const text = this.#values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async put(key: string, value: unknown): Promise<void> {
    // Stored as JSON, like every real store, so a test sees what survives a round trip.
    this.#values.set(key, JSON.stringify(value));
  }
}
