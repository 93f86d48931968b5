import type { ApiRequest } from './types';

export const DEFAULT_BASE_URL = 'https://api.firstbeat.com/v1';

/** Joins base URL, an already-encoded path and the query; undefined query values are left out. */
export function buildUrl(baseURL: string, request: Pick<ApiRequest, 'path' | 'query'>): string {
  const url = new URL(baseURL.replace(/\/+$/, '') + request.path);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}
