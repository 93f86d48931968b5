import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Catalog } from './catalog';
import { ACCOUNT_ID_PATTERN } from './tokens';

/**
 * Parsers for everything a request carries (path ids, query filters, cursors). Each one throws a 400
 * that names the field, so nothing unvalidated reaches a query.
 */

export function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    field,
    message: `${field} ${message}`,
  });
}

const MAX_ID = 2_147_483_647;
/** The earliest and latest times a filter may name: the API's data cannot lie outside them. */
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

export function accountId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNT_ID_PATTERN.test(value))
    throw badRequest(field, 'must be an account id such as 1-1 (letters, digits, "-" or "_", up to 64)');
  return value;
}

/** The `accountId` path parameter of a data route: an account id (else 400) granted to the consumer (else 404). */
export async function grantedAccount(catalog: Catalog, value: unknown): Promise<string> {
  const id = accountId('accountId', value);
  if (!(await catalog.hasAccount(id))) throw new NotFoundException('no such account');
  return id;
}

export function id(field: string, value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ID)
    throw badRequest(field, `must be a whole number from 1 to ${MAX_ID}`);
  return Number(value);
}

export function optionalId(field: string, value: unknown): number | undefined {
  return value === undefined ? undefined : id(field, value);
}

/** An ISO 8601 date or date-time with a zone (or a date, taken as UTC midnight). */
export function time(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    value.length > 40 ||
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
  )
    throw badRequest(
      field,
      'must be an ISO 8601 date (2025-03-01) or date-time with a zone (2025-03-01T10:00:00Z)',
    );
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME)
    throw badRequest(field, 'must be a real date between 2000 and 2100');
  return new Date(ms).toISOString();
}

export function timeRange(from: unknown, to: unknown, names = ['from', 'to'] as const) {
  const fromTime = time(names[0], from);
  const toTime = time(names[1], to);
  if (fromTime && toTime && fromTime >= toTime) throw badRequest(names[1], `must be after ${names[0]}`);
  return { fromTime, toTime };
}

export function limit(value: unknown, fallback = 100, max = 1000): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw badRequest('limit', `must be a whole number from 1 to ${max}`);
  return Number(value);
}

/** A list's `limit` and `cursor` query parameters (the cursor is checked where it is decoded). */
export function page(q: Record<string, unknown>): { limit: number; cursor: string | undefined } {
  return { limit: limit(q.limit), cursor: q.cursor as string | undefined };
}

export function oneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw badRequest(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function bool(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(field, 'must be true or false');
}

/** A comma-separated list of variable names (letters and digits, as the API spells them). */
export function variableNames(field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 4000)
    throw badRequest(field, 'must be a comma-separated list');
  const names = value.split(',').map((s) => s.trim());
  if (names.length > 200 || names.some((n) => !/^[A-Za-z0-9]{1,80}$/.test(n)))
    throw badRequest(field, 'must be up to 200 comma-separated variable names (letters and digits)');
  return [...new Set(names)];
}

/**
 * Page cursors: the sort key of the last item, bound to the query it came from and signed, so a
 * client can pass them back but not forge or reuse them on another query.
 */
export class Cursors {
  constructor(private readonly key: Buffer) {}

  encode(scope: string, position: readonly (string | number)[]): string {
    const body = Buffer.from(JSON.stringify([scope, position])).toString('base64url');
    return `${body}.${this.#sign(body)}`;
  }

  decode(scope: string, value: unknown): (string | number)[] | undefined {
    if (value === undefined) return undefined;
    const invalid = () =>
      badRequest('cursor', 'is not a cursor of this list (pass back nextCursor unchanged)');
    if (typeof value !== 'string' || value.length > 512 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(value))
      throw invalid();
    const [body, signature] = value.split('.') as [string, string];
    const expected = Buffer.from(this.#sign(body));
    if (expected.length !== signature.length || !timingSafeEqual(expected, Buffer.from(signature)))
      throw invalid();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed[0] !== scope || !Array.isArray(parsed[1])) throw invalid();
    return parsed[1] as (string | number)[];
  }

  #sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
