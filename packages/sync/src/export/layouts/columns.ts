import { DEFAULT_RESULT_SERIES, ON_REQUEST_RESULT_SERIES, RESULT_SCALARS } from '@sportscloud/core';
import { ExportOptionError } from '../errors';
import type { Column } from '../table';

/** Series without a sampling rate: one value per heartbeat, at irregular times. */
export const BEAT_SERIES: ReadonlySet<string> = new Set(['artifactCorrectedRrVector', 'rriSeries']);
const KNOWN_SERIES: ReadonlySet<string> = new Set([...DEFAULT_RESULT_SERIES, ...ON_REQUEST_RESULT_SERIES]);
const KNOWN_SCALARS: ReadonlySet<string> = new Set(RESULT_SCALARS);

/**
 * The series columns of the wide layout: the caller's variables that are not known scalars, or else
 * every series the SDK knows except the beat-to-beat ones (their irregular times would add a row per
 * heartbeat; name them in `filter.variables` to get them).
 */
export function wideSeriesColumns(variables: readonly string[] | undefined): string[] {
  if (variables) return variables.filter((name) => !KNOWN_SCALARS.has(name));
  return [...KNOWN_SERIES].filter((name) => !BEAT_SERIES.has(name));
}

/** The scalar columns of the summary layout: the caller's variables that are not known series, or every known scalar. */
export function summaryScalarColumns(variables: readonly string[] | undefined): string[] {
  if (variables) return variables.filter((name) => !KNOWN_SERIES.has(name));
  return [...RESULT_SCALARS];
}

/** Fails when a variable column would share its name with a fixed column. */
export function checkNoClash(fixed: readonly Column[], variables: readonly string[]): void {
  const names = new Set(fixed.map((c) => c.name));
  for (const name of variables) {
    if (names.has(name)) {
      throw new ExportOptionError(
        'filter.variables',
        `${JSON.stringify(name)} clashes with a fixed column name`,
      );
    }
  }
}
