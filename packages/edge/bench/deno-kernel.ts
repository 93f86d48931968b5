// Which decode kernel is faster in Deno: core's node:zlib kernel (what Deno resolves `#kernel` to
// through the `node` condition) or its Web kernel (DecompressionStream)? Run through
// bench/deno-kernel.mjs. Method: the four real samples' series, decodeSeriesBlob per series,
// sequentially (as decodeResults does per body); a batch calibrated to ≥ 20 ms, 25 batches, median
// per sample file. Prints JSON lines.
import * as node from '../../core/dist/kernel.node.mjs';
import * as web from '../../core/dist/kernel.web.mjs';

type Series = { value: string; type: 'Float' | 'Signed' | 'Unsigned'; bits: 8 | 16 | 32 | 64 };
const samples = new URL('../../../reference-data/real-samples/', import.meta.url);

type Kernel = { decodeSeriesBlob(base64: string, type: Series['type'], bits: Series['bits']): unknown };

async function decodeAll(kernel: Kernel, series: Series[]): Promise<number> {
  let n = 0;
  for (const s of series)
    n += ((await kernel.decodeSeriesBlob(s.value, s.type, s.bits)) as { length: number }).length;
  return n;
}

async function median(kernel: Kernel, series: Series[]): Promise<number> {
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await decodeAll(kernel, series);
    if (performance.now() - t0 >= 20) break;
    batch *= 2;
  }
  const times: number[] = [];
  for (let r = 0; r < 25; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await decodeAll(kernel, series);
    times.push(((performance.now() - t0) / batch) * 1000);
  }
  return times.sort((a, b) => a - b)[12]!;
}

for (const file of [1, 2, 3, 4].map((i) => `sample_api_response_0${i}.json`)) {
  const body = JSON.parse(await Deno.readTextFile(new URL(file, samples)));
  const series = (body.variables as Series[]).filter((v) => typeof v.value === 'string' && v.type);
  const same = (await decodeAll(node, series)) === (await decodeAll(web, series));
  const nodeUs = await median(node, series);
  const webUs = await median(web, series);
  console.log(
    JSON.stringify({
      runtime: `deno ${Deno.version.deno}`,
      sample: file,
      series: series.length,
      nodeZlibKernelUs: Math.round(nodeUs),
      webKernelUs: Math.round(webUs),
      webOverNode: Number((webUs / nodeUs).toFixed(2)),
      sameLengths: same,
    }),
  );
}
