import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src';
import { csvField } from '../../src/export/formats/csv';
import { exportToBytes, readBack, smallItem } from './support';

const HOSTILE = [
  'comma, inside',
  'quote " inside',
  'line\nbreak',
  'carriage\rreturn',
  '"starts with quote',
  '=HYPERLINK("http://x","click")',
  '+1+2',
  '-2+3',
  '@SUM(A1)',
  '\tTab',
  'plain',
];

function hostileItems() {
  return HOSTILE.map((text, i) =>
    smallItem({
      accountId: text,
      measurementId: i,
      variables: [
        {
          name: 'heartRateSeries',
          unit: text,
          samplingRate: '1Hz',
          type: 'Unsigned',
          bits: 8,
          values: new Uint8Array([70]),
        },
      ],
    }),
  );
}

describe('CSV is RFC 4180 and safe to open in a spreadsheet', () => {
  it('quotes fields with commas, quotes and line breaks, and guards formula starts with a quote mark', async () => {
    const { bytes } = await exportToBytes(hostileItems(), { format: 'csv', layout: 'long' });
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    // A strict parser (no relaxed quotes, CRLF records) reads every field back.
    const records = parse(text, { record_delimiter: '\r\n' }) as string[][];
    expect(records).toHaveLength(HOSTILE.length + 1);
    HOSTILE.forEach((raw, i) => {
      const guarded = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
      const row = records[i + 1]!;
      expect(row[0]).toBe(guarded); // account_id
      expect(row[9]).toBe(guarded); // unit
      expect(row[8]).toBe('70'); // numbers are never prefixed
    });
    expect(text).toContain('"=HYPERLINK(""http://x"",""click"")"'.replace('"=', '"\'='));
  });

  it('writes string cells unchanged when the guard is off', async () => {
    const { bytes } = await exportToBytes(hostileItems(), {
      format: 'csv',
      layout: 'long',
      csvFormulaGuard: false,
    });
    const records = parse(new TextDecoder().decode(bytes), { record_delimiter: '\r\n' }) as string[][];
    expect(records.slice(1).map((r) => r[0])).toEqual(HOSTILE);
  });

  it('csvField', () => {
    expect(csvField('a,b', true)).toBe('"a,b"');
    expect(csvField('say "hi"', true)).toBe('"say ""hi"""');
    expect(csvField('=1+1', true)).toBe("'=1+1");
    expect(csvField('=1,1', true)).toBe('"\'=1,1"');
    expect(csvField('=1+1', false)).toBe('=1+1');
    expect(csvField('min⁻¹', true)).toBe('min⁻¹');
  });

  it('guards the header too: a variable named like a formula is a column name in the wide layout', async () => {
    const item = smallItem({
      variables: [
        { name: '=cmd', samplingRate: '1Hz', type: 'Float', bits: 64, values: new Float64Array([1]) },
      ],
    });
    const { bytes } = await exportToBytes([item], {
      format: 'csv',
      layout: 'wide',
      filter: { variables: ['=cmd'] },
    });
    const [header] = parse(new TextDecoder().decode(bytes), { record_delimiter: '\r\n' }) as string[][];
    expect(header!.at(-1)).toBe("'=cmd");
  });
});

describe.each(EXPORT_FORMATS)('%s: values that are not plain numbers', (format) => {
  it('keeps negative, tiny, huge, NaN and infinite values as each format can', async () => {
    const values = new Float64Array([
      -5,
      1e-300,
      1.7976931348623157e308,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0.1,
    ]);
    const item = smallItem({
      variables: [{ name: 'epocSeries', samplingRate: '1Hz', type: 'Float', bits: 64, values }],
    });
    const { bytes } = await exportToBytes([item], { format, layout: 'long' });
    const { rows } = await readBack(format, bytes);
    const got = rows.map((r) => r.value);
    // JSON has no NaN or infinity: NDJSON writes null for them.
    const expected =
      format === 'ndjson' ? [-5, 1e-300, 1.7976931348623157e308, null, null, -0.1] : Array.from(values);
    expect(got).toEqual(expected);
  });

  it('writes 64-bit integer series exactly where the format has the digits', async () => {
    const values = new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 5n]);
    const item = smallItem({
      variables: [{ name: 'big', samplingRate: '1Hz', type: 'Signed', bits: 64, values }],
    });
    const { bytes } = await exportToBytes([item], { format, layout: 'long' });
    if (format === 'parquet') {
      // The value column is DOUBLE: 64-bit integers beyond 2^53 are rounded (documented).
      const { rows } = await readBack(format, bytes);
      expect(rows.map((r) => r.value)).toEqual([-(2 ** 63), 2 ** 53, 5]);
      return;
    }
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('-9223372036854775808');
    expect(text).toContain('9007199254740993');
  });
});

describe.each(EXPORT_FORMATS)('%s: a beat series with a NaN interval', (format) => {
  it('long: beats from the NaN on have empty times; wide: they have no row', async () => {
    const intervals = new Float64Array([1000, Number.NaN, 1000]);
    const item = smallItem({
      variables: [
        { name: 'rriSeries', type: 'Float', bits: 64, values: intervals },
        {
          name: 'heartRateSeries',
          samplingRate: '1Hz',
          type: 'Unsigned',
          bits: 8,
          values: new Uint8Array([60, 61]),
        },
      ],
    });
    const long = await readBack(format, (await exportToBytes([item], { format, layout: 'long' })).bytes);
    const start = Date.parse('2026-01-05T10:00:00Z');
    expect(long.rows.filter((r) => r.variable === 'rriSeries').map((r) => r.time_utc)).toEqual([
      start + 1000,
      null,
      null,
    ]);
    const wide = await readBack(
      format,
      (
        await exportToBytes([item], {
          format,
          layout: 'wide',
          filter: { variables: ['heartRateSeries', 'rriSeries'] },
        })
      ).bytes,
    );
    expect(wide.rows.map((r) => [r.time_utc, r.heartRateSeries, r.rriSeries])).toEqual([
      [start, 60, null],
      [start + 1000, 61, 1000],
    ]);
  });
});
