import { createFetch, FetchError } from 'ofetch';
import type { FetchLike } from './resolve-fetch';

/** What one exchange sends: the pipeline has already built every header and the JSON body. */
export interface RawInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/**
 * Sends one request with ofetch (public API only: `createFetch`, `$fetch.raw`, `FetchError`) and
 * hands back the Response with its body unread. Every behaviour of ofetch's own is turned off,
 * because a pipeline step owns it: `retry: false` (the retry policy), `redirect: 'manual'` (the
 * redirect policy; fetch would send x-api-key to any origin), `ignoreResponseError` (the typed
 * errors), `responseType: 'stream'` (the capped reader counts the bytes; ofetch reads nothing).
 */
export async function sendRaw(fetch: FetchLike, url: string, init: RawInit): Promise<Response> {
  try {
    return await createFetch({ fetch }).raw(url, {
      ...init,
      redirect: 'manual',
      retry: false,
      ignoreResponseError: true,
      responseType: 'stream',
    });
  } catch (error) {
    // ofetch wraps a failed fetch in a FetchError whose message quotes the URL; the fetch's own
    // error (the `cause`) is what the transport maps, exactly as if fetch had been called directly.
    throw error instanceof FetchError && error.cause !== undefined ? error.cause : error;
  }
}
