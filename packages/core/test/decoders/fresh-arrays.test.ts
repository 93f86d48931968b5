import { describe, expect, it } from 'vitest';
import { decodeResults } from '../../src';
import { encodeSeries } from './helpers';

describe('decodeResults', () => {
  it('gives every call its own arrays: a caller mutating one result never changes another', async () => {
    const body = {
      athleteId: 1,
      measurementId: 2,
      variables: [
        {
          name: 'hr',
          samplingRate: '1Hz',
          type: 'Unsigned',
          bits: 8,
          value: await encodeSeries([1, 2, 3], 'Unsigned', 8),
        },
      ],
    };
    const a = await decodeResults(body);
    const b = await decodeResults(body);
    const [va] = a.variables as { values: Uint8Array }[];
    const [vb] = b.variables as { values: Uint8Array }[];
    expect(va!.values).not.toBe(vb!.values);
    va!.values[0] = 99;
    expect(Array.from(vb!.values)).toEqual([1, 2, 3]);
  });
});
