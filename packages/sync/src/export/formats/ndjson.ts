import type { ByteOutput } from '../output';
import type { Batch, Column, TableWriter } from '../table';
import { TextCells } from './text-cells';

/**
 * Newline-delimited JSON: one object per row with every column as a key (`null` for an empty cell),
 * LF line ends. JSON has no NaN or infinity: those are `null` too. Times are ISO 8601 strings.
 */
export class NdjsonWriter implements TableWriter {
  private columns: readonly Column[] = [];
  private keys: string[] = [];
  private readonly cells = new TextCells({
    string: (value) => JSON.stringify(value),
    number: (value) => String(value),
    nonFinite: () => 'null',
    time: (iso) => `"${iso}"`,
    empty: 'null',
  });

  constructor(private readonly out: ByteOutput) {}

  async begin(columns: readonly Column[]): Promise<void> {
    this.columns = columns;
    this.keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  }

  async write(batch: Batch): Promise<void> {
    const render = this.cells.renderers(this.columns, batch);
    const keys = this.keys;
    for (let row = 0; row < batch.length; row++) {
      let line = '';
      for (let c = 0; c < render.length; c++) line += keys[c]! + render[c]!(row);
      const pending = this.out.writeText(`${line}}\n`);
      if (pending) await pending;
    }
  }

  async end(): Promise<void> {
    await this.out.close();
  }
}
