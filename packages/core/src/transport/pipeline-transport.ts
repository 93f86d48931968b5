import { isSportsCloudError } from '../errors';
import type { Clock } from '../internal/clock';
import type { Logger } from '../internal/logger';
import { compose, type Handler, type Middleware, type ResolvedCallOptions } from './pipeline';
import type { ApiRequest, CallOptions, Transport } from './types';

export interface CallDefaults {
  readonly timeout: number;
  readonly maxRetries: number;
}

/** The Transport the endpoints talk to: per-call options over client defaults, then the policies. */
export class PipelineTransport implements Transport {
  readonly #handler: Handler;

  constructor(
    middlewares: readonly Middleware[],
    terminal: Handler,
    private readonly defaults: CallDefaults,
  ) {
    this.#handler = compose(middlewares, terminal);
  }

  send(request: ApiRequest, options: CallOptions = {}): Promise<unknown> {
    const resolved: ResolvedCallOptions = {
      timeout: options.timeout ?? this.defaults.timeout,
      maxRetries: options.maxRetries ?? this.defaults.maxRetries,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    return this.#handler({ request, options: resolved, headers: {} });
  }
}

/** Logs every attempt (redaction happens in the logger wrapper, see redactingLogger). */
export function loggingPolicy(logger: Logger | undefined, clock: Clock): Middleware {
  return async (exchange, next) => {
    if (!logger) return next(exchange);
    const { operation, method, path } = exchange.request;
    const started = clock.now();
    logger.debug(`→ ${method} ${path}`, { operation });
    try {
      const body = await next(exchange);
      logger.debug(`← ${method} ${path} ok`, { operation, ms: clock.now() - started });
      return body;
    } catch (error) {
      const fields = {
        operation,
        ms: clock.now() - started,
        code: isSportsCloudError(error) ? error.code : 'unknown',
      };
      logger.warn(
        `← ${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
        fields,
      );
      throw error;
    }
  };
}
