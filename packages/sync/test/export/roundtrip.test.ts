import {
  beatTimes,
  isTimeSeries,
  RESULT_SCALARS,
  type ScalarVariable,
  sampleTimes,
  type TimeSeriesVariable,
} from '@sportscloud/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type ExportItem } from '../../src';
import { exportToBytes, type Row, readBack, realSampleItems, SAMPLE_OFFSETS_MIN } from './support';

// Every expectation below comes from core's decode of the four real API responses and core's time
// helpers, never from the exporter's own code.

let items: ExportItem[];
beforeAll(async () => {
  items = await realSampleItems();
});

function timesOf(series: TimeSeriesVariable, startTime: string): number[] {
  const times =
    series.samplingRate === undefined ? beatTimes(series, startTime) : sampleTimes(series, startTime);
  return Array.from(times, (t) => Math.round(t));
}

function offsetMs(n: number): number | null {
  const offset = SAMPLE_OFFSETS_MIN[n];
  return offset === undefined ? null : offset * 60_000;
}

function ids(item: ExportItem): Row {
  return {
    account_id: item.accountId,
    athlete_id: item.athleteId,
    measurement_id: item.measurementId ?? null,
    session_id: item.sessionId ?? null,
    lap_id: item.lapId ?? null,
  };
}

function expectedLong(): Row[] {
  const rows: Row[] = [];
  items.forEach((item, n) => {
    const offset = offsetMs(n);
    const scalars: ScalarVariable[] = [];
    for (const v of item.variables) {
      if (!isTimeSeries(v)) {
        scalars.push(v);
        continue;
      }
      timesOf(v, item.startTime).forEach((t, i) => {
        rows.push({
          ...ids(item),
          variable: v.name,
          time_utc: t,
          time_local: offset === null ? null : t + offset,
          value: Number(v.values[i]),
          unit: v.unit ?? null,
        });
      });
    }
    for (const s of scalars) {
      rows.push({
        ...ids(item),
        variable: s.name,
        time_utc: null,
        time_local: null,
        value: s.value,
        unit: s.unit ?? null,
      });
    }
  });
  return rows;
}

describe.each(EXPORT_FORMATS)('%s export of the four real samples', (format) => {
  it('long: one row per sample and scalar, every value, time and unit equal to core decode', async () => {
    const { bytes, stats } = await exportToBytes(items, { format, layout: 'long' });
    const { columns, rows } = await readBack(format, bytes);
    expect(columns).toEqual([
      'account_id',
      'athlete_id',
      'measurement_id',
      'session_id',
      'lap_id',
      'variable',
      'time_utc',
      'time_local',
      'value',
      'unit',
    ]);
    const expected = expectedLong();
    const samples = expected.filter((r) => r.time_utc !== null).length;
    expect(rows.length).toBe(expected.length);
    // Row by row, so a failure names the first row that differs instead of printing 100,000 rows.
    for (let i = 0; i < expected.length; i++) {
      if (JSON.stringify(rows[i]) !== JSON.stringify(expected[i]))
        expect({ row: i, ...rows[i] }).toEqual({ row: i, ...expected[i] });
    }
    expect(stats).toMatchObject({
      itemsRead: 4,
      items: 4,
      rows: expected.length,
      samples,
      bytes: bytes.byteLength,
    });
    expect(stats.itemsWithoutLocalTime).toBe(1);
    expect(samples).toBe(87_319);
  });

  it('wide: one row per timestamp of the union, each sample in exactly its cell', async () => {
    const { bytes } = await exportToBytes(items, { format, layout: 'wide' });
    const { columns, rows } = await readBack(format, bytes);
    const seriesColumns = columns.slice(7);
    expect(columns.slice(0, 7)).toEqual([
      'account_id',
      'athlete_id',
      'measurement_id',
      'session_id',
      'lap_id',
      'time_utc',
      'time_local',
    ]);
    // Beat-to-beat series are left out unless asked for.
    expect(seriesColumns).not.toContain('rriSeries');
    expect(seriesColumns).toContain('heartRateSeries');

    let at = 0;
    items.forEach((item, n) => {
      const offset = offsetMs(n);
      const byTime = new Map<number, Map<string, number>>();
      for (const v of item.variables) {
        if (!isTimeSeries(v) || !seriesColumns.includes(v.name)) continue;
        timesOf(v, item.startTime).forEach((t, i) => {
          const cells = byTime.get(t) ?? new Map<string, number>();
          expect(cells.has(v.name)).toBe(false);
          cells.set(v.name, Number(v.values[i]));
          byTime.set(t, cells);
        });
      }
      const times = [...byTime.keys()].sort((a, b) => a - b);
      for (const t of times) {
        const expected: Row = { ...ids(item), time_utc: t, time_local: offset === null ? null : t + offset };
        for (const name of seriesColumns) expected[name] = byTime.get(t)!.get(name) ?? null;
        const row = rows[at++];
        if (JSON.stringify(row) !== JSON.stringify(expected))
          expect({ at, ...row }).toEqual({ at, ...expected });
      }
    });
    expect(at).toBe(rows.length);
  });

  it('wide: beat series named in the filter are aligned by beat time', async () => {
    const only = items.slice(2, 3); // sample 03: short, regular and beat series
    const variables = ['heartRateSeries', 'rriSeries'];
    const { bytes } = await exportToBytes(only, { format, layout: 'wide', filter: { variables } });
    const { columns, rows } = await readBack(format, bytes);
    expect(columns.slice(7)).toEqual(variables);
    const item = only[0]!;
    for (const name of variables) {
      const series = item.variables.find((v) => v.name === name) as TimeSeriesVariable;
      const times = timesOf(series, item.startTime);
      const got = rows.filter((r) => r[name] !== null);
      expect(got.map((r) => r.time_utc)).toEqual(times);
      expect(got.map((r) => r[name])).toEqual(Array.from(series.values, Number));
    }
    const union = new Set(
      variables.flatMap((name) =>
        timesOf(item.variables.find((v) => v.name === name) as TimeSeriesVariable, item.startTime),
      ),
    );
    expect(rows.length).toBe(union.size);
  });

  it('summary: one row per item, one column per known scalar', async () => {
    const { bytes, stats } = await exportToBytes(items, { format, layout: 'summary' });
    const { columns, rows } = await readBack(format, bytes);
    expect(columns).toEqual([
      'account_id',
      'athlete_id',
      'measurement_id',
      'session_id',
      'lap_id',
      'start_utc',
      'start_local',
      ...RESULT_SCALARS,
    ]);
    expect(rows.length).toBe(items.length);
    items.forEach((item, n) => {
      const start = Date.parse(item.startTime);
      const offset = offsetMs(n);
      const expected: Row = {
        ...ids(item),
        start_utc: start,
        start_local: offset === null ? null : start + offset,
      };
      for (const name of RESULT_SCALARS) expected[name] = null;
      for (const v of item.variables) if (!isTimeSeries(v)) expected[v.name] = v.value;
      expect(rows[n]).toEqual(expected);
    });
    // Sample 04 has 61 scalars, all documented ones.
    expect(rows[3]!.trimp).toBe(125.35833740234376);
    expect(stats.droppedVariables).toEqual({});
  });
});
