import type { SeededMeasurement, SeededSession } from '../data/seed';
import { parseDateTime } from '../data/time';

/**
 * Query filters of the measurement and session lists (reference §7). Times filter the start time:
 * `fromTime` inclusive, `toTime` exclusive. `sportsType`/`eventType` take comma lists. Titles
 * (`exerciseType`, session `type`) match exactly, case-sensitively (undocumented; our choice).
 * Items without the filtered field never match that filter.
 */

export type Filter<T> =
  | { ok: true; keep: (item: T) => boolean; includeLaps: boolean }
  | { ok: false; reason: string };

const MEASUREMENT_TYPES = new Set(['exercise', 'quickRecoveryTest', 'night', 'manual']);

interface Common {
  startTime: string;
  sportsType?: string;
  eventType?: string;
}

function commonFilter(query: URLSearchParams): Filter<Common> {
  const tests: Array<(item: Common) => boolean> = [];
  for (const [param, keep] of [
    ['fromTime', (start: number, bound: number) => start >= bound],
    ['toTime', (start: number, bound: number) => start < bound],
  ] as const) {
    const text = query.get(param);
    if (text === null) continue;
    const bound = parseDateTime(text);
    if (bound === undefined) return { ok: false, reason: `${param} is not an RFC 3339 date-time` };
    tests.push((item) => keep(Date.parse(item.startTime), bound));
  }
  for (const field of ['sportsType', 'eventType'] as const) {
    const text = query.get(field);
    if (text === null) continue;
    const wanted = new Set(
      text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    );
    tests.push((item) => item[field] !== undefined && wanted.has(item[field]));
  }
  const laps = query.get('includeLaps');
  if (laps !== null && laps !== 'true' && laps !== 'false')
    return { ok: false, reason: 'includeLaps must be true or false' };
  return { ok: true, keep: (item) => tests.every((t) => t(item)), includeLaps: laps === 'true' };
}

export function measurementFilter(query: URLSearchParams): Filter<SeededMeasurement> {
  const common = commonFilter(query);
  if (!common.ok) return common;
  const type = query.get('measurementType');
  if (type !== null && !MEASUREMENT_TYPES.has(type))
    return { ok: false, reason: `unknown measurementType ${type}` };
  const title = query.get('exerciseType');
  return {
    ok: true,
    includeLaps: common.includeLaps,
    keep: (m) =>
      common.keep(m) &&
      (type === null || m.measurementType === type) &&
      (title === null || m.exerciseType === title),
  };
}

export function sessionFilter(query: URLSearchParams): Filter<SeededSession> {
  const common = commonFilter(query);
  if (!common.ok) return common;
  const title = query.get('type');
  return {
    ok: true,
    includeLaps: common.includeLaps,
    keep: (s) => common.keep(s) && (title === null || s.sessionType === title),
  };
}
