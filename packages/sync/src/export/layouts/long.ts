import { isTimeSeries, type ScalarVariable } from '@sportscloud/core';
import type { Batch, Column } from '../table';
import { seriesTimesMs } from '../timing';
import { ID_COLUMNS, type ItemContext, idCells, type Layout } from './layout';

/**
 * One row per sample: ids, variable, UTC time, local time, value, unit. Scalars are rows too, with
 * empty times (a scalar describes the whole item), so a variable filter never silently drops one.
 */
export class LongLayout implements Layout {
  readonly columns: readonly Column[] = [
    ...ID_COLUMNS,
    { name: 'variable', type: 'string' },
    { name: 'time_utc', type: 'utc' },
    { name: 'time_local', type: 'local' },
    { name: 'value', type: 'double' },
    { name: 'unit', type: 'string' },
  ];
  readonly dropped = new Map<string, number>();

  *rows({ item, offsetMs }: ItemContext): Iterable<Batch> {
    const ids = idCells(item);
    const scalars: ScalarVariable[] = [];
    for (const variable of item.variables) {
      if (!isTimeSeries(variable)) {
        scalars.push(variable as ScalarVariable);
        continue;
      }
      if (variable.values.length === 0) continue;
      const ms = seriesTimesMs(variable, item.startTime);
      yield {
        length: ms.length,
        cells: [
          ...ids,
          { kind: 'const', value: variable.name },
          { kind: 'times', ms },
          offsetMs === undefined ? { kind: 'const', value: null } : { kind: 'times', ms, offsetMs },
          { kind: 'numbers', values: variable.values },
          { kind: 'const', value: variable.unit ?? null },
        ],
      };
    }
    if (scalars.length > 0) {
      yield {
        length: scalars.length,
        cells: [
          ...ids,
          { kind: 'strings', values: scalars.map((s) => s.name) },
          { kind: 'const', value: null },
          { kind: 'const', value: null },
          { kind: 'numbers', values: scalars.map((s) => s.value) },
          { kind: 'strings', values: scalars.map((s) => s.unit ?? null) },
        ],
      };
    }
  }
}
