// core and sync take about half a second to import (schemas, Parquet, database drivers): the CLI loads
// them when a command needs them, so `--help`, `--version` and usage errors answer at once.
export const loadCore = () => import('@sportscloud/core');
export const loadSync = () => import('@sportscloud/sync');

/** The output formats and layouts of @sportscloud/sync's export, for help texts (checked against it in a test). */
export const FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export const LAYOUTS = ['long', 'wide', 'summary'] as const;
