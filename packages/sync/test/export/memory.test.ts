import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * "Exporting 1 GB keeps RSS growth ≤ 200 MB" without exporting 1 GB in CI: each format exports in a fresh
 * process, and memory is read at a small and at a three times larger output. A bounded export holds the
 * same live heap at both (what it keeps does not grow with the output), and its peak RSS stays far below
 * 200 MB. `npm run bench:export` measures the 1 GB exports themselves (figures in the README).
 *
 * Parquet is the format that keeps something per row group (its footer): 2,000-row groups make ten times
 * as many as the default for the CPU time, so that even a few hundred bytes kept per group would show.
 */

const CHILD = fileURLToPath(new URL('../helpers/export-child.ts', import.meta.url));
const MB = 1e6;

interface Mark {
  bytes: number;
  heapGrowthMiB: number;
  peakRssGrowthMiB: number;
}

function exportInChild(input: { format: string; rowGroupSize?: number; marks: number[] }) {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--conditions=@sportscloud/source', '--import', 'tsx', CHILD],
    { env: { ...process.env, EXPORT_CHILD: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise<{ marks: Mark[] }>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!));
      else reject(new Error(`export child exited with ${code}: ${err}`));
    });
  });
}

describe('memory stays flat as the export grows', () => {
  it.each([
    { format: 'csv', marks: [100 * MB, 300 * MB] },
    { format: 'ndjson', marks: [100 * MB, 300 * MB] },
    { format: 'parquet', rowGroupSize: 2_000, marks: [3 * MB, 9 * MB] },
  ])(
    '$format: the same live heap at 3× the output, peak RSS growth far below 200 MB',
    async (input) => {
      const { marks } = await exportInChild(input);
      const [small, large] = marks as [Mark, Mark];
      console.log(JSON.stringify({ format: input.format, small, large }));
      expect(large.bytes).toBeGreaterThanOrEqual(3 * small.bytes * 0.99);
      // Live heap after a full GC: what the export keeps. Growing with the output would be a leak.
      expect(large.heapGrowthMiB - small.heapGrowthMiB).toBeLessThan(2);
      expect(large.peakRssGrowthMiB).toBeLessThan(150);
    },
    180_000,
  );
});
