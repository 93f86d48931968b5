import * as z from 'zod/mini';
import { ValidationError, type ValidationIssue } from '../errors';

type ZodIssue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/**
 * Validates a response body against its schema and returns the parsed value (unknown fields kept).
 * Throws {@link ValidationError} listing every problem by path (`athletes[3].athleteId`) and cause.
 * Messages name types, never values: bodies hold personal data. Takes any zod 4 schema, full or mini.
 */
export function parseResponse<S extends z.core.$ZodType>(
  schema: S,
  body: unknown,
  operation: string,
): z.output<S> {
  const result = z.safeParse(schema, body);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues) collect(issue, [], body, issues);
  throw new ValidationError(operation, issues);
}

function collect(issue: ZodIssue, prefix: readonly PathKey[], body: unknown, out: ValidationIssue[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the alternative that came closest (a scalar with a string value, not "matches no option").
    const closest = issue.errors.reduce((best, next) => (next.length < best.length ? next : best));
    for (const sub of closest) collect(sub, path, body, out);
    return;
  }
  out.push({ path: formatPath(path), message: describe(issue, valueAt(body, path)) });
}

/** `['athletes', 3, 'athleteId']` → `athletes[3].athleteId`. */
function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describe(issue: ZodIssue, value: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message;
  const expected = issue.expected === 'int' ? 'integer' : issue.expected;
  if (value === undefined) return `missing (expected ${expected})`;
  return `expected ${expected}, received ${typeName(value)}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'non-integer number';
  return typeof value;
}

function valueAt(body: unknown, path: readonly PathKey[]): unknown {
  let current = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
