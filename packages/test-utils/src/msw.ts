import { HttpResponse, http } from 'msw';
import { isConnectionReset } from './fake/network-error';
import type { FakeSportsCloud } from './fake/server';

/**
 * msw request handlers backed by a fake, for code that calls a real base URL. Requests under
 * `baseURL` are forwarded with the base replaced by `/v1`; `<origin>/__fake/stats` reaches the
 * stats. A connection-reset fault becomes msw's network error.
 */
export interface SportsCloudHandlersOptions {
  /** Default https://api.firstbeat.com/v1 (the real server). */
  baseURL?: string;
}

export function createSportsCloudHandlers(
  fake: Pick<FakeSportsCloud, 'fetch'>,
  { baseURL = 'https://api.firstbeat.com/v1' }: SportsCloudHandlersOptions = {},
) {
  const base = new URL(baseURL.endsWith('/') ? baseURL : `${baseURL}/`);
  const forward = async (request: Request, path: string) => {
    const url = new URL(request.url);
    const target = new URL(`${path}${url.search}`, base.origin);
    const init: RequestInit = { method: request.method, headers: request.headers };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      init.body = await request.arrayBuffer();
    }
    try {
      return await fake.fetch(new Request(target, init));
    } catch (error) {
      if (isConnectionReset(error)) return HttpResponse.error();
      throw error;
    }
  };
  return [
    http.all(`${base.origin}/__fake/*`, ({ request }) => forward(request, new URL(request.url).pathname)),
    http.all(`${base.href}*`, ({ request }) =>
      forward(request, `/v1/${new URL(request.url).pathname.slice(base.pathname.length)}`),
    ),
  ];
}
