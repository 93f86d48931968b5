import { describe, expect, it } from 'vitest';
import { dailyLoad, localDate } from '../src/load';

describe('training load from TRIMP', () => {
  it('bins by the local date the API sent, else the UTC date', () => {
    expect(localDate('2025-03-01T23:30:00.000Z', '2025-03-02T01:30:00+02:00')).toBe('2025-03-02');
    expect(localDate('2025-03-01T23:30:00.000Z')).toBe('2025-03-01');
  });

  it('sums daily TRIMP, the 7-day acute load and the 28-day chronic load ÷ 4, null before enough history', () => {
    // 100 TRIMP a day from 2025-01-01 to 02-10, two sessions of 50 on 2025-02-10, one unanalysed on 02-11.
    const rows = [];
    for (let d = 0; d < 41; d++) {
      const day = new Date(Date.UTC(2025, 0, 1 + d, 10)).toISOString();
      if (day.startsWith('2025-02-10')) {
        rows.push({ startTime: day, trimp: 50 }, { startTime: day, trimp: 50 });
      } else rows.push({ startTime: day, trimp: 100 });
    }
    const days = dailyLoad(
      rows,
      [{ startTime: '2025-02-11T09:00:00.000Z' }],
      { from: '2025-01-05', to: '2025-02-12' },
      '2025-01-01',
    );
    expect(days[0]).toMatchObject({ date: '2025-01-05', trimp: 100, acute: null, chronic: null });
    expect(days.find((d) => d.date === '2025-01-07')).toMatchObject({ acute: 700, chronic: null });
    expect(days.find((d) => d.date === '2025-01-28')).toMatchObject({ acute: 700, chronic: 700 });
    expect(days.find((d) => d.date === '2025-02-10')).toMatchObject({ trimp: 100, analysed: 2 });
    expect(days.find((d) => d.date === '2025-02-11')).toMatchObject({ trimp: 0, analysed: 0, unanalysed: 1 });
    // The last data is on 02-10: 02-06…02-10 in the week, 01-16…02-10 in the 28 days.
    expect(days.at(-1)).toMatchObject({ date: '2025-02-12', trimp: 0, acute: 500, chronic: 650 });
    expect(days).toHaveLength(39);
  });
});
