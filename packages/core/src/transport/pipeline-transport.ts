import { isSportsCloudError } from '../errors';
import { withContext } from '../errors/sports-cloud-error';
import type { Clock } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Logger } from '../internal/logger';
import { checkCallOptions } from '../internal/options';
import { linkedSignal } from './deadline';
import { compose, type Handler, type Middleware, type ResolvedCallOptions } from './pipeline';
import { RedirectHop } from './redirects';
import type { ApiRequest, CallOptions, Transport } from './types';

export interface CallDefaults {
  readonly timeout: number;
  readonly maxRetries: number;
  readonly deadline?: number;
}

/** The Transport the endpoints talk to: per-call options over client defaults, then the policies. */
export class PipelineTransport implements Transport {
  readonly #handler: Handler;

  constructor(
    middlewares: readonly Middleware[],
    terminal: Handler,
    private readonly defaults: CallDefaults,
    private readonly clock: Clock,
  ) {
    this.#handler = compose(middlewares, terminal);
  }

  async send(request: ApiRequest, options: CallOptions = {}): Promise<unknown> {
    checkCallOptions(options);
    const deadline = options.deadline ?? this.defaults.deadline;
    const link = linkedSignal(this.clock, deadline, options.signal, `${request.operation} (deadline)`);
    const resolved: ResolvedCallOptions = {
      timeout: options.timeout ?? this.defaults.timeout,
      maxRetries: options.maxRetries ?? this.defaults.maxRetries,
      signal: link.signal,
    };
    try {
      return await this.#handler({ request, options: resolved, headers: {} });
    } finally {
      link.dispose();
    }
  }
}

/** Reports every HTTP attempt as events and debug log lines (the logger is already redacting). */
export function observePolicy(
  logger: Logger | undefined,
  events: ClientEventEmitter,
  clock: Clock,
): Middleware {
  return async (exchange, next) => {
    const { operation, method, path } = exchange.request;
    const started = clock.now();
    events.emit('request', { operation, method, path });
    logger?.debug(`→ ${method} ${path}`, { operation });
    try {
      const body = await next(exchange);
      const ms = clock.now() - started;
      const status = body instanceof RedirectHop ? body.status : 200;
      events.emit('response', { operation, method, path, status, ms });
      logger?.debug(`← ${method} ${path} ${status === 200 ? 'ok' : `${status} redirect`}`, { operation, ms });
      return body;
    } catch (error) {
      const ms = clock.now() - started;
      const code = isSportsCloudError(error) ? error.code : 'unknown';
      const status = isSportsCloudError(error) ? (error.response?.status ?? undefined) : undefined;
      events.emit('response', { operation, method, path, ms, code, ...(status ? { status } : {}) });
      logger?.debug(`← ${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`, {
        operation,
        ms,
        code,
      });
      throw error;
    }
  };
}

/**
 * Outermost: every error a call raises names the consumer in its support bundle, also those the
 * policies raise themselves (the daily quota, an analysis still pending, a redirect loop).
 */
export function consumerContextPolicy(consumerId: string | undefined): Middleware {
  return async (exchange, next) => {
    try {
      return await next(exchange);
    } catch (error) {
      if (consumerId && isSportsCloudError(error)) withContext(error, { consumerId });
      throw error;
    }
  };
}
