// Decode benchmark: `pnpm bench:decode` (after `tsdown` has built dist/).
//
// For each real sample (reference-data/real-samples) and a synthetic ~5 MB results
// payload, it compares
//   (a) decodeResults(parsed JSON) from the built package, with
//   (b) the raw limit: Buffer.from(base64) + zlib.inflateSync of the same series blobs, nothing else.
// Method: warm up, calibrate a batch to >= 20 ms, then run 25 rounds of one (a) batch and one (b) batch
// (interleaved so drift hits both) and report the median time per call. One JSON line per case.
// Where python3 with NumPy is installed, bench/numpy-decode.py times NumPy's array decode of each real
// sample in the same run (same method), and each line also gets `numpyMedianUs` and `vsNumpy`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { decodeResults } from '../dist/index.mjs';

const BATCHES = 25;
const MIN_BATCH_MS = 20;
const METHOD = `in-process; warm-up, batch calibrated to >=${MIN_BATCH_MS} ms, ${BATCHES} interleaved batches; median per call`;
const SAMPLES = new URL('../../../reference-data/real-samples/', import.meta.url);

const isSeries = (v) => 'type' in v || 'bits' in v;

function seriesOf(body) {
  const lists = body.results
    ? body.results.map((r) => r.variables ?? [])
    : [body.variables ?? [], ...(body.measurements ?? []).map((m) => m.variables ?? [])];
  return lists.flat();
}

/** ~5 MB `{"results":[...]}` of 69 measurement results; every series shifted and re-deflated, so all new. */
function syntheticPayload(samples) {
  const results = [];
  for (let i = 0; i < 69; i++) {
    const source = samples[i % samples.length].parsed;
    const copy = structuredClone(source);
    copy.measurementId = 90_000_000 + i;
    copy.athleteId = 80_000_000 + i;
    for (const v of copy.variables) {
      if (!isSeries(v)) continue;
      const raw = inflateSync(Buffer.from(v.value, 'base64'));
      const size = Number(v.bits) / 8;
      const count = raw.length / size;
      const shift = count > 1 ? ((i * 7919) % (count - 1)) + 1 : 0;
      const shifted = Buffer.concat([raw.subarray(shift * size), raw.subarray(0, shift * size)]);
      v.value = deflateSync(shifted).toString('base64');
    }
    results.push(copy);
  }
  return { results };
}

async function timeBatch(fn, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return performance.now() - start;
}

async function calibrate(fn) {
  for (let i = 0; i < 5; i++) await fn(); // warm up
  let iterations = 1;
  for (;;) {
    const ms = await timeBatch(fn, iterations);
    if (ms >= MIN_BATCH_MS) return iterations;
    iterations = Math.max(iterations * 2, Math.ceil((iterations * MIN_BATCH_MS * 1.2) / Math.max(ms, 0.01)));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function runCase(name, text) {
  const parsed = JSON.parse(text);
  const blobs = seriesOf(parsed)
    .filter(isSeries)
    .map((v) => v.value);
  const variables = seriesOf(parsed).length;
  const decode = parsed.results
    ? () => Promise.all(parsed.results.map((r) => decodeResults(r)))
    : () => decodeResults(parsed);
  let sink = 0;
  const raw = () => {
    for (const b of blobs) sink += inflateSync(Buffer.from(b, 'base64')).length;
  };
  const nDecode = await calibrate(decode);
  const nRaw = await calibrate(raw);
  const decodeUs = [];
  const rawUs = [];
  for (let b = 0; b < BATCHES; b++) {
    decodeUs.push(((await timeBatch(decode, nDecode)) * 1000) / nDecode);
    rawUs.push(((await timeBatch(raw, nRaw)) * 1000) / nRaw);
  }
  const decodeMedianUs = median(decodeUs);
  const rawLimitMedianUs = median(rawUs);
  if (sink < 0) console.error(sink);
  return {
    case: name,
    bytes: Buffer.byteLength(text),
    variables,
    decodeMedianUs: Math.round(decodeMedianUs * 10) / 10,
    rawLimitMedianUs: Math.round(rawLimitMedianUs * 10) / 10,
    ratio: Math.round((decodeMedianUs / rawLimitMedianUs) * 1000) / 1000,
    batches: BATCHES,
    method: METHOD,
  };
}

const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const text = readFileSync(new URL(file, SAMPLES), 'utf8');
    return { file, text, parsed: JSON.parse(text) };
  });

/** NumPy's figure per sample, or an empty map (with a note on stderr) where python3/NumPy is missing. */
function numpyFigures() {
  const script = fileURLToPath(new URL('./numpy-decode.py', import.meta.url));
  const run = spawnSync('python3', [script, fileURLToPath(SAMPLES)], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`numpy reference skipped: ${run.error?.message ?? run.stderr.trim().split('\n').at(-1)}`);
    return new Map();
  }
  return new Map(
    run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .map((row) => [row.case, row.numpyMedianUs]),
  );
}

const numpy = numpyFigures();
for (const { file, text } of samples) {
  const row = await runCase(file.replace(/\.json$/, ''), text);
  const numpyUs = numpy.get(row.case);
  if (numpyUs !== undefined) {
    row.numpyMedianUs = numpyUs;
    row.vsNumpy = Math.round((row.decodeMedianUs / numpyUs) * 1000) / 1000;
  }
  console.log(JSON.stringify(row));
}
const synthetic = JSON.stringify(syntheticPayload(samples));
console.log(JSON.stringify(await runCase('synthetic-5MB-unique', synthetic)));
