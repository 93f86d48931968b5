/**
 * The service's API with the signed-in token. The token lives in sessionStorage (this tab only,
 * gone when it closes) and travels only in the Authorization header: never in a URL, a log line or
 * the page.
 */

const KEY = 'sportscloud.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: () => void = () => {};

export const auth = {
  get token(): string | undefined {
    return sessionStorage.getItem(KEY) ?? undefined;
  },
  set(token: string) {
    sessionStorage.setItem(KEY, token);
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
  /** What to do when the service refuses the token (revoked, expired database, signed out elsewhere). */
  onUnauthorized(fn: () => void) {
    onUnauthorized = fn;
  },
};

function headers(token = auth.token): HeadersInit {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function fail(response: Response, signedIn = true): Promise<never> {
  let message = `${response.status} ${response.statusText}`;
  let field: string | undefined;
  try {
    const body = (await response.json()) as { message?: unknown; field?: string };
    if (typeof body.message === 'string') message = body.message;
    field = body.field;
  } catch {
    // Not JSON: keep the status line.
  }
  // A refused stored token signs the user out; a token being tried at sign-in is only reported.
  if (response.status === 401 && signedIn) onUnauthorized();
  throw new ApiError(response.status, message, field);
}

/** GET a JSON route; a non-2xx answer is an ApiError carrying the service's message. */
export async function getJson<T>(
  path: string,
  init: { signal?: AbortSignal; token?: string } = {},
): Promise<T> {
  const response = await fetch(path, {
    headers: headers(init.token),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  if (!response.ok) return fail(response, init.token === undefined);
  return (await response.json()) as T;
}

/** A streamed response (exports): the caller reads `body`. */
export async function getStream(path: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(path, { headers: headers(), ...(signal ? { signal } : {}) });
  if (!response.ok) return fail(response);
  return response;
}

/** Builds `path?query` from defined values only. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const enc = encodeURIComponent;
