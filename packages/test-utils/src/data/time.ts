import type { TimeRange } from './types';

/** `2015-09-25T07:47:26Z`: whole seconds, as the API sends `…Time` fields. */
function isoUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `2015-09-25T10:47:26+03:00`: the local wall-clock time with its numeric offset (`…TimeLocal`). */
function isoLocal(ms: number, offsetMinutes: number): string {
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}

export function timeRange(startMs: number, endMs: number, offsetMinutes: number): TimeRange {
  return {
    startTime: isoUtc(startMs),
    startTimeLocal: isoLocal(startMs, offsetMinutes),
    endTime: isoUtc(endMs),
    endTimeLocal: isoLocal(endMs, offsetMinutes),
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch ms of an RFC 3339 date-time, or undefined when the text is not one. */
export function parseDateTime(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
