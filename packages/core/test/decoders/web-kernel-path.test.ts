// The Web kernel decodes binary series asynchronously. The edge project runs every decoder test on it;
// this file runs the asynchronous path on Node too (the kernel swapped in by a module mock), so the
// node project (and the mutation run, which is node only) checks it as well.
import { describe, expect, it, vi } from 'vitest';
import { KERNEL } from '#kernel';
import { decodeResults, decodeTimeSeries } from '../../src';
import { encodeSeries, rejection } from './helpers';

vi.mock('#kernel', () => import('../../src/decoders/kernel.web'));

describe('decoding through the asynchronous (Web) kernel', () => {
  it('runs on the web kernel', () => {
    expect(KERNEL).toBe('web');
  });

  it('decodes a binary series and names the variable of a corrupt one', async () => {
    const value = await encodeSeries([1, -2, 300], 'Signed', 16);
    const pending = decodeTimeSeries({ name: 'hr', unit: 'min⁻¹', type: 'Signed', bits: 16, value });
    const out = await pending;
    expect(out).toMatchObject({ name: 'hr', unit: 'min⁻¹', type: 'Signed', bits: 16 });
    expect(Array.from(out.values as Int16Array)).toEqual([1, -2, 300]);
    const error = await rejection(decodeTimeSeries({ name: 'bad', type: 'Signed', bits: 16, value: 'AAAA' }));
    expect(error.variable).toBe('bad');
    expect(error.message).toMatch(/^bad: /);
  });

  it('fills every series of a results body in place, top level and per measurement', async () => {
    const a = await encodeSeries([7, 8], 'Unsigned', 8);
    const b = await encodeSeries([9], 'Unsigned', 8);
    const out = await decodeResults({
      variables: [
        { name: 'a', type: 'Unsigned', bits: 8, value: a },
        { name: 'score', value: 3 },
      ],
      measurements: [{ variables: [{ name: 'b', type: 'Unsigned', bits: 8, value: b }] }],
    });
    const [first, score] = out.variables;
    expect(Array.from((first as { values: Uint8Array }).values)).toEqual([7, 8]);
    expect(score).toEqual({ name: 'score', value: 3 });
    const nested = out.measurements[0]!.variables[0] as { values: Uint8Array };
    expect(Array.from(nested.values)).toEqual([9]);
  });
});
