import type { Redactor } from '../errors/redact';

/** Anything with these four methods works: console, pino, winston, a NestJS Logger adapter. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Wraps a user logger so that nothing it receives can carry a credential, and so that a logger
 * that throws (a full disk, a closed stream, a bug) cannot fail the request it reports on —
 * guarded as event listeners are.
 */
export function redactingLogger(logger: Logger | undefined, redactor: Redactor): Logger | undefined {
  if (!logger) return undefined;
  const wrapped = {} as Logger;
  for (const level of LEVELS) {
    wrapped[level] = (message, fields) => {
      try {
        const safeFields =
          fields === undefined
            ? undefined
            : (JSON.parse(redactor.text(JSON.stringify(fields))) as Record<string, unknown>);
        logger[level](redactor.text(message), safeFields);
      } catch {
        // Logging is best effort: the request's own outcome stands.
      }
    };
  }
  return wrapped;
}
