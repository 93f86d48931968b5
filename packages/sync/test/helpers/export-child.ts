/**
 * An export in its own process, for the memory test: the real samples replayed as items (each copy a new
 * measurement a day later) into a sink that counts and drops the bytes. Input (env EXPORT_CHILD):
 * { format, rowGroupSize?, marks: output sizes in bytes }. At each mark it forces a GC and records the
 * live heap and the peak RSS so far (the kernel's VmHWM, reset when the export starts); it stops after
 * the last mark. Output: one JSON line. Needs --expose-gc.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type ExportFormat, type ExportItem, exportResults } from '../../src';
import { realSampleItems } from '../export/support';

const input = JSON.parse(process.env.EXPORT_CHILD ?? '{}') as {
  format: ExportFormat;
  rowGroupSize?: number;
  marks: number[];
};
const gc = (globalThis as { gc?: () => void }).gc!;
const MiB = 2 ** 20;
const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

const samples = await realSampleItems();
async function* replay(stop: () => boolean): AsyncGenerator<ExportItem> {
  for (let round = 0; !stop(); round++) {
    for (const item of samples) {
      yield {
        ...item,
        measurementId: item.measurementId! + round * 10,
        startTime: new Date(Date.parse(item.startTime) + round * 86_400_000).toISOString(),
      };
    }
  }
}

gc();
const rssBefore = process.memoryUsage.rss();
const heapBefore = process.memoryUsage().heapUsed;
writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM: the peak is the export's own
let bytes = 0;
const marks: Array<{ bytes: number; heapGrowthMiB: number; peakRssGrowthMiB: number }> = [];
const sink = new WritableStream<Uint8Array>({
  write(chunk) {
    bytes += chunk.byteLength;
    if (marks.length < input.marks.length && bytes >= input.marks[marks.length]!) {
      gc();
      marks.push({
        bytes,
        heapGrowthMiB: (process.memoryUsage().heapUsed - heapBefore) / MiB,
        peakRssGrowthMiB: (Math.max(peakRss(), process.memoryUsage.rss()) - rssBefore) / MiB,
      });
    }
  },
});
await exportResults(
  replay(() => marks.length === input.marks.length),
  sink,
  {
    format: input.format,
    layout: 'long',
    ...(input.rowGroupSize ? { rowGroupSize: input.rowGroupSize } : {}),
  },
);
process.stdout.write(`${JSON.stringify({ format: input.format, rssBeforeMiB: rssBefore / MiB, marks })}\n`);
