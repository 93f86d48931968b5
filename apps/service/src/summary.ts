import type { DecodedVariable } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';

/** One line per athlete over every stored session/measurement result (laps left out). */
export interface AthleteSummary {
  accountId: string;
  athleteId: number;
  name: string;
  sessions: number;
  durationMin: number;
  averageHr?: number;
  trimp: number;
}

const scalar = (vars: readonly DecodedVariable[], name: string) => {
  const v = vars.find((x) => x.name === name);
  return v && 'value' in v && typeof v.value === 'number' ? v.value : undefined;
};

function meanOfSeries(
  vars: readonly DecodedVariable[],
  name: string,
): { sum: number; n: number } | undefined {
  const v = vars.find((x) => x.name === name);
  if (!v || !('values' in v) || v.values.length === 0) return undefined;
  let sum = 0;
  let n = 0;
  const values = v.values as ArrayLike<number | bigint>;
  for (let i = 0; i < values.length; i++) {
    const value = Number(values[i]);
    if (value > 0) {
      sum += value;
      n++;
    }
  }
  return n ? { sum, n } : undefined;
}

export async function summarise(
  storage: PostgresStorage,
  names: Map<string, string>,
): Promise<AthleteSummary[]> {
  const byAthlete = new Map<string, AthleteSummary & { hrSum: number; hrN: number }>();
  for await (const r of storage.readResults({
    includeLaps: false,
    variables: ['trimp', 'heartRateAverage', 'heartRateSeries'],
  })) {
    const key = `${r.accountId}/${r.athleteId}`;
    let s = byAthlete.get(key);
    if (!s) {
      s = {
        accountId: r.accountId,
        athleteId: r.athleteId,
        name: names.get(key) ?? `athlete ${r.athleteId}`,
        sessions: 0,
        durationMin: 0,
        trimp: 0,
        hrSum: 0,
        hrN: 0,
      };
      byAthlete.set(key, s);
    }
    s.sessions++;
    if (r.endTime) s.durationMin += (Date.parse(r.endTime) - Date.parse(r.startTime)) / 60_000;
    s.trimp += scalar(r.variables, 'trimp') ?? 0;
    const hr = meanOfSeries(r.variables, 'heartRateSeries');
    if (hr) {
      s.hrSum += hr.sum;
      s.hrN += hr.n;
    }
  }
  return [...byAthlete.values()]
    .map(({ hrSum, hrN, ...s }) => ({ ...s, ...(hrN ? { averageHr: hrSum / hrN } : {}) }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.athleteId - b.athleteId);
}

export function formatSummary(rows: readonly AthleteSummary[]): string {
  if (rows.length === 0) return 'No results stored yet.';
  const lines = [
    `${'account'.padEnd(8)} ${'athlete'.padEnd(24)} ${'sessions'.padStart(8)} ${'duration'.padStart(9)} ${'avg HR'.padStart(6)} ${'TRIMP'.padStart(7)}`,
  ];
  for (const r of rows) {
    const hours = Math.floor(r.durationMin / 60);
    const minutes = Math.round(r.durationMin % 60);
    lines.push(
      `${r.accountId.padEnd(8)} ${r.name.slice(0, 24).padEnd(24)} ${String(r.sessions).padStart(8)} ${`${hours} h ${String(minutes).padStart(2, '0')} m`.padStart(9)} ${(r.averageHr === undefined ? '–' : r.averageHr.toFixed(0)).padStart(6)} ${r.trimp.toFixed(1).padStart(7)}`,
    );
  }
  return lines.join('\n');
}
