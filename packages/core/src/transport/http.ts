import { createFetch } from 'ofetch';
import { decodeBody } from '../decoders';
import {
  AbortError,
  AnalysisFailedError,
  AnalysisPendingError,
  ConnectionError,
  DecodeError,
  isSportsCloudError,
  type RequestSnapshot,
  type ResponseSnapshot,
} from '../errors';
import { apiErrorFromResponse } from '../errors/api-errors';
import type { Redactor } from '../errors/redact';
import type { SportsCloudErrorOptions } from '../errors/sports-cloud-error';
import type { Clock } from '../internal/clock';
import { linkedSignal } from './deadline';
import { type FetchLike, resolveFetch } from './resolve-fetch';
import type { ApiRequest, ResponseMeta } from './types';
import { buildUrl } from './url';

/** Bodies kept on errors and support bundles are cut here: enough for any error body. */
const SNAPSHOT_BODY_LIMIT = 64 * 1024;

export interface HttpContext {
  readonly baseURL: string;
  readonly ofetch: ReturnType<typeof createFetch>;
  readonly clock: Clock;
  readonly redactor: Redactor;
  readonly consumerId?: string;
  readonly acceptEncoding: string;
  readonly userAgent: string;
}

/** One ofetch instance per client; fetch itself is resolved per call (see resolveFetch). */
export function createOfetch(injected: FetchLike | undefined) {
  return createFetch({ fetch: (input, init) => resolveFetch(injected)(input, init) });
}

export interface HttpAttempt {
  readonly request: ApiRequest;
  /** Credential headers for this attempt (Authorization, x-api-key). */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * One HTTP exchange: builds the request, sends it through ofetch (no retries of its own), decodes
 * the body by its magic bytes and maps every non-success into a typed error with a redacted
 * snapshot of both sides. Returns the parsed JSON body (undefined for an empty one), or a
 * ResponseMeta around it when the request asked `withMeta`.
 */
export async function sendOnce(ctx: HttpContext, attempt: HttpAttempt): Promise<unknown> {
  const { request } = attempt;
  const url = buildUrl(ctx.baseURL, request);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': ctx.acceptEncoding,
    'user-agent': ctx.userAgent,
    ...attempt.authHeaders,
  };
  const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (bodyText !== undefined) headers['content-type'] = 'application/json';
  const snapshot = requestSnapshot(ctx, request.method, url, headers, bodyText);
  const errorContext = { request: snapshot, ...(ctx.consumerId ? { consumerId: ctx.consumerId } : {}) };

  const link = linkedSignal(
    ctx.clock,
    attempt.timeoutMs,
    attempt.signal,
    `${request.operation} (${request.method} ${request.path})`,
  );
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await ctx.ofetch.raw(url, {
      method: request.method,
      headers,
      ...(bodyText !== undefined ? { body: bodyText } : {}),
      responseType: 'arrayBuffer',
      ignoreResponseError: true,
      retry: false,
      signal: link.signal,
    });
    const data = (response as Response & { _data?: ArrayBuffer })._data;
    bytes = data ? new Uint8Array(data) : new Uint8Array(0);
  } catch (error) {
    throw transportFailure(error, link.signal, errorContext);
  } finally {
    link.dispose();
  }

  let text: string;
  try {
    const decoded =
      bytes.length === 0
        ? bytes
        : await decodeBody(bytes, response.headers.get('content-encoding') ?? undefined);
    text = new TextDecoder().decode(decoded);
  } catch (error) {
    throw new DecodeError(`the ${response.status} response body could not be decompressed`, {
      cause: error,
      ...errorContext,
      response: responseSnapshot(ctx, response, '[undecodable body]'),
    });
  }
  // Built only when something goes wrong: redacting a 6 MB success body would cost more than parsing it.
  const context = () => ({ ...errorContext, response: responseSnapshot(ctx, response, text) });
  const { status } = response;

  if (request.results && status === 202) {
    throw new AnalysisPendingError(`${request.operation}: the analysis is still running (202)`, context());
  }
  if (request.results && status === 204) {
    throw new AnalysisFailedError(`${request.operation}: the analysis failed (204)`, context());
  }
  if (status < 200 || status >= 300) {
    throw apiErrorFromResponse(snapshot, context().response, {
      now: ctx.clock.now(),
      ...(ctx.consumerId ? { consumerId: ctx.consumerId } : {}),
    });
  }
  const body = text.trim() === '' ? undefined : parseJson(text, status, context);
  return request.withMeta
    ? ({ body, status, headers: ctx.redactor.headers(response.headers) } satisfies ResponseMeta)
    : body;
}

function parseJson(text: string, status: number, context: () => SportsCloudErrorOptions): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // A 2xx whose body is not JSON was cut off or corrupted in transit.
    throw new DecodeError(
      `the ${status} response body is not valid JSON (${text.length} characters; truncated?)`,
      {
        cause: error,
        ...context(),
      },
    );
  }
}

function transportFailure(
  error: unknown,
  signal: AbortSignal,
  context: { request: RequestSnapshot; consumerId?: string },
) {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (isSportsCloudError(reason)) return reason;
    return new AbortError(undefined, context);
  }
  if (isSportsCloudError(error)) return error;
  // Never keep ofetch's FetchError as the cause: it carries the request options, headers included.
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const detail = root instanceof Error ? root.message : String(root);
  return new ConnectionError(
    `${context.request.method} ${new URL(context.request.url).pathname}: ${detail}`,
    {
      ...context,
      cause: new Error(detail),
    },
  );
}

function requestSnapshot(
  ctx: HttpContext,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): RequestSnapshot {
  return {
    method,
    url: ctx.redactor.text(url),
    headers: ctx.redactor.headers(headers),
    ...(body !== undefined ? { body: redactedClip(ctx, body) } : {}),
  };
}

function responseSnapshot(ctx: HttpContext, response: Response, body: string): ResponseSnapshot {
  return {
    status: response.status,
    ...(response.statusText ? { statusText: response.statusText } : {}),
    headers: ctx.redactor.headers(response.headers),
    ...(body ? { body: redactedClip(ctx, body) } : {}),
  };
}

/**
 * The body as kept on errors: redacted, then cut to SNAPSHOT_BODY_LIMIT. Only a little more than
 * the kept part is redacted (the margin covers a secret straddling the cut), never a whole 6 MB body.
 */
function redactedClip(ctx: HttpContext, text: string): string {
  if (text.length <= SNAPSHOT_BODY_LIMIT) return ctx.redactor.text(text);
  const head = ctx.redactor.text(text.slice(0, SNAPSHOT_BODY_LIMIT + 1024)).slice(0, SNAPSHOT_BODY_LIMIT);
  return `${head}… [${text.length - SNAPSHOT_BODY_LIMIT} more characters]`;
}
