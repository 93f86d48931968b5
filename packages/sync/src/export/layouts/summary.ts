import { isTimeSeries } from '@sportscloud/core';
import type { Batch, Cells, Column } from '../table';
import { checkNoClash, summaryScalarColumns } from './columns';
import { countDropped, ID_COLUMNS, type ItemContext, idCells, type Layout } from './layout';

const START_COLUMNS: readonly Column[] = [
  { name: 'start_utc', type: 'utc' },
  { name: 'start_local', type: 'local' },
];

/** One row per item (measurement, session athlete or lap), one column per scalar: what an AMS imports. */
export class SummaryLayout implements Layout {
  readonly columns: readonly Column[];
  readonly dropped = new Map<string, number>();
  private readonly scalarColumn: Map<string, number>;

  constructor(variables: readonly string[] | undefined) {
    const scalars = summaryScalarColumns(variables);
    const fixed = [...ID_COLUMNS, ...START_COLUMNS];
    checkNoClash(fixed, scalars);
    this.columns = [...fixed, ...scalars.map((name): Column => ({ name, type: 'double' }))];
    this.scalarColumn = new Map(scalars.map((name, i) => [name, i]));
  }

  *rows({ item, offsetMs }: ItemContext): Iterable<Batch> {
    const start = new Float64Array([Date.parse(item.startTime)]);
    const cells: Cells[] = [
      ...idCells(item),
      { kind: 'times', ms: start },
      offsetMs === undefined ? { kind: 'const', value: null } : { kind: 'times', ms: start, offsetMs },
    ];
    const values: (number | null)[] = new Array(this.scalarColumn.size).fill(null);
    for (const variable of item.variables) {
      if (isTimeSeries(variable)) continue;
      const column = this.scalarColumn.get(variable.name);
      if (column === undefined) countDropped(this.dropped, variable.name);
      else values[column] ??= variable.value;
    }
    for (const value of values) cells.push({ kind: 'const', value });
    yield { length: 1, cells };
  }
}
