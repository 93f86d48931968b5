// Point 23 of issue 7: decoding is bounded by base64 + inflate, not by per-variable overhead. Compared in the
// same process against the "raw limit" (Buffer.from(base64) + zlib.inflateSync per series, nothing else),
// so machine load hits both sides alike. Figures for the record come from `pnpm bench:decode`.
import { readdirSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeResultsMaybeSync } from '../../src/decoders/results';

const SAMPLES = new URL('../../../../reference-data/real-samples/', import.meta.url);

function medianPerCall(fn: () => void, rounds: number, perRound: number): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) fn();
    times.push((performance.now() - start) / perRound);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

describe('decode speed against the raw base64 + inflate limit', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));

  it.each(files)('%s decodes within the raw limit (03) or near it (the others)', (file) => {
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
    // Warm up both, then interleave rounds so drift hits both alike.
    for (let i = 0; i < 50; i++) {
      raw();
      decode();
    }
    // About 10 ms per round on an idle machine.
    const start = performance.now();
    decode();
    const perRound = Math.max(3, Math.round(10 / Math.max(0.001, performance.now() - start)));
    const ratios: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const decodeMs = medianPerCall(decode, 5, perRound);
      const rawMs = medianPerCall(raw, 5, perRound);
      ratios.push(decodeMs / rawMs);
    }
    ratios.sort((a, b) => a - b);
    const ratio = ratios[1]!;
    console.log(JSON.stringify({ sample: file, ratio: Math.round(ratio * 1000) / 1000 }));
    expect(sink).toBeGreaterThan(0);
    // Issue 7 measured sample 03 (17 short series) at 1.4x before the native inflate handle was reused; now
    // it beats the raw limit (~0.5x). The target for every sample is 1.2x in `bench:decode`; here the bound
    // is looser because `vitest --coverage` instruments our JS side but not the native raw limit.
    expect(ratio).toBeLessThanOrEqual(file.includes('_03') ? 1.0 : 1.4);
  });
});
