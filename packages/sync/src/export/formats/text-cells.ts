import type { Batch, Cells, Column } from '../table';
import { IsoFormatter, offsetSuffix } from '../timing';

/**
 * Renders the cells of a batch as text, column by column, for the CSV and NDJSON writers. Each writer
 * says how a string, a number and an empty cell look; constant cells are rendered once per batch.
 */
export interface TextStyle {
  string(value: string): string;
  /** A finite number, or a bigint. */
  number(value: number | bigint): string;
  /** NaN, Infinity or -Infinity. */
  nonFinite(value: number): string;
  /** An ISO 8601 time (already a string). */
  time(iso: string): string;
  empty: string;
}

/** A renderer for one column of one batch: row index → text. */
export type CellRenderer = (row: number) => string;

export class TextCells {
  private readonly iso = new IsoFormatter();

  constructor(private readonly style: TextStyle) {}

  renderers(columns: readonly Column[], batch: Batch): CellRenderer[] {
    return batch.cells.map((cells, c) => this.renderer(columns[c]!, cells));
  }

  value(value: string | number | bigint | null): string {
    const style = this.style;
    if (value === null) return style.empty;
    if (typeof value === 'string') return style.string(value);
    if (typeof value === 'number' && !Number.isFinite(value)) return style.nonFinite(value);
    return style.number(value);
  }

  private renderer(column: Column, cells: Cells): CellRenderer {
    const style = this.style;
    switch (cells.kind) {
      case 'const': {
        const text = this.value(cells.value);
        return () => text;
      }
      case 'strings': {
        const values = cells.values;
        return (row) => this.value(values[row] ?? null);
      }
      case 'times': {
        const { ms } = cells;
        const iso = this.iso;
        // A time that is not finite (a beat after a NaN interval) is an empty cell.
        if (column.type === 'local' && cells.offsetMs !== undefined) {
          const offset = cells.offsetMs;
          const suffix = offsetSuffix(offset);
          return (row) =>
            Number.isFinite(ms[row]) ? style.time(iso.format(ms[row]! + offset, suffix)) : style.empty;
        }
        return (row) => (Number.isFinite(ms[row]) ? style.time(iso.format(ms[row]!, 'Z')) : style.empty);
      }
      case 'numbers': {
        const { values, index } = cells;
        const one = (v: number | bigint) =>
          typeof v === 'number' && !Number.isFinite(v) ? style.nonFinite(v) : style.number(v);
        if (index) {
          return (row) => {
            const at = index[row]!;
            return at < 0 ? style.empty : one(values[at]!);
          };
        }
        return (row) => one(values[row]!);
      }
    }
  }
}
