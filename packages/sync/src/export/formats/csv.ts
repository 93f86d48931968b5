import type { ByteOutput } from '../output';
import type { Batch, Column, TableWriter } from '../table';
import { TextCells } from './text-cells';

const NEEDS_QUOTES = /[",\r\n]/;
/** Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quotes a field as RFC 4180 asks (when it holds a comma, a quote or a line break, doubling quotes), and
 * with `guard`, prefixes `'` to a string that a spreadsheet would run as a formula.
 */
export function csvField(value: string, guard: boolean): string {
  const text = guard && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV: a header row, CRLF line ends, UTF-8. Numbers are written in JavaScript's shortest
 * round-trip form; NaN and infinities as `NaN`, `Infinity`, `-Infinity`; empty cells as nothing.
 */
export class CsvWriter implements TableWriter {
  private columns: readonly Column[] = [];
  private readonly cells: TextCells;

  constructor(
    private readonly out: ByteOutput,
    private readonly guard: boolean,
  ) {
    this.cells = new TextCells({
      string: (value) => csvField(value, guard),
      number: (value) => String(value),
      nonFinite: (value) => String(value),
      time: (iso) => iso,
      empty: '',
    });
  }

  async begin(columns: readonly Column[]): Promise<void> {
    this.columns = columns;
    await this.out.writeText(`${columns.map((c) => csvField(c.name, this.guard)).join(',')}\r\n`);
  }

  async write(batch: Batch): Promise<void> {
    const render = this.cells.renderers(this.columns, batch);
    const last = render.length - 1;
    for (let row = 0; row < batch.length; row++) {
      let line = '';
      for (let c = 0; c < last; c++) line += `${render[c]!(row)},`;
      const pending = this.out.writeText(`${line}${render[last]!(row)}\r\n`);
      if (pending) await pending;
    }
  }

  async end(): Promise<void> {
    await this.out.close();
  }
}
