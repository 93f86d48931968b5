import { expect, it } from 'vitest';
import { alignTraces } from '../src/charts/align';

it('puts traces with different starts on one grid, with gaps before, after and where HR is 0', () => {
  const { x, ys, points } = alignTraces([
    { label: 'a', startMs: 10_000, periodMs: 1000, values: [100, 101, 0, 103] },
    { label: 'b', startMs: 12_400, periodMs: 1000, values: new Uint8Array([90, 91, 92]) },
  ]);
  expect(Array.from(x)).toEqual([10, 11, 12, 13, 14]);
  expect(ys[0]).toEqual([100, 101, null, 103, null]);
  // 12.4 s lands in the nearest slot, 12 s (at most half a period off).
  expect(ys[1]).toEqual([null, null, 90, 91, 92]);
  expect(points).toBe(6);
  expect(alignTraces([]).points).toBe(0);
});
