import { type DecodedVariable, DecodeError, decodeResults } from '@sportscloud/core';

/** One athlete's results in a saved body: a measurement, a lap, or one entry of a session's results. */
export interface ResultsItem {
  athleteId?: number;
  measurementId?: number;
  sessionId?: number;
  lapId?: number;
  startTime: string;
  startTimeLocal?: string;
  variables: DecodedVariable[];
}

/**
 * Decodes a saved results body (any of the four results endpoints, or an array of them) with core's
 * decoder and lists its items. Session bodies carry their items in `measurements[]`.
 */
export async function decodeSavedResults(parsed: unknown): Promise<ResultsItem[]> {
  const bodies = Array.isArray(parsed) ? parsed : [parsed];
  const items: ResultsItem[] = [];
  for (const [b, body] of bodies.entries()) {
    const where = Array.isArray(parsed) ? `[${b}]` : '';
    const decoded = (await decodeResults(body)) as Record<string, unknown>;
    const entries = Array.isArray(decoded.measurements)
      ? (decoded.measurements as Record<string, unknown>[]).map(
          (m, i) => [m, `${where}.measurements[${i}]`] as const,
        )
      : [[decoded, where || '(top level)'] as const];
    for (const [entry, path] of entries) items.push(toItem(entry, path));
  }
  return items;
}

function toItem(entry: Record<string, unknown>, path: string): ResultsItem {
  const startTime = entry.startTime;
  if (typeof startTime !== 'string' || !Number.isFinite(Date.parse(startTime))) {
    throw new DecodeError(
      `${path}: startTime is missing or not an ISO 8601 time; sample times count from it`,
    );
  }
  if (!Array.isArray(entry.variables)) throw new DecodeError(`${path}: has no variables array`);
  const item: ResultsItem = { startTime, variables: entry.variables as DecodedVariable[] };
  for (const id of ['athleteId', 'measurementId', 'sessionId', 'lapId'] as const) {
    const value = entry[id];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value)) throw new DecodeError(`${path}: ${id} is not an integer`);
    // The API sends sessionId 0 for a measurement outside any session.
    if (!(id === 'sessionId' && value === 0)) item[id] = value as number;
  }
  if (typeof entry.startTimeLocal === 'string') item.startTimeLocal = entry.startTimeLocal;
  return item;
}
