/**
 * Times and numbers as people read them. Lists show the local time where the item happened (the
 * API's `…TimeLocal`, with its UTC offset); without one, the browser's local time, labelled so.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `+02:00` → 120; undefined when the text carries no offset. */
export function offsetMinutes(local?: string): number | undefined {
  const m = local ? /([+-])(\d{2}):?(\d{2})$/.exec(local) : null;
  if (local?.endsWith('Z')) return 0;
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function utcOffsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Wall-clock fields of an instant at a fixed UTC offset. */
function atOffset(ms: number, minutes: number) {
  const d = new Date(ms + minutes * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** Date and time where the item happened: `2025-03-01`, `10:00`, `UTC+02:00`. */
export function localParts(startTime?: string, startTimeLocal?: string) {
  if (!startTime) return { date: '—', time: '—', zone: '' };
  const ms = Date.parse(startTime);
  const offset = offsetMinutes(startTimeLocal) ?? -new Date(ms).getTimezoneOffset();
  return { ...atOffset(ms, offset), zone: utcOffsetLabel(offset) };
}

export function localDateTime(startTime?: string, startTimeLocal?: string): string {
  const p = localParts(startTime, startTimeLocal);
  return startTime ? `${p.date} ${p.time} (${p.zone})` : '—';
}

/** An instant in the browser's local time, with its offset. */
export function browserTime(iso?: string): string {
  return localDateTime(iso);
}

export function duration(startTime?: string, endTime?: string): string {
  if (!startTime || !endTime) return '—';
  const minutes = Math.round((Date.parse(endTime) - Date.parse(startTime)) / 60_000);
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

export function num(value: number | null | undefined, digits = 0, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** `2025-03-01` (a date input's value, the browser's local day) → the ISO instant of its local midnight. */
export function localDayStart(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
}

export function addLocalDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
