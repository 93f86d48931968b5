import type { ApiRequest } from './types';

/** Call options after the client's defaults were applied. */
export interface ResolvedCallOptions {
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in ms. */
  readonly timeout: number;
  readonly maxRetries: number;
}

/** One request on its way through the policies. Policies pass on modified copies, never mutate. */
export interface Exchange {
  readonly request: ApiRequest;
  readonly options: ResolvedCallOptions;
  /** Headers added by policies (credentials). */
  readonly headers: Readonly<Record<string, string>>;
}

export type Handler = (exchange: Exchange) => Promise<unknown>;
/** A policy sees every exchange and decides whether, when and how often to call `next`. */
export type Middleware = (exchange: Exchange, next: Handler) => Promise<unknown>;

/** `compose([a, b], send)` runs a → b → send. */
export function compose(middlewares: readonly Middleware[], terminal: Handler): Handler {
  return middlewares.reduceRight<Handler>(
    (next, middleware) => (exchange) => middleware(exchange, next),
    terminal,
  );
}
