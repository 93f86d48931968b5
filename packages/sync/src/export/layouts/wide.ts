import { isTimeSeries, type TimeSeriesVariable } from '@sportscloud/core';
import type { Batch, Cells, Column } from '../table';
import { seriesTimesMs } from '../timing';
import { checkNoClash, wideSeriesColumns } from './columns';
import { countDropped, ID_COLUMNS, type ItemContext, idCells, type Layout } from './layout';

const TIME_COLUMNS: readonly Column[] = [
  { name: 'time_utc', type: 'utc' },
  { name: 'time_local', type: 'local' },
];

/**
 * One row per timestamp of one item, one column per series.
 *
 * Alignment: the rows are the union of the sample times of the item's series (to the millisecond).
 * A cell holds the series' sample taken at exactly that time and is empty otherwise, so no value is
 * invented, interpolated or dropped. With the API's rates (1 Hz, 0.2 Hz, 1/60 Hz, all from
 * `startTime`) the union is the 1 Hz grid and the slower series fill every 5th or 60th row.
 */
export class WideLayout implements Layout {
  readonly columns: readonly Column[];
  readonly dropped = new Map<string, number>();
  private readonly seriesColumn: Map<string, number>;

  constructor(variables: readonly string[] | undefined) {
    const series = wideSeriesColumns(variables);
    const fixed = [...ID_COLUMNS, ...TIME_COLUMNS];
    checkNoClash(fixed, series);
    this.columns = [...fixed, ...series.map((name): Column => ({ name, type: 'double' }))];
    this.seriesColumn = new Map(series.map((name, i) => [name, i]));
  }

  *rows({ item, offsetMs }: ItemContext): Iterable<Batch> {
    const picked: { column: number; series: TimeSeriesVariable; ms: Float64Array }[] = [];
    const taken = new Set<number>();
    for (const variable of item.variables) {
      if (!isTimeSeries(variable)) continue;
      const column = this.seriesColumn.get(variable.name);
      if (column === undefined) {
        countDropped(this.dropped, variable.name);
        continue;
      }
      if (taken.has(column) || variable.values.length === 0) continue;
      taken.add(column);
      picked.push({ column, series: variable, ms: seriesTimesMs(variable, item.startTime) });
    }
    if (picked.length === 0) return;

    const { times, indexes } = align(picked.map((p) => p.ms));
    const cells: Cells[] = [
      ...idCells(item),
      { kind: 'times', ms: times },
      offsetMs === undefined ? { kind: 'const', value: null } : { kind: 'times', ms: times, offsetMs },
    ];
    for (let c = 0; c < this.seriesColumn.size; c++) cells.push({ kind: 'const', value: null });
    picked.forEach(({ column, series }, i) => {
      const index = indexes[i];
      cells[ID_COLUMNS.length + TIME_COLUMNS.length + column] = index
        ? { kind: 'numbers', values: series.values, index }
        : { kind: 'numbers', values: series.values };
    });
    yield { length: times.length, cells };
  }
}

/**
 * Merges sorted time arrays into their sorted union. `indexes[s][row]` is the sample of series `s` at
 * `times[row]`, or -1; `undefined` when series `s` has exactly the union's times (no lookup needed).
 * A series whose times repeat (two beats rounded to one millisecond) keeps every sample: each
 * repeated time gets its own row. Samples without a finite time (every beat after a NaN interval)
 * get no row; the long layout writes them with empty times.
 */
export function align(series: readonly Float64Array[]): {
  times: Float64Array;
  indexes: (Int32Array | undefined)[];
} {
  const first = series[0]!;
  if (series.every((s) => sameTimes(s, first))) {
    return { times: first, indexes: series.map(() => undefined) };
  }
  let total = 0;
  for (const s of series) total += s.length;
  const union = new Float64Array(total);
  const rowOf = series.map((s) => new Int32Array(s.length).fill(-1));
  const next = new Int32Array(series.length);
  let rows = 0;
  for (;;) {
    let min = Number.POSITIVE_INFINITY;
    for (let s = 0; s < series.length; s++) {
      let at = next[s]!;
      // A sample without a time (after a NaN interval of a beat series) has no row to go to.
      while (at < series[s]!.length && !Number.isFinite(series[s]![at]!)) at++;
      next[s] = at;
      if (at < series[s]!.length && series[s]![at]! < min) min = series[s]![at]!;
    }
    if (min === Number.POSITIVE_INFINITY) break;
    for (let s = 0; s < series.length; s++) {
      const at = next[s]!;
      if (at < series[s]!.length && series[s]![at] === min) {
        rowOf[s]![at] = rows;
        next[s] = at + 1;
      }
    }
    union[rows++] = min;
  }
  const times = union.slice(0, rows);
  const indexes = rowOf.map((rowsOfSeries) => {
    const index = new Int32Array(rows).fill(-1);
    for (let i = 0; i < rowsOfSeries.length; i++) {
      const row = rowsOfSeries[i]!;
      if (row >= 0) index[row] = i;
    }
    return index;
  });
  return { times, indexes };
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
