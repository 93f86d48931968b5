// One process of a Deno deployment for the contract's cross-process case: its own KV connection on
// the shared file. Protocol (stdin/stdout, one JSON line each): → 'ready', job ←, → results.
import { DenoKvRateLimitStore } from '@sportscloud/edge/deno';
import { type ProcessTakesJob, takeForJob } from '@sportscloud/test-utils';

const [path, prefix] = Deno.args;
const kv = await Deno.openKv(path!);
const store = new DenoKvRateLimitStore(kv, { prefix: JSON.parse(prefix!) });
console.log('"ready"');
let input = '';
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  input += chunk;
  if (input.includes('\n')) break;
}
const job = JSON.parse(input) as ProcessTakesJob;
console.log(JSON.stringify(await takeForJob(store, job)));
kv.close();
