import { describe, expect, it } from 'vitest';
import { type ExportFilter, type ExportItem, exportResults, localOffsetMs } from '../../src';
import { exportToBytes, readBack, smallItem } from './support';

const ITEMS: ExportItem[] = [
  smallItem({ accountId: '1-1', athleteId: 1, measurementId: 11, startTime: '2026-01-01T08:00:00Z' }),
  smallItem({ accountId: '1-1', athleteId: 2, measurementId: 12, startTime: '2026-01-02T08:00:00Z' }),
  smallItem({ accountId: '2-1', athleteId: 3, measurementId: 13, startTime: '2026-01-03T08:00:00Z' }),
  smallItem({
    accountId: '2-1',
    athleteId: 4,
    measurementId: undefined,
    sessionId: 99,
    lapId: 5,
    startTime: '2026-01-04T08:00:00Z',
  }),
];

async function exported(filter: ExportFilter) {
  const { bytes, stats } = await exportToBytes(ITEMS, { format: 'ndjson', layout: 'summary', filter });
  const { rows } = await readBack('ndjson', bytes);
  return { ids: rows.map((r) => r.athlete_id), stats, rows };
}

describe('filters on items', () => {
  it.each<[string, ExportFilter, number[]]>([
    ['no filter', {}, [1, 2, 3, 4]],
    ['accounts', { accounts: ['2-1'] }, [3, 4]],
    ['athletes', { athletes: [2, 4, 999] }, [2, 4]],
    ['teams through their members', { teams: ['a', 'b'], teamMembers: { a: [1], b: [3], c: [4] } }, [1, 3]],
    ['teams with a Map', { teams: ['c'], teamMembers: new Map([['c', [4]]]) }, [4]],
    ['from (inclusive)', { from: '2026-01-02T08:00:00Z' }, [2, 3, 4]],
    ['to (exclusive)', { to: new Date('2026-01-03T08:00:00Z') }, [1, 2]],
    ['range as epoch ms', { from: Date.parse('2026-01-02Z'), to: Date.parse('2026-01-04Z') }, [2, 3]],
    ['all together', { accounts: ['1-1', '2-1'], athletes: [1, 2, 3], from: '2026-01-02Z' }, [2, 3]],
  ])('%s', async (_, filter, athletes) => {
    const { ids, stats } = await exported(filter);
    expect(ids).toEqual(athletes);
    expect(stats.itemsRead).toBe(4);
    expect(stats.items).toBe(athletes.length);
  });

  it('variables: only the named ones, in the long layout too', async () => {
    const { bytes, stats } = await exportToBytes(ITEMS, {
      format: 'ndjson',
      layout: 'long',
      filter: { variables: ['trimp'] },
    });
    const { rows } = await readBack('ndjson', bytes);
    expect(rows.map((r) => r.variable)).toEqual(['trimp', 'trimp', 'trimp', 'trimp']);
    expect(stats.samples).toBe(0);
  });

  it('variables: the summary columns are the named scalars in the given order', async () => {
    const { bytes } = await exportToBytes(ITEMS.slice(0, 1), {
      format: 'csv',
      layout: 'summary',
      filter: { variables: ['trimp', 'heartRateSeries', 'rmssd', 'trimp'] },
    });
    const { columns, rows } = await readBack('csv', bytes);
    // heartRateSeries is a series: not a summary column. Duplicates collapse.
    expect(columns.slice(7)).toEqual(['trimp', 'rmssd']);
    expect(rows[0]).toMatchObject({ trimp: 12.5, rmssd: null });
  });

  it('reports variables that had no column instead of dropping them silently', async () => {
    const item = smallItem({
      variables: [
        { name: 'brandNewScalar', value: 1 },
        {
          name: 'brandNewSeries',
          samplingRate: '1Hz',
          type: 'Float',
          bits: 32,
          values: new Float32Array([1]),
        },
        { name: 'trimp', value: 2 },
      ],
    });
    const summary = await exportToBytes([item, item], { format: 'csv', layout: 'summary' });
    expect(summary.stats.droppedVariables).toEqual({ brandNewScalar: 2 });
    const wide = await exportToBytes([item], { format: 'csv', layout: 'wide' });
    expect(wide.stats.droppedVariables).toEqual({ brandNewSeries: 1 });
    // Named in the filter, an unknown variable is a column.
    const named = await exportToBytes([item], {
      format: 'csv',
      layout: 'summary',
      filter: { variables: ['brandNewScalar'] },
    });
    expect((await readBack('csv', named.bytes)).rows[0]).toMatchObject({ brandNewScalar: 1 });
  });

  it('ids: measurement, session and lap are empty when the item has none', async () => {
    const { rows } = await exported({ athletes: [4] });
    expect(rows[0]).toMatchObject({ measurement_id: null, session_id: 99, lap_id: 5 });
  });
});

describe('local time from the API …Local field', () => {
  it.each<[string | undefined, number | undefined]>([
    ['2026-01-05T12:00:00+02:00', 2 * 3_600_000],
    ['2026-01-05T05:30:00-04:30', -4.5 * 3_600_000],
    ['2026-01-05T10:00:00Z', 0],
    ['2026-01-05T12:00:00', 2 * 3_600_000], // no offset suffix: the wall time alone decides
    ['2026-01-05T12:00:00.000+02:00', 2 * 3_600_000],
    [undefined, undefined],
    ['garbage', undefined],
    ['2026-01-07T10:00:00+48:00', undefined], // more than any real zone
  ])('%s', (local, offset) => {
    expect(localOffsetMs('2026-01-05T10:00:00Z', local)).toBe(offset);
  });

  it('applies the start offset to every sample and leaves local times empty without one', async () => {
    const items = [
      smallItem({ startTimeLocal: '2026-01-05T05:30:00-04:30' }),
      smallItem({ startTimeLocal: undefined, measurementId: 101 }),
    ];
    const chunks: string[] = [];
    const text = new WritableStream<Uint8Array>({
      write: (c) => void chunks.push(new TextDecoder().decode(c)),
    });
    const stats = await exportResults(items, text, { format: 'csv', layout: 'long' });
    const lines = chunks.join('').split('\r\n');
    expect(lines[1]).toBe(
      '1-1,7,100,,,heartRateSeries,2026-01-05T10:00:00.000Z,2026-01-05T05:30:00.000-04:30,60,min⁻¹',
    );
    expect(lines[3]).toBe(
      '1-1,7,100,,,heartRateSeries,2026-01-05T10:00:02.000Z,2026-01-05T05:30:02.000-04:30,62,min⁻¹',
    );
    expect(lines[4]).toBe('1-1,7,100,,,trimp,,,12.5,');
    expect(lines[5]).toBe('1-1,7,101,,,heartRateSeries,2026-01-05T10:00:00.000Z,,60,min⁻¹');
    expect(stats.itemsWithoutLocalTime).toBe(1);
  });
});

describe('start times', () => {
  it('a zone-less startTime is UTC, as the API documents its …Time fields', async () => {
    const { bytes } = await exportToBytes([smallItem({ startTime: '2026-01-05T10:00:00' })], {
      format: 'ndjson',
      layout: 'long',
    });
    const first = JSON.parse(new TextDecoder().decode(bytes).split('\n')[0]!);
    expect(first.time_utc).toBe('2026-01-05T10:00:00.000Z');
    expect(first.time_local).toBe('2026-01-05T12:00:00.000+02:00');
  });
});
