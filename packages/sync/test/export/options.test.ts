import { InvalidArgumentError, isSportsCloudError } from '@sportscloud/core';
import { describe, expect, it } from 'vitest';
import { ExportOptionError, type ExportOptions, exportResults } from '../../src';
import { smallItem } from './support';

async function optionError(options: unknown): Promise<ExportOptionError> {
  const stream = new WritableStream<Uint8Array>();
  const error = await exportResults([smallItem()], stream, options as ExportOptions).then(
    () => undefined,
    (e: unknown) => e,
  );
  // Options are checked before the output is touched: the caller can still use or close it.
  expect(stream.locked).toBe(false);
  expect(error).toBeInstanceOf(ExportOptionError);
  return error as ExportOptionError;
}

describe('bad options get a typed error naming the option', () => {
  it.each([
    [{ format: 'xlsx', layout: 'long' }, 'format', /csv, ndjson, parquet; got "xlsx"/],
    [{ layout: 'long' }, 'format', /got undefined/],
    [{ format: 'csv', layout: 'tall' }, 'layout', /long, wide, summary; got "tall"/],
    [{ format: 'csv', layout: 'long', rowGroupSize: 10 }, 'rowGroupSize', /1000 to 1000000, got 10/],
    [{ format: 'csv', layout: 'long', rowGroupSize: 2.5e3 + 0.5 }, 'rowGroupSize', /integer/],
    [{ format: 'csv', layout: 'long', csvFormulaGuard: 'yes' }, 'csvFormulaGuard', /boolean/],
    [
      { format: 'csv', layout: 'long', filter: { from: 'yesterday' } },
      'filter.from',
      /not a valid time: "yesterday"/,
    ],
    [{ format: 'csv', layout: 'long', filter: { to: Number.NaN } }, 'filter.to', /not a valid time/],
    [{ format: 'csv', layout: 'long', filter: { to: new Date('nope') } }, 'filter.to', /Invalid Date/],
    [
      { format: 'csv', layout: 'long', filter: { from: '2026-02-01Z', to: '2026-01-01Z' } },
      'filter.to',
      /must be after filter.from \(2026-02-01T00:00:00.000Z\), got 2026-01-01T00:00:00.000Z/,
    ],
    [{ format: 'csv', layout: 'long', filter: { from: 5, to: 5 } }, 'filter.to', /must be after/],
    [{ format: 'csv', layout: 'long', filter: { variables: [] } }, 'filter.variables', /at least one/],
    [
      { format: 'csv', layout: 'long', filter: { variables: 'trimp' } },
      'filter.variables',
      /must be an array/,
    ],
    [{ format: 'csv', layout: 'long', filter: { variables: ['trimp', ''] } }, 'filter.variables', /entry 1/],
    [
      { format: 'csv', layout: 'long', filter: { athletes: ['7'] } },
      'filter.athletes',
      /entry 0 is not valid: "7"/,
    ],
    [{ format: 'csv', layout: 'long', filter: { accounts: [1] } }, 'filter.accounts', /entry 0/],
    [{ format: 'csv', layout: 'long', filter: { teams: ['t1'] } }, 'filter.teams', /teamMembers/],
    [
      { format: 'csv', layout: 'long', filter: { teams: ['t1'], teamMembers: { t2: [1] } } },
      'filter.teamMembers',
      /no entry for team "t1"/,
    ],
    [{ format: 'csv', layout: 'long', filter: 'all' }, 'filter', /must be an object/],
    [{ format: 'csv', layout: 'wide', filter: { variables: ['time_utc'] } }, 'filter.variables', /clashes/],
    [
      { format: 'csv', layout: 'summary', filter: { variables: ['account_id'] } },
      'filter.variables',
      /clashes/,
    ],
    [null, 'options', /format/],
  ])('%j → %s', async (options, option, message) => {
    const error = await optionError(options);
    expect(error.argument).toBe(option);
    expect(error.code).toBe('invalid_argument');
    expect(error.message.startsWith(`${option}: `)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(isSportsCloudError(error)).toBe(true);
  });

  it('bounds list options', async () => {
    const error = await optionError({
      format: 'csv',
      layout: 'long',
      filter: { athletes: new Array(100_001).fill(1) },
    });
    expect(error.argument).toBe('filter.athletes');
    expect(error.message).toMatch(/100001 entries; at most 100000/);
  });

  it('an item the export cannot read is a validation error naming the field', async () => {
    const bad = [smallItem(), smallItem({ startTime: 'not a time', athleteId: 1.5 })];
    const error = await exportResults(bad, new WritableStream(), { format: 'csv', layout: 'long' }).catch(
      (e) => e,
    );
    expect(error.code).toBe('validation');
    expect(error.message).toContain('items[1].athleteId: is not an integer');
    expect(error.message).toContain('items[1].startTime: is not an ISO 8601 time');
  });

  it.each([
    [{ name: 'trimp', value: '=cmd|calc' }, 'has a scalar value that is not a number'],
    [{ value: 1 }, 'has no string name'],
    [{ name: 'hr', values: [1, 2, 3] }, 'has series values that are not a typed array'],
    [{ name: 'hr', samplingRate: 1, values: new Uint8Array(1) }, 'has a samplingRate that is not a string'],
    [{ name: 'trimp', unit: 5, value: 1 }, 'has a unit that is not a string'],
    [null, 'is not an object'],
  ])('a variable the writers cannot write safely is refused: %j', async (variable, message) => {
    const item = smallItem({ variables: [variable as never] });
    const error = await exportResults([item], new WritableStream(), { format: 'csv', layout: 'long' }).catch(
      (e) => e,
    );
    expect(error.code).toBe('validation');
    expect(error.message).toContain(`items[0].variables[0]: ${message}`);
  });
});
