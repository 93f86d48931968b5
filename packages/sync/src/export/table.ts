/**
 * The tabular model between layouts and formats. A layout describes its columns once and then emits
 * batches: a run of rows described column by column, so a series of 10,000 samples is one batch whose
 * constant columns (account, athlete, variable, …) are formatted once, not 10,000 times.
 */

/** `utc` is an instant; `local` is a wall-clock time with the item's UTC offset. */
export type ColumnType = 'string' | 'int' | 'double' | 'utc' | 'local';

export interface Column {
  name: string;
  type: ColumnType;
}

/** Numbers of a series. `index[row]` picks the sample of each row, `-1` for an empty cell. */
export interface NumberCells {
  kind: 'numbers';
  values: ArrayLike<number> | BigInt64Array | BigUint64Array;
  index?: Int32Array;
}

/** Times in epoch ms; for a `local` column the cell is `ms + offsetMs` shown with that offset. */
export interface TimeCells {
  kind: 'times';
  ms: Float64Array;
  /** For `local` columns: the item's offset, or `undefined` when the item has no local time (empty cells). */
  offsetMs?: number;
}

export interface StringCells {
  kind: 'strings';
  values: readonly (string | null)[];
}

/** The same value in every row of the batch (`null`: empty). */
export interface ConstCell {
  kind: 'const';
  value: string | number | null;
}

export type Cells = ConstCell | NumberCells | TimeCells | StringCells;

export interface Batch {
  length: number;
  /** One entry per column, in column order. */
  cells: Cells[];
}

/** The value of one cell, for writers that go row by row. `null` is an empty cell. */
export function cellValue(cells: Cells, row: number): string | number | bigint | null {
  switch (cells.kind) {
    case 'const':
      return cells.value;
    case 'strings':
      return cells.values[row] ?? null;
    case 'times':
      return cells.ms[row]!;
    case 'numbers': {
      const at = cells.index ? cells.index[row]! : row;
      return at < 0 ? null : cells.values[at]!;
    }
  }
}

/** What turns rows into bytes: one per format. */
export interface TableWriter {
  begin(columns: readonly Column[]): Promise<void>;
  write(batch: Batch): Promise<void>;
  /** Flushes and closes the output. */
  end(): Promise<void>;
}
