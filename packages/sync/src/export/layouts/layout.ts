import type { Batch, Column } from '../table';
import type { ExportItem } from '../types';

/** An item's identity and clock, shared by every layout. */
export interface ItemContext {
  item: ExportItem;
  /** `undefined` when the item has no usable local time. */
  offsetMs: number | undefined;
}

/** Turns items into rows of a fixed set of columns. */
export interface Layout {
  readonly columns: readonly Column[];
  /** Rows of one item, in batches. */
  rows(context: ItemContext): Iterable<Batch>;
  /** Variables that had no column, with the number of items that had them. */
  readonly dropped: Map<string, number>;
}

export const ID_COLUMNS: readonly Column[] = [
  { name: 'account_id', type: 'string' },
  { name: 'athlete_id', type: 'int' },
  { name: 'measurement_id', type: 'int' },
  { name: 'session_id', type: 'int' },
  { name: 'lap_id', type: 'int' },
];

/** The id cells of an item, in {@link ID_COLUMNS} order. */
export function idCells(item: ExportItem): Batch['cells'] {
  return [
    { kind: 'const', value: item.accountId },
    { kind: 'const', value: item.athleteId },
    { kind: 'const', value: item.measurementId ?? null },
    { kind: 'const', value: item.sessionId ?? null },
    { kind: 'const', value: item.lapId ?? null },
  ];
}

export function countDropped(dropped: Map<string, number>, name: string): void {
  dropped.set(name, (dropped.get(name) ?? 0) + 1);
}
