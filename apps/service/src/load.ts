/**
 * Training load from stored TRIMP scalars: daily sums per athlete, and Firstbeat's acute (7-day
 * TRIMP sum) and chronic (28-day TRIMP sum ÷ 4) load over them. Pure functions: the controller reads
 * the rows, these do the arithmetic.
 */

export interface TrimpRow {
  /** ISO UTC start of the analysed measurement. */
  startTime: string;
  /** The API's local start time (`2025-03-01T10:00:00+02:00`), when it sent one. */
  startTimeLocal?: string;
  trimp: number;
}

export interface LoadDay {
  /** The athlete's local calendar date (YYYY-MM-DD). */
  date: string;
  /** Sum of the TRIMP of the measurements analysed that day (0 on a day without any). */
  trimp: number;
  /** Analysed measurements that day. */
  analysed: number;
  /** Measurements that day whose analysis failed (204) or is still pending: their TRIMP is missing. */
  unanalysed: number;
  /** 7-day TRIMP sum ending that day; null until 7 days of history exist. */
  acute: number | null;
  /** 28-day TRIMP sum ÷ 4 ending that day; null until 28 days of history exist. */
  chronic: number | null;
}

const DAY_MS = 86_400_000;

/** The local date of an item: its `…TimeLocal` date when the API sent one, else the UTC date. */
export function localDate(startTime: string, startTimeLocal?: string): string {
  if (startTimeLocal && /^\d{4}-\d{2}-\d{2}/.test(startTimeLocal)) return startTimeLocal.slice(0, 10);
  return new Date(startTime).toISOString().slice(0, 10);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * One entry per date from `from` to `to` (inclusive). `rows` may start up to 27 days before `from`
 * (they feed the rolling sums); `firstDate` is the athlete's first analysed day, before which the
 * rolling windows would count days with no data as rest, so they are reported as null.
 */
export function dailyLoad(
  rows: readonly TrimpRow[],
  unanalysed: readonly { startTime: string; startTimeLocal?: string }[],
  range: { from: string; to: string },
  firstDate: string | undefined,
): LoadDay[] {
  const sums = new Map<string, { trimp: number; analysed: number }>();
  for (const r of rows) {
    const date = localDate(r.startTime, r.startTimeLocal);
    const day = sums.get(date) ?? { trimp: 0, analysed: 0 };
    day.trimp += r.trimp;
    day.analysed += 1;
    sums.set(date, day);
  }
  const missing = new Map<string, number>();
  for (const m of unanalysed) {
    const date = localDate(m.startTime, m.startTimeLocal);
    missing.set(date, (missing.get(date) ?? 0) + 1);
  }
  const trimpOn = (date: string) => sums.get(date)?.trimp ?? 0;
  const windowSum = (end: string, days: number) => {
    let sum = 0;
    for (let i = 0; i < days; i++) sum += trimpOn(addDays(end, -i));
    return sum;
  };
  const days: LoadDay[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    const history = firstDate ? Math.round((Date.parse(date) - Date.parse(firstDate)) / DAY_MS) + 1 : 0;
    days.push({
      date,
      trimp: round(trimpOn(date)),
      analysed: sums.get(date)?.analysed ?? 0,
      unanalysed: missing.get(date) ?? 0,
      acute: history >= 7 ? round(windowSum(date, 7)) : null,
      chronic: history >= 28 ? round(windowSum(date, 28) / 4) : null,
    });
  }
  return days;
}

const round = (n: number) => Math.round(n * 10) / 10;

export { addDays };
