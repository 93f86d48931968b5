import { decodeBody } from '../decoders/body';
import {
  AbortError,
  AnalysisFailedError,
  AnalysisPendingError,
  BodyTooLargeError,
  ConnectionError,
  DecodeError,
  isSportsCloudError,
  RedirectError,
  type RequestSnapshot,
  type ResponseSnapshot,
} from '../errors';
import { apiErrorFromResponse } from '../errors/api-errors';
import type { Redactor } from '../errors/redact';
import { type SportsCloudErrorOptions, withContext } from '../errors/sports-cloud-error';
import type { Clock } from '../internal/clock';
import { linkedSignal } from './deadline';
import { readCappedBody } from './read-body';
import { REDIRECT_STATUSES, RedirectHop } from './redirects';
import { type FetchLike, resolveFetch } from './resolve-fetch';
import { sendRaw } from './send-raw';
import type { ApiRequest, ResponseMeta } from './types';
import { buildUrl } from './url';

/** Bodies kept on errors and support bundles are cut here: enough for any error body. */
const SNAPSHOT_BODY_LIMIT = 64 * 1024;

/**
 * Default cap on a response body, decoded: the API answers at most 6 MB (larger results get 413),
 * so 32 MiB leaves room for any real answer and stops a broken or hostile server early.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface HttpContext {
  readonly baseURL: string;
  /** The injected fetch; the global one is looked up per call otherwise (see resolveFetch). */
  readonly fetch: FetchLike | undefined;
  readonly clock: Clock;
  readonly redactor: Redactor;
  readonly consumerId?: string;
  readonly acceptEncoding: string;
  readonly userAgent: string;
  readonly maxResponseBytes: number;
}

export interface HttpAttempt {
  readonly request: ApiRequest;
  /** Credential headers for this attempt (Authorization, x-api-key). */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

type ErrorContext = { request: RequestSnapshot; consumerId?: string };

/**
 * One HTTP exchange: builds the request, sends it with ofetch over `fetch` (redirects not followed), reads the
 * body up to the size cap, decodes it by its magic bytes, validates it (`request.parse`) and maps
 * every non-success into a typed error with a redacted snapshot of both sides. Returns the parsed
 * body (undefined for an empty one), a ResponseMeta around it when the request asked `withMeta`,
 * or a {@link RedirectHop} for a same-origin redirect (the redirect policy sends it).
 */
export async function sendOnce(ctx: HttpContext, attempt: HttpAttempt): Promise<unknown> {
  const { request } = attempt;
  const url = request.url ?? buildUrl(ctx.baseURL, request);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': ctx.acceptEncoding,
    'user-agent': ctx.userAgent,
    ...attempt.authHeaders,
  };
  const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (bodyText !== undefined) headers['content-type'] = 'application/json';
  const snapshot = requestSnapshot(ctx, request.method, url, headers, bodyText);
  const errorContext: ErrorContext = {
    request: snapshot,
    ...(ctx.consumerId ? { consumerId: ctx.consumerId } : {}),
  };

  const link = linkedSignal(
    ctx.clock,
    attempt.timeoutMs,
    attempt.signal,
    `${request.operation} (${request.method} ${request.path})`,
  );
  let response: Response;
  let read: Awaited<ReturnType<typeof readCappedBody>> | RedirectHop;
  try {
    // Redirects are not followed (the redirect policy does, same origin only) and the body is left unread.
    response = await sendRaw(resolveFetch(ctx.fetch), url, {
      method: request.method,
      headers,
      ...(bodyText !== undefined ? { body: bodyText } : {}),
      signal: link.signal,
    });
    read = isRedirect(response)
      ? redirectHop(ctx, response, url, errorContext)
      : await readCappedBody(response, ctx.maxResponseBytes);
  } catch (error) {
    throw transportFailure(ctx, error, link.signal, errorContext);
  } finally {
    link.dispose();
  }
  if (read instanceof RedirectHop) return read;
  const status = response.status;
  const tooLarge = () =>
    new BodyTooLargeError(
      `${request.method} ${safePath(snapshot.url)}: the ${status} response body is larger than maxResponseBytes (${ctx.maxResponseBytes} bytes, decompressed); it was not read further`,
      {
        ...errorContext,
        limitBytes: ctx.maxResponseBytes,
        response: responseSnapshot(ctx, request, response, ''),
      },
    );
  if ('tooLarge' in read) throw tooLarge();

  let text: string;
  try {
    const { bytes } = read;
    const decoded =
      bytes.length === 0
        ? bytes
        : await decodeBody(
            bytes,
            response.headers.get('content-encoding') ?? undefined,
            ctx.maxResponseBytes,
          );
    // zstd stops at the cap; gzip, deflate and br undone here (not by fetch) are checked once decoded.
    if (decoded.length > ctx.maxResponseBytes) throw tooLarge();
    text = new TextDecoder().decode(decoded);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error.request ? error : tooLarge();
    throw new DecodeError(`the ${status} response body could not be decompressed`, {
      cause: ctx.redactor.error(error),
      ...errorContext,
      response: responseSnapshot(ctx, request, response, '[undecodable body]'),
    });
  }
  // Built only when something goes wrong: redacting a 6 MB success body would cost more than parsing it.
  const context = () => ({ ...errorContext, response: responseSnapshot(ctx, request, response, text) });

  if (request.results && status === 202) {
    throw new AnalysisPendingError(`${request.operation}: the analysis is still running (202)`, context());
  }
  if (request.results && status === 204) {
    throw new AnalysisFailedError(`${request.operation}: the analysis failed (204)`, context());
  }
  if (status < 200 || status >= 300) {
    throw apiErrorFromResponse(snapshot, context().response, {
      now: ctx.clock.now(),
      redact: (t) => ctx.redactor.text(t),
      ...(ctx.consumerId ? { consumerId: ctx.consumerId } : {}),
    });
  }
  const body = text.trim() === '' ? undefined : parseJson(ctx, request, text, status, context);
  if (request.withMeta) {
    return { body, status, headers: ctx.redactor.headers(response.headers) } satisfies ResponseMeta;
  }
  if (!request.parse) return body;
  try {
    return await request.parse(body);
  } catch (error) {
    // A schema or series check knows neither the consumer nor the request: support needs both.
    if (isSportsCloudError(error)) throw withContext(error, context());
    throw error;
  }
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status);
}

/**
 * A same-origin redirect becomes a hop for the redirect policy. Any other is refused: another
 * origin would receive the credentials, and an opaque redirect (browsers) hides where it goes.
 */
function redirectHop(ctx: HttpContext, response: Response, url: string, context: ErrorContext): RedirectHop {
  void response.body?.cancel().catch(() => {});
  const { method } = context.request;
  const raw = response.headers.get('location');
  const shown = raw === null ? undefined : ctx.redactor.text(raw);
  const options = { ...context, ...(shown !== undefined ? { location: shown } : {}) };
  let target: URL | undefined;
  try {
    target = raw === null ? undefined : new URL(raw, url);
  } catch {
    target = undefined;
  }
  if (response.type === 'opaqueredirect' || !target) {
    throw new RedirectError(
      `${method} ${safePath(context.request.url)}: redirected (${response.status || 'opaque'}) without a usable Location; not followed`,
      options,
    );
  }
  const expected = new URL(ctx.baseURL).origin;
  if (target.origin !== expected || target.username || target.password) {
    throw new RedirectError(
      `${method} ${safePath(context.request.url)}: ${response.status} redirect to another origin or with user-info (${ctx.redactor.text(target.origin)}, expected ${expected}); not followed, it would receive the credentials`,
      options,
    );
  }
  return new RedirectHop(target.href, response.status, shown ?? '', context.request, context.consumerId);
}

function parseJson(
  ctx: HttpContext,
  request: ApiRequest,
  text: string,
  status: number,
  context: () => SportsCloudErrorOptions,
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // A 2xx whose body is not JSON was cut off or corrupted in transit. The parser's message quotes
    // the text, so a credential response keeps no cause at all.
    throw new DecodeError(
      `the ${status} response body is not valid JSON (${text.length} characters; truncated?)`,
      {
        ...(request.credentialResponse ? {} : { cause: ctx.redactor.error(error) }),
        ...context(),
      },
    );
  }
}

function transportFailure(ctx: HttpContext, error: unknown, signal: AbortSignal, context: ErrorContext) {
  if (error instanceof RedirectError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (isSportsCloudError(reason)) return reason;
    return new AbortError(undefined, context);
  }
  // The error comes from a fetch, maybe the user's: its message and cause chain may quote the
  // request, credentials included. Keep only redacted copies.
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const detail = ctx.redactor.text(root instanceof Error ? root.message : String(root));
  return new ConnectionError(`${context.request.method} ${safePath(context.request.url)}: ${detail}`, {
    ...context,
    cause: ctx.redactor.error(error),
  });
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
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

function responseSnapshot(
  ctx: HttpContext,
  request: ApiRequest,
  response: Response,
  text: string,
): ResponseSnapshot {
  const body =
    request.credentialResponse && response.status >= 200 && response.status < 300 && text
      ? `[credential response withheld: ${text.length} characters]`
      : text;
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
