import { DenoKvRateLimitStore } from '@sportscloud/edge/deno';
import {
  type ContractRunner,
  type ContractTakeResult,
  type ProcessTakesJob,
  runRateLimitStoreContract,
} from '@sportscloud/test-utils';

// The rate-limit-store contract of @sportscloud/test-utils on Deno KV: one KV file, as several
// processes of a deployment share it locally, and `deno run` child processes for the cross-process case.
const kvPath = await Deno.makeTempFile({ suffix: '.kv' });
const prefix = ['contract', crypto.randomUUID()];
globalThis.addEventListener('unload', () => {
  for (const file of [kvPath, `${kvPath}-shm`, `${kvPath}-wal`]) {
    try {
      Deno.removeSync(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
});

const runner: ContractRunner = {
  describe: (_name, body) => body(),
  it: (name, fn) => Deno.test(`DenoKvRateLimitStore contract: ${name}`, fn),
  skip: (name, fn) => Deno.test({ name: `DenoKvRateLimitStore contract: ${name}`, ignore: true, fn }),
};

const open = new Map<DenoKvRateLimitStore, Deno.Kv>();

/** Runs the job in `deno run` processes, each opening the KV file itself. */
async function takeFromDenoProcesses(job: ProcessTakesJob): Promise<ContractTakeResult[][][]> {
  const script = new URL('./kv-store-process.ts', import.meta.url).pathname;
  const children = Array.from({ length: job.processes }, () =>
    new Deno.Command(Deno.execPath(), {
      args: [
        'run',
        '--no-check',
        '--allow-read',
        '--allow-write',
        '--allow-env',
        script,
        kvPath,
        JSON.stringify(prefix),
      ],
      stdin: 'piped',
      stdout: 'piped',
      stderr: 'inherit',
    }).spawn(),
  );
  const lines = children.map((child) =>
    child.stdout.pipeThrough(new TextDecoderStream())[Symbol.asyncIterator](),
  );
  let buffers = children.map(() => '');
  const nextLine = async (i: number): Promise<unknown> => {
    while (!buffers[i]!.includes('\n')) {
      const { value, done } = await lines[i]!.next();
      if (done) throw new Error(`KV store process ${i} ended without answering`);
      buffers[i] += value;
    }
    const at = buffers[i]!.indexOf('\n');
    const line = buffers[i]!.slice(0, at);
    buffers[i] = buffers[i]!.slice(at + 1);
    return JSON.parse(line);
  };
  try {
    await Promise.all(children.map((_, i) => nextLine(i)));
    const line = new TextEncoder().encode(`${JSON.stringify(job)}\n`);
    await Promise.all(
      children.map(async (child) => {
        const writer = child.stdin.getWriter();
        await writer.write(line);
        await writer.close();
      }),
    );
    const results = (await Promise.all(children.map((_, i) => nextLine(i)))) as ContractTakeResult[][][];
    await Promise.all(children.map((child) => child.status));
    return results;
  } finally {
    buffers = [];
    for (const child of children) {
      try {
        child.kill();
      } catch {
        // already exited
      }
    }
  }
}

runRateLimitStoreContract(
  runner,
  async () => {
    const kv = await Deno.openKv(kvPath);
    const store = new DenoKvRateLimitStore(kv, { prefix });
    open.set(store, kv);
    return store;
  },
  {
    dispose: (store) => {
      open.get(store as DenoKvRateLimitStore)?.close();
      open.delete(store as DenoKvRateLimitStore);
    },
    processes: takeFromDenoProcesses,
    loseState: {
      skip: 'Deno KV keeps its data (a local SQLite file, or Deno Deploy’s replicated database): no restart loses it',
    },
  },
);
