import type { LoggerService } from '@nestjs/common';
import type { Logger as ClientLogger, SportsCloudClient } from '@sportscloud/core';

function line(message: string, fields: Record<string, unknown> | undefined): string {
  return fields === undefined ? message : `${message} ${JSON.stringify(fields)}`;
}

/**
 * The client's logger interface on top of a Nest LoggerService. Nest has no `info`: it is `log`.
 * `context` goes last, as Nest loggers expect. The client redacts credentials before calling this.
 */
export function clientLoggerFor(logger: LoggerService, context: string): ClientLogger {
  return {
    debug: (message, fields) => logger.debug?.(line(message, fields), context),
    info: (message, fields) => logger.log(line(message, fields), context),
    warn: (message, fields) => logger.warn(line(message, fields), context),
    error: (message, fields) => logger.error(line(message, fields), context),
  };
}

/**
 * Logs what an operator should see at the right level: retries and server throttling as warnings,
 * a closed daily quota as an error, waits and splits as debug lines. Event payloads carry no
 * credentials. Returns the unsubscribe function.
 */
export function logClientEvents(
  client: SportsCloudClient,
  logger: LoggerService,
  context: string,
): () => void {
  const offs = [
    client.on('retry', (e) =>
      logger.warn(
        `${e.operation}: attempt ${e.attempt} failed (${e.code}); retrying in ${Math.round(e.delayMs)} ms`,
        context,
      ),
    ),
    client.on('wait', (e) => {
      if (e.reason === 'throttled') {
        logger.warn(
          `${e.operation}: the API answered 429 (throttled); waiting ${Math.round(e.ms)} ms`,
          context,
        );
      } else {
        logger.debug?.(`${e.operation}: waiting ${Math.round(e.ms)} ms (${e.reason})`, context);
      }
    }),
    client.on('split', (e) =>
      logger.debug?.(`${e.operation}: split into ${e.parts} requests (${e.reason})`, context),
    ),
    client.on('quota', (e) =>
      logger.error(`the daily quota is used up: no request is sent until ${e.resetAt}`, context),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
