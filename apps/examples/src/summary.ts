import type { DecodedVariable, TimeSeriesVariable } from '@sportscloud/core';

export interface AthleteSummary {
  athleteId: number;
  durationMin: number | undefined;
  averageHr: number | undefined;
  trimp: number | undefined;
  series: Record<string, number>;
}

interface ResultLike {
  athleteId: number;
  startTime?: string;
  endTime?: string;
  variables?: readonly DecodedVariable[];
}

function isSeries(v: DecodedVariable): v is TimeSeriesVariable {
  return 'values' in v;
}

function scalar(variables: readonly DecodedVariable[], name: string): number | undefined {
  const found = variables.find((v) => v.name === name && !isSeries(v));
  return found && !isSeries(found) ? found.value : undefined;
}

function seriesMean(variables: readonly DecodedVariable[], name: string): number | undefined {
  const found = variables.find((v) => v.name === name);
  if (!found || !isSeries(found) || found.values.length === 0) return undefined;
  let sum = 0;
  for (const x of found.values) sum += Number(x);
  return sum / found.values.length;
}

function seriesLast(variables: readonly DecodedVariable[], name: string): number | undefined {
  const found = variables.find((v) => v.name === name);
  return found && isSeries(found) && found.values.length > 0
    ? Number(found.values[found.values.length - 1])
    : undefined;
}

/** Duration, average HR, TRIMP (scalars when present, else derived from the series) and series lengths. */
export function summarise(result: ResultLike): AthleteSummary {
  const variables = result.variables ?? [];
  const start = result.startTime ? Date.parse(result.startTime) : Number.NaN;
  const end = result.endTime ? Date.parse(result.endTime) : Number.NaN;
  return {
    athleteId: result.athleteId,
    durationMin: Number.isFinite(end - start) ? (end - start) / 60_000 : undefined,
    averageHr: scalar(variables, 'heartRateAverage') ?? seriesMean(variables, 'heartRateSeries'),
    trimp: scalar(variables, 'trimp') ?? seriesLast(variables, 'trimpSeries'),
    series: Object.fromEntries(variables.filter(isSeries).map((s) => [s.name, s.values.length])),
  };
}

const fmt = (x: number | undefined, digits = 0) => (x === undefined ? '–' : x.toFixed(digits));

export function formatSummary(s: AthleteSummary, name: string): string {
  const series = Object.entries(s.series)
    .map(([n, len]) => `${n}=${len}`)
    .join(' ');
  return `    ${name.padEnd(24)} ${fmt(s.durationMin).padStart(4)} min  avg HR ${fmt(s.averageHr).padStart(3)}  TRIMP ${fmt(s.trimp, 1).padStart(6)}  ${series}`;
}
