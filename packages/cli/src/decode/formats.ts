import type { Cell } from './long-rows';

export const DECODE_FORMATS = ['csv', 'ndjson'] as const;
export type DecodeFormat = (typeof DECODE_FORMATS)[number];

/** Turns rows into text lines of one format. */
export interface RowFormatter {
  header(columns: readonly string[]): string;
  row(cells: readonly Cell[]): string;
}

const NEEDS_QUOTES = /[",\r\n]/;
/** Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: header row, CRLF line ends; numbers in JavaScript's shortest round-trip form. */
export const csv: RowFormatter = {
  header: (columns) => `${columns.map(csvField).join(',')}\r\n`,
  row: (cells) => `${cells.map(csvField).join(',')}\r\n`,
};

/** One JSON object per line; NaN and infinities (which JSON cannot hold) and empty cells are null. */
export function ndjson(columns: readonly string[]): RowFormatter {
  return {
    header: () => '',
    row(cells) {
      const object: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) {
        const cell = cells[c] ?? null;
        object[columns[c]!] =
          typeof cell === 'bigint'
            ? cell.toString()
            : typeof cell === 'number' && !Number.isFinite(cell)
              ? null
              : cell;
      }
      return `${JSON.stringify(object)}\n`;
    },
  };
}
