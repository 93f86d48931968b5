// Point 23 of issue 7: decoding is bounded by base64 + inflate, not by per-variable overhead. Compared in the
// same process against the "raw limit" (Buffer.from(base64) + zlib.inflateSync per series, nothing else),
// in adjacent pairs, so machine load hits both sides alike. Figures for the record: `pnpm bench:decode`.
import { readdirSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeResultsMaybeSync } from '../../src/decoders/results';

const SAMPLES = new URL('../../../../reference-data/real-samples/', import.meta.url);

function timeBatch(fn: () => void, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return performance.now() - start;
}

describe('decode speed against the raw base64 + inflate limit', () => {
  // Sample 03 (17 short series) is where per-series overhead shows. The other samples are left to
  // `bench:decode`: under `vitest --coverage` and parallel test files their JS side (61 scalars in 04) is
  // instrumented and contended while the native raw limit is not, so a bound here would measure the harness.
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('_03.json'));

  it.each(files)('%s (17 short series) decodes faster than base64 + inflateSync per series', (file) => {
    const body = JSON.parse(readFileSync(new URL(file, SAMPLES), 'utf8')) as {
      variables: { value: unknown; bits?: unknown }[];
    };
    const blobs = body.variables.filter((v) => 'bits' in v).map((v) => v.value as string);
    let sink = 0;
    const raw = () => {
      for (const blob of blobs) sink += inflateSync(Buffer.from(blob, 'base64')).length;
    };
    const decode = () => {
      sink += (decodeResultsMaybeSync(body) as { variables: unknown[] }).variables.length;
    };
    // Warm up both, then time them in adjacent pairs of short batches: contention from parallel test files
    // hits both halves of a pair alike, and the median of the pair ratios ignores the pairs it did not.
    for (let i = 0; i < 50; i++) {
      raw();
      decode();
    }
    const start = performance.now();
    decode();
    const perBatch = Math.max(3, Math.round(3 / Math.max(0.001, performance.now() - start)));
    const ratios: number[] = [];
    for (let pair = 0; pair < 41; pair++) {
      const first = pair % 2 === 0 ? decode : raw;
      const second = first === decode ? raw : decode;
      const a = timeBatch(first, perBatch);
      const b = timeBatch(second, perBatch);
      ratios.push(first === decode ? a / b : b / a);
    }
    ratios.sort((x, y) => x - y);
    const ratio = ratios[20]!;
    console.log(JSON.stringify({ sample: file, ratio: Math.round(ratio * 1000) / 1000 }));
    expect(sink).toBeGreaterThan(0);
    // Before the native inflate handle was reused this was 1.35-1.47 here (1.4 in issue 7); now 0.69-0.74
    // under coverage and ~0.5 in `bench:decode`, where every sample's 1.2x target is checked.
    expect(files).toHaveLength(1);
    expect(ratio).toBeLessThanOrEqual(1.0);
  });
});
