import { type DecodedVariable, seriesTimes } from '@sportscloud/core';

export const CSV_HEADER = 'athleteId,measurementId,variable,unit,index,time,value';

/** Quotes a cell when needed, and defuses spreadsheet formulas in text cells (OWASP CSV injection). */
function cell(value: string): string {
  const safe = /^[=+@\t\r-]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

interface MeasurementLike {
  readonly athleteId?: number;
  readonly measurementId?: number;
  readonly startTime?: string;
  readonly variables?: readonly DecodedVariable[];
}

/**
 * Long-format CSV of decoded results, one row per scalar and one per sample, produced one variable
 * at a time so a large session streams instead of being built as one string.
 */
export function resultsCsvStream(measurements: readonly MeasurementLike[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const jobs: Array<() => string> = [() => `${CSV_HEADER}\n`];
  for (const m of measurements) {
    const prefix = `${m.athleteId ?? ''},${m.measurementId ?? ''}`;
    for (const v of m.variables ?? []) {
      jobs.push(() => {
        const head = `${prefix},${cell(v.name)},${cell(v.unit ?? '')}`;
        if (!('values' in v)) return `${head},,,${v.value}\n`;
        const times = m.startTime ? seriesTimes(v, m.startTime) : undefined;
        const rows: string[] = [];
        for (let i = 0; i < v.values.length; i++) {
          const t = times ? new Date(times[i]!).toISOString() : '';
          rows.push(`${head},${i},${t},${v.values[i]}`);
        }
        return rows.length ? `${rows.join('\n')}\n` : '';
      });
    }
  }
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const job = jobs[next++];
      if (!job) return controller.close();
      controller.enqueue(encoder.encode(job()));
    },
  });
}
