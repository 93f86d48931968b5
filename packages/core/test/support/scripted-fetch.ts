/** A recorded request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type Responder = (request: SeenRequest, index: number) => Response | Promise<Response>;

/** An injectable fetch that answers with `responder` and records every request it got. */
export function scriptedFetch(responder: Responder) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.signal.aborted) throw request.signal.reason;
    const entry: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: request.method === 'GET' ? '' : await request.text(),
    };
    seen.push(entry);
    // Like a real fetch, give up as soon as the signal aborts, even while the server is silent.
    const aborted = new Promise<never>((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });
    return Promise.race([responder(entry, seen.length - 1), aborted]);
  };
  return { fetch, seen };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

/** Test credentials: realistic shapes, and unique enough to search for in any output. */
export const CREDENTIALS = {
  consumerId: '0b7c6f1e-5d7a-4a53-9f0e-3f2b1c9d8e7a',
  sharedSecret: 'c0ffee00-dead-4bee-8f00-5ec2e7500001',
  apiKey: 'AK_test_4f9c2b7e1d3a5c8e0f6b9d2a7c4e1f3b',
} as const;
