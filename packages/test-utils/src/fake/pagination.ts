/**
 * Offset paging (reference §6): at most `pageSize` items (1000 on the real API) and `more: true`
 * while items remain; the client repeats with offset = items received so far.
 */

export type Page<T> = { ok: true; items: T[]; more: boolean } | { ok: false; reason: string };

export function paginate<T>(items: readonly T[], offsetParam: string | null, pageSize: number): Page<T> {
  const offset = offsetParam === null || offsetParam === '' ? 0 : Number(offsetParam);
  // The spec types offset as "number"; fractions and negatives cannot address an item.
  if (!Number.isInteger(offset) || offset < 0) return { ok: false, reason: `invalid offset ${offsetParam}` };
  const page = items.slice(offset, offset + pageSize);
  return { ok: true, items: page, more: offset + page.length < items.length };
}
