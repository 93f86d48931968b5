import { createFakeSportsCloud, type FakeSportsCloud, type FaultOptions } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import { afterEach, describe, expect, it } from 'vitest';
import { DecodeError, SportsCloudClient, type SportsCloudError } from '../../src';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The fake on a real socket, with its own `truncate` fault on one operation. */
async function truncating(
  route: NonNullable<FaultOptions['routes']> extends Partial<Record<infer K, unknown>> ? K : never,
) {
  const fake = createFakeSportsCloud({
    seed: 7,
    faults: { routes: { [route]: { rate: 1, kinds: { truncate: 1 } } } },
  });
  server = await startFakeServer(fake);
  return fake;
}

/** The global fetch, keeping every raw body it received (to know what the partial secret was). */
function recordingFetch() {
  const bodies: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await globalThis.fetch(input, init);
    bodies.push(await response.clone().text());
    return response;
  };
  return { fetch, bodies };
}

/** The cut-off value of `field` at the end of a truncated body, if the cut fell inside it. */
function partialSecret(body: string, field: string): string | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*"([^"]*)$`).exec(body);
  return match?.[1] && match[1].length >= 4 ? match[1] : undefined;
}

function everyRendering(error: SportsCloudError): string {
  const parts = [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    JSON.stringify(error.toSupportBundle()),
  ];
  for (let c = error.cause as Error | undefined; c; c = c.cause as Error | undefined) {
    parts.push(c.message, String(c.stack));
  }
  return parts.join('\n');
}

function clientOf(fake: FakeSportsCloud, fetch: typeof globalThis.fetch, apiKey?: string) {
  return new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    ...(apiKey ? { apiKey } : {}),
    baseURL: server!.url,
    fetch,
    maxRetries: 0,
  });
}

describe('a credential response cut before its closing quote', () => {
  it('api-key: the partial key is nowhere in the error', async () => {
    const fake = await truncating('getApiKey');
    const { fetch, bodies } = recordingFetch();
    const error = (await clientOf(fake, fetch)
      .accounts.list()
      .catch((e: unknown) => e)) as SportsCloudError;
    expect(error).toBeInstanceOf(DecodeError);
    const partial = partialSecret(bodies[0]!, 'apikey')!;
    expect(fake.apiKey.startsWith(partial)).toBe(true);
    expect(everyRendering(error)).not.toContain(partial);
    expect(error.response?.body).toMatch(/^\[credential response withheld: \d+ characters\]$/);
  });

  it('register: the partial shared secret is nowhere in the error', async () => {
    await truncating('register');
    const { fetch, bodies } = recordingFetch();
    // The cut falls anywhere in the middle half of the body: register until one cut the secret.
    let checked = 0;
    for (let attempt = 0; attempt < 30 && checked < 2; attempt++) {
      const error = (await SportsCloudClient.register({
        consumerName: 'Club app',
        baseURL: server!.url,
        fetch,
      }).catch((e: unknown) => e)) as SportsCloudError;
      expect(error).toBeInstanceOf(DecodeError);
      const partial = partialSecret(bodies.at(-1)!, 'sharedSecret');
      if (partial === undefined) continue;
      checked += 1;
      expect(everyRendering(error)).not.toContain(partial);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('new-secret: the partial new secret is nowhere in the error', async () => {
    const fake = await truncating('newSecret');
    const { fetch, bodies } = recordingFetch();
    const client = clientOf(fake, fetch, fake.apiKey);
    const error = (await client.account.rotateSharedSecret().catch((e: unknown) => e)) as SportsCloudError;
    expect(error).toBeInstanceOf(DecodeError);
    const partial = partialSecret(bodies.at(-1)!, 'sharedSecret');
    expect(partial).toBeDefined();
    expect(everyRendering(error)).not.toContain(partial);
  });
});
