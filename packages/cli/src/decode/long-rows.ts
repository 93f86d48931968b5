import { isTimeSeries, type ScalarVariable, seriesTimes } from '@sportscloud/core';
import type { ResultsItem } from './items';

export type Cell = string | number | bigint | null;

/** The long layout's columns, the same as @sportscloud/sync's long export. */
export const LONG_COLUMNS = [
  'account_id',
  'athlete_id',
  'measurement_id',
  'session_id',
  'lap_id',
  'variable',
  'time_utc',
  'time_local',
  'value',
  'unit',
] as const;

/**
 * One row per sample (variable, UTC time, local time, value, unit), then one per scalar with empty
 * times: a scalar describes the whole item, and keeping it means a variable filter never drops one.
 */
export function* longRows(
  item: ResultsItem,
  accountId: string | null,
  variables?: ReadonlySet<string>,
): Generator<Cell[]> {
  const ids: Cell[] = [
    accountId,
    item.athleteId ?? null,
    item.measurementId ?? null,
    item.sessionId ?? null,
    item.lapId ?? null,
  ];
  const offsetMs = localOffsetMs(item.startTime, item.startTimeLocal);
  const scalars: ScalarVariable[] = [];
  for (const variable of item.variables) {
    if (variables && !variables.has(variable.name)) continue;
    if (!isTimeSeries(variable)) {
      scalars.push(variable as ScalarVariable);
      continue;
    }
    const times = seriesTimes(variable, item.startTime);
    const unit = variable.unit ?? null;
    for (let i = 0; i < times.length; i++) {
      const ms = times[i]!;
      yield [
        ...ids,
        variable.name,
        isoUtc(ms),
        offsetMs === undefined ? null : isoLocal(ms, offsetMs),
        variable.values[i]!,
        unit,
      ];
    }
  }
  for (const scalar of scalars) yield [...ids, scalar.name, null, null, scalar.value, scalar.unit ?? null];
}

/** The item's UTC offset from `startTimeLocal` (wall time, with or without its numeric offset). */
export function localOffsetMs(startTime: string, startTimeLocal: string | undefined): number | undefined {
  if (!startTimeLocal || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(startTimeLocal)) return undefined;
  const wall = Date.parse(`${startTimeLocal.slice(0, 19)}Z`);
  const utc = Date.parse(startTime);
  if (!Number.isFinite(wall) || !Number.isFinite(utc)) return undefined;
  // Offsets are whole minutes; the seconds between the two fields are rounding, not an offset.
  return Math.round((wall - utc) / 60_000) * 60_000;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

function isoLocal(ms: number, offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / 60_000;
  const suffix = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${new Date(ms + offsetMs).toISOString().slice(0, -1)}${suffix}`;
}
