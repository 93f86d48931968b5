import type { DecodedVariable } from '@sportscloud/core';
import type { ExportItem } from '@sportscloud/sync';
import { loadCore } from '../lazy';

/**
 * Decodes a saved results body (any of the four results endpoints, or a JSON array of them) with core's
 * decoder and turns it into export items: one per athlete (session bodies carry them in `measurements[]`).
 * A results body names neither the consumer nor the account; the caller may supply the account.
 */
export async function decodeSavedResults(parsed: unknown, accountId = ''): Promise<ExportItem[]> {
  const { DecodeError, decodeResults } = await loadCore();
  const bodies = Array.isArray(parsed) ? parsed : [parsed];
  const items: ExportItem[] = [];
  for (const [b, body] of bodies.entries()) {
    const where = Array.isArray(parsed) ? `[${b}]` : '';
    const decoded = (await decodeResults(body)) as Record<string, unknown>;
    const entries = Array.isArray(decoded.measurements)
      ? (decoded.measurements as Record<string, unknown>[]).map(
          (m, i) => [m, `${where}.measurements[${i}]`] as const,
        )
      : [[decoded, where || '(top level)'] as const];
    for (const [entry, path] of entries) items.push(toItem(entry, path, accountId, DecodeError));
  }
  return items;
}

function toItem(
  entry: Record<string, unknown>,
  path: string,
  accountId: string,
  DecodeError: new (message: string) => Error,
): ExportItem {
  const startTime = entry.startTime;
  if (typeof startTime !== 'string' || !Number.isFinite(Date.parse(startTime))) {
    throw new DecodeError(
      `${path}: startTime is missing or not an ISO 8601 time; sample times count from it`,
    );
  }
  if (!Array.isArray(entry.variables)) throw new DecodeError(`${path}: has no variables array`);
  if (!Number.isSafeInteger(entry.athleteId))
    throw new DecodeError(`${path}: athleteId is missing or not an integer`);
  const item: ExportItem = {
    consumerId: '',
    accountId,
    athleteId: entry.athleteId as number,
    startTime,
    variables: entry.variables as DecodedVariable[],
  };
  for (const id of ['measurementId', 'sessionId', 'lapId'] as const) {
    const value = entry[id];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value)) throw new DecodeError(`${path}: ${id} is not an integer`);
    // The API sends sessionId 0 for a measurement outside any session.
    if (!(id === 'sessionId' && value === 0)) item[id] = value as number;
  }
  if (typeof entry.startTimeLocal === 'string') item.startTimeLocal = entry.startTimeLocal;
  return item;
}
