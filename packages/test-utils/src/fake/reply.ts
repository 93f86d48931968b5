/**
 * What a handler answers before serialization, compression and faults. Error bodies copy the API
 * Gateway style `{"message": "..."}`; the precise cause goes to the `x-fake-reason` header so tests
 * can assert it without the body drifting from the real API.
 */
export interface Reply {
  status: number;
  /** JSON body; undefined for an empty body (202, 204, the confirm call). */
  body?: unknown;
  headers?: Record<string, string>;
  reason?: string;
}

const MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Response Too Large',
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Endpoint request timed out',
};

export function fail(status: number, reason?: string, message = MESSAGES[status] ?? 'Error'): Reply {
  return { status, body: { message }, ...(reason === undefined ? {} : { reason }) };
}

export function ok(body?: unknown): Reply {
  return { status: 200, body };
}
