/**
 * Offset paging (reference §6): at most `pageSize` items (1000 on the real API) and `more: true`
 * while items remain; the client repeats with offset = items received so far.
 */

export type Page<T> = { ok: true; items: T[]; more: boolean } | { ok: false; reason: string };

/**
 * The spec types `offset` as a number: its text must be a JSON number (`12`, `1e2`, `12.0`), and that
 * number a whole count of items, 0 or more. So `0x10`, `+1`, ` 1`, an empty value, `1.5` and `-1` are
 * all 400; an absent offset is 0.
 */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function parseOffset(offsetParam: string | null): number | undefined {
  if (offsetParam === null) return 0;
  if (!JSON_NUMBER.test(offsetParam)) return undefined;
  const offset = Number(offsetParam);
  // `-0` is a JSON number for 0.
  return Number.isSafeInteger(offset) && offset >= 0 ? offset + 0 : undefined;
}

export function paginate<T>(items: readonly T[], offsetParam: string | null, pageSize: number): Page<T> {
  const offset = parseOffset(offsetParam);
  if (offset === undefined) {
    return {
      ok: false,
      reason: `invalid offset ${JSON.stringify(offsetParam)}: must be a whole number, 0 or more`,
    };
  }
  const page = items.slice(offset, offset + pageSize);
  return { ok: true, items: page, more: offset + page.length < items.length };
}
