import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Decoded,
  type DecodedVariable,
  decodeResults,
  isRawTimeSeries,
  isTimeSeries,
  type RawVariable,
  type ScalarVariable,
  type TimeSeriesVariable,
} from '../../src';
import { decodeResultsMaybeSync } from '../../src/decoders/results';
import { encodeSeries, rejection } from './helpers';

describe('decodeResults', () => {
  it('decodes a measurement results body and keeps every other field', async () => {
    const hr = await encodeSeries([75, 75, 73], 'Unsigned', 8);
    const payload = {
      athleteId: 416370,
      measurementId: 14035301,
      startTime: '2025-07-27T14:51:59Z',
      futureField: { nested: [1, 2] },
      variables: [
        { name: 'acwr', value: 0.79 },
        { name: 'heartRateAverage', unit: 'min⁻¹', value: 118 },
        {
          name: 'heartRateSeries',
          unit: 'min⁻¹',
          samplingRate: '0.2Hz',
          type: 'Unsigned',
          bits: 8,
          value: hr,
        },
        { name: 'rri', type: 'Unsigned', bits: 16, value: [780, 788] },
      ],
    };
    const snapshot = structuredClone(payload);
    const out = await decodeResults(payload);
    expect(payload).toEqual(snapshot); // input untouched
    expect(out).toEqual({
      athleteId: 416370,
      measurementId: 14035301,
      startTime: '2025-07-27T14:51:59Z',
      futureField: { nested: [1, 2] },
      variables: [
        { name: 'acwr', value: 0.79 },
        { name: 'heartRateAverage', unit: 'min⁻¹', value: 118 },
        {
          name: 'heartRateSeries',
          unit: 'min⁻¹',
          samplingRate: '0.2Hz',
          type: 'Unsigned',
          bits: 8,
          values: new Uint8Array([75, 75, 73]),
        },
        { name: 'rri', type: 'Unsigned', bits: 16, values: new Uint16Array([780, 788]) },
      ],
    });
    expect(Object.keys(out.variables[0]!)).toEqual(['name', 'value']);
    expect(out.futureField).toBe(payload.futureField);
  });

  it('decodes session results: variables inside every measurements[] item', async () => {
    const epoc = await encodeSeries([0.5, 1.5], 'Float', 64);
    const payload = {
      sessionId: 9,
      measurements: [
        { athleteId: 1, variables: [{ name: 'epocSeries', type: 'Float', bits: 64, value: epoc }] },
        { athleteId: 2, variables: [{ name: 'trimp', value: 3 }] },
        { athleteId: 3 },
      ],
    };
    const out = await decodeResults(payload);
    expect(out.sessionId).toBe(9);
    expect(out.measurements[0]!.variables).toEqual([
      { name: 'epocSeries', type: 'Float', bits: 64, values: new Float64Array([0.5, 1.5]) },
    ]);
    expect(out.measurements[1]).toEqual({ athleteId: 2, variables: [{ name: 'trimp', value: 3 }] });
    expect(out.measurements[2]).toEqual({ athleteId: 3 });
    expect(payload.measurements[0]?.variables?.[0]?.value).toBe(epoc);
  });

  it('decodes a list-format series without type/bits as Float/64', async () => {
    const out = await decodeResults({
      variables: [{ name: 'hr', unit: 'bpm', samplingRate: '1Hz', value: [70, 71.5] }],
    });
    expect(out.variables).toEqual([
      {
        name: 'hr',
        unit: 'bpm',
        samplingRate: '1Hz',
        type: 'Float',
        bits: 64,
        values: new Float64Array([70, 71.5]),
      },
    ]);
  });

  it('accepts a body with neither variables nor measurements, and empty lists', async () => {
    expect(await decodeResults({ athleteId: 1 })).toEqual({ athleteId: 1 });
    expect(await decodeResults({ variables: [], measurements: [] })).toEqual({
      variables: [],
      measurements: [],
    });
  });

  it('rejects bodies of the wrong shape', async () => {
    for (const body of [null, 42, 'x', [1]]) {
      expect((await rejection(decodeResults(body))).message).toMatch(/must be a JSON object/);
    }
    expect((await rejection(decodeResults({ variables: {} }))).message).toBe('variables must be an array');
    expect((await rejection(decodeResults({ measurements: 'x' }))).message).toBe(
      'measurements must be an array',
    );
    for (const item of [null, 'x', [{ variables: [] }]]) {
      expect((await rejection(decodeResults({ measurements: [item] }))).message).toBe(
        'measurements[0] must be an object',
      );
    }
    expect((await rejection(decodeResults({ measurements: [{ variables: 1 }] }))).message).toBe(
      'measurements[0].variables must be an array',
    );
  });

  it('rejects bad variables with their name', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'trimp', value: '12' }, /^trimp: looks like a binary time series but has no type\/bits/],
      [{ name: 'hr', value: [1, 'x'] }, /^hr: value\[1\] = "x" is not a number/],
      [{ name: 'trimp', value: null }, /^trimp: scalar value must be a number, got null/],
      [{ name: 'trimp' }, /^trimp: scalar value must be a number, got nothing/],
      [{ name: 'hr', bits: 8, value: 'eJwDAAAAAAE=' }, /^hr: unknown time-series type/],
      [{ value: 1 }, /^variable without a string name/],
      [7, /^variable without a string name: 7/],
    ];
    for (const [variable, message] of cases) {
      const error = await rejection(decodeResults({ variables: [variable] }));
      expect(error.message).toMatch(message);
    }
    const error = await rejection(decodeResults({ variables: [{ name: 'trimp', value: '12' }] }));
    expect(error.variable).toBe('trimp');
  });

  it('reports the first failing series and leaves no unhandled rejection behind', async () => {
    const good = await encodeSeries([1, 2, 3], 'Float', 64);
    const variables = [
      { name: 'a', type: 'Float', bits: 64, value: good },
      { name: 'broken', type: 'Float', bits: 64, value: 'AAAAAAAA' },
      { name: 'c', type: 'Float', bits: 64, value: good },
      { name: 'late', value: 'not a number' },
    ];
    const error = await rejection(decodeResults({ variables }));
    expect(['broken', 'late']).toContain(error.variable);
    const series = await rejection(decodeResults({ variables: variables.slice(0, 3) }));
    expect(series.variable).toBe('broken');
    expect(series.message).toMatch(/^broken: invalid zlib stream/);
  });

  it('decodes synchronously when no series needs the asynchronous kernel (the speed benchmark relies on it)', () => {
    const out = decodeResultsMaybeSync({
      variables: [
        { name: 'score', value: 3 },
        { name: 'list', type: 'Float', bits: 64, value: [1, 2] },
      ],
    });
    expect(out).not.toBeInstanceOf(Promise);
    expect((out as { variables: unknown[] }).variables).toHaveLength(2);
  });

  it('type guards', async () => {
    const out = await decodeResults({
      variables: [{ name: 's', value: 1 } as RawVariable, { name: 't', type: 'Float', bits: 64, value: [1] }],
    });
    const [scalar, series] = out.variables as [DecodedVariable, DecodedVariable];
    expect(isTimeSeries(scalar)).toBe(false);
    expect(isTimeSeries(series)).toBe(true);
    expect(isRawTimeSeries({ name: 's', value: 1 })).toBe(false);
    expect(isRawTimeSeries({ name: 't', type: 'Float', bits: 64, value: '' })).toBe(true);
    expect(isRawTimeSeries({ name: 't', type: 'Float', value: '' } as RawVariable)).toBe(true);
    expect(isRawTimeSeries({ name: 't', bits: 64, value: [1] } as unknown as RawVariable)).toBe(true);
    expect(isRawTimeSeries({ name: 't', value: [1] } as unknown as RawVariable)).toBe(false);
    // A number value is a scalar even with a `type` (e.g. "score").
    expect(isRawTimeSeries({ name: 's', type: 'score', value: 1 } as unknown as RawVariable)).toBe(false);
    expect(isRawTimeSeries({ name: 't', unit: 'ms', value: 'AAAA' } as RawVariable)).toBe(false);
  });

  it('has useful types', () => {
    interface Body {
      athleteId: number;
      variables: RawVariable[];
    }
    interface SessionBody {
      sessionId: number;
      measurements?: { athleteId: number; variables?: RawVariable[] }[];
    }
    expectTypeOf<Decoded<Body>>().toEqualTypeOf<{ athleteId: number; variables: DecodedVariable[] }>();
    expectTypeOf<Decoded<SessionBody>>().toEqualTypeOf<{
      sessionId: number;
      measurements?: { athleteId: number; variables?: DecodedVariable[] }[];
    }>();
    expectTypeOf(decodeResults<Body>).returns.resolves.toEqualTypeOf<Decoded<Body>>();
    expectTypeOf<TimeSeriesVariable<Float64Array>>().toMatchTypeOf<{
      type: 'Float';
      bits: 64;
      values: Float64Array;
    }>();
    expectTypeOf<TimeSeriesVariable<Float64Array>['bits']>().toEqualTypeOf<64>();
    expectTypeOf<TimeSeriesVariable<Uint8Array>['type']>().toEqualTypeOf<'Unsigned'>();
    const narrow = (v: DecodedVariable) => {
      if ('values' in v && v.type === 'Float' && v.bits === 32)
        expectTypeOf(v.values).toEqualTypeOf<Float32Array>();
      if (!('values' in v)) expectTypeOf(v).toEqualTypeOf<ScalarVariable>();
    };
    expect(typeof narrow).toBe('function');
  });
});
