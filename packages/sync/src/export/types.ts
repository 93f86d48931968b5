import type { DecodedVariable } from '@sportscloud/core';

/**
 * One results item to export: the decoded variables of one measurement, one athlete's part of a
 * session, or one lap. The sync storage yields exactly this shape; {@link itemsFromApi} builds it from
 * the API directly.
 */
export interface ExportItem {
  consumerId: string;
  accountId: string;
  athleteId: number;
  measurementId?: number;
  sessionId?: number;
  lapId?: number;
  /** ISO 8601 UTC, the API's `startTime`. Sample times are counted from it. */
  startTime: string;
  /** The API's `startTimeLocal`: local wall time, usually with its numeric offset. */
  startTimeLocal?: string;
  /** Scalars `{ name, unit?, value }` and series `{ name, unit?, samplingRate?, type, bits, values }`. */
  variables: DecodedVariable[];
}

export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
/** `csv` (RFC 4180), `ndjson` (one JSON object per line) or `parquet` (snappy, in row groups). */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_LAYOUTS = ['long', 'wide', 'summary'] as const;
/**
 * - `long`: one row per sample (and one per scalar, with empty times).
 * - `wide`: one row per timestamp of one item, one column per series, aligned on the union of sample times.
 * - `summary`: one row per item, one column per scalar.
 */
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

/** A time bound: a Date, an ISO 8601 string or epoch milliseconds. */
export type TimeBound = Date | string | number;

/**
 * Which items and variables to export. Every filter is optional; an empty filter exports everything.
 * `from`/`to` select items by their `startTime` (`from` inclusive, `to` exclusive), not single samples.
 */
export interface ExportFilter {
  accounts?: readonly string[];
  athletes?: readonly number[];
  /**
   * Team ids. A results item carries no team, so this filter needs `teamMembers` here; a storage query
   * applies it on its own tables instead.
   */
  teams?: readonly string[];
  /** Athlete ids of each team in `teams`, keyed by team id. */
  teamMembers?: Readonly<Record<string, readonly number[]>> | ReadonlyMap<string, readonly number[]>;
  from?: TimeBound;
  to?: TimeBound;
  /** Variable names to keep. For `wide` and `summary` they are also the columns, in this order. */
  variables?: readonly string[];
}

/** Where the bytes go: a Web `WritableStream` (primary; see `toWebWritable` for Node `Writable`s). */
export type ExportOutput = WritableStream<Uint8Array>;

export interface ExportOptions {
  format: ExportFormat;
  layout: ExportLayout;
  filter?: ExportFilter;
  /**
   * CSV only: prefix string cells that start with `=`, `+`, `-`, `@`, tab or carriage return with `'`,
   * so spreadsheets do not run them as formulas (OWASP CSV injection). Default true.
   */
  csvFormulaGuard?: boolean;
  /** Parquet only: rows per row group, 1,000 to 1,000,000 (default 20,000). Memory holds one row group. */
  rowGroupSize?: number;
  /** Stop early; the output is aborted. */
  signal?: AbortSignal;
}

/** What an export wrote. */
export interface ExportStats {
  /** Items read from the source (before filters). */
  itemsRead: number;
  /** Items exported (after filters). */
  items: number;
  /** Rows written (the header not counted). */
  rows: number;
  /** Series samples written. */
  samples: number;
  /** Bytes written to the output. */
  bytes: number;
  /** Items whose `startTimeLocal` was missing or unreadable: their local times are empty. */
  itemsWithoutLocalTime: number;
  /**
   * `wide` and `summary` only: variables of exported items that had no column (not in `filter.variables`
   * or, without it, not among the variables the SDK knows), with how many items had them.
   */
  droppedVariables: Record<string, number>;
}
