import { type Rng, tokenFrom, uuidFrom } from '../data/prng';

/** An API consumer (reference §2–3): its credentials and the accounts coaches granted it. */
export interface Consumer {
  id: string;
  consumerName: string;
  sharedSecret: string;
  /** Issued by GET /account/new-secret, active only after the confirm call. */
  pendingSecret?: string;
  /** Created on the first GET /account/api-key and stable afterwards. */
  apiKey?: string;
  accountIds: Set<string>;
}

/** What a test needs to call the fake as this consumer. */
export interface ConsumerCredentials {
  consumerId: string;
  sharedSecret: string;
  apiKey: string;
}

/** Consumers, keyed by id; ids, secrets and keys are drawn from the fake's seeded stream. */
export class ConsumerRegistry {
  private readonly byId = new Map<string, Consumer>();

  constructor(private readonly rng: Rng) {}

  register(consumerName: string, accountIds: Iterable<string> = []): Consumer {
    const consumer: Consumer = {
      id: uuidFrom(this.rng),
      consumerName,
      sharedSecret: uuidFrom(this.rng),
      accountIds: new Set(accountIds),
    };
    this.byId.set(consumer.id, consumer);
    return consumer;
  }

  get(id: string): Consumer | undefined {
    return this.byId.get(id);
  }

  apiKeyOf(consumer: Consumer): string {
    consumer.apiKey ??= tokenFrom(this.rng, 40);
    return consumer.apiKey;
  }

  newSecret(consumer: Consumer): string {
    // A second call before confirmation replaces the pending secret (undocumented; our choice).
    consumer.pendingSecret = uuidFrom(this.rng);
    return consumer.pendingSecret;
  }

  confirmSecret(consumer: Consumer): void {
    if (consumer.pendingSecret === undefined) return;
    consumer.sharedSecret = consumer.pendingSecret;
    delete consumer.pendingSecret;
  }
}
